"""Coverage: how long since each current fire and rescue authority last had a challenge, as
the committee asks (historically an authority came back once every three years), drawn on
England's tile map (tile_map.py) and listed.

An authority's last challenge is the latest last day on site of its delivered challenges
(DELIVERED_STATUSES) on or before the period's `as_of` day; years since are the whole years
from that day to `as_of`, so a challenge exactly three years before is "3 years or more ago".
Only the authority's own challenges count: a merged authority does not inherit its
predecessors'.

Figures: `authorities` (current authorities counted), `challenged_within_three_years`,
`not_challenged_three_years` (their names, longest first), `tiles` (one per authority the map
places: name, short_name, abbreviation, col, row, band, band_label, years_since,
last_challenge; col and row on the grid of the tiles shown, so a region's map is cut to its
own authorities), `grid` ({"columns", "rows"} of that grid) and `without_tile` (names of the
authorities the map does not place, for the page to list below it).

One query: the latest day per authority is found in the database; the bands are worked out
here over the forty-odd authorities."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from authorities.choices import AuthorityStatus, Region
from authorities.models import Authority
from challenges.choices import DELIVERED_STATUSES
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.insight.tile_map import tile_for
from peersupport.formats import long_date

# The bands of years since the last challenge, in the order the table and the map's key give them.
BANDS = (
    ("within_one_year", "Within the last year"),
    ("one_to_two", "1 to 2 years ago"),
    ("two_to_three", "2 to 3 years ago"),
    ("three_or_more", "3 years or more ago"),
    ("never", "No challenge on record"),
)
BAND_LABELS = dict(BANDS)
# An authority has come back within the programme's usual three years.
WITHIN_THREE_YEARS = ("within_one_year", "one_to_two", "two_to_three")
NOT_WITHIN_THREE_YEARS = ("three_or_more", "never")

AUTHORITY_COLUMNS = [
    Column("authority", "Authority"),
    Column("region", "Region"),
    Column("last_challenge", "Last day on site of the last challenge"),
    Column("years_since", "Whole years since", numeric=True),
    Column("band", "Years since the last challenge"),
]


def band_of(years_since: int | None) -> str:
    """The band of a number of whole years since the last challenge (None: never)."""
    if years_since is None:
        return "never"
    return ("within_one_year", "one_to_two", "two_to_three")[years_since] if years_since < 3 else "three_or_more"


def coverage_section(period, *, today) -> Section:
    """The coverage section for the period (see the module's docstring), taken on
    `period.as_of(today)`, in one query."""
    as_of = period.as_of(today)
    authorities = _authorities_with_last_challenge(period, as_of=as_of)
    where = f"in {period.region_label}" if period.region else "in England"
    by_band = {band: [authority for authority in authorities if authority["band"] == band] for band, _ in BANDS}

    not_within = sorted(
        (authority for authority in authorities if authority["band"] in NOT_WITHIN_THREE_YEARS),
        # Never first, then the longest ago.
        key=lambda authority: (authority["last_challenge"] or datetime.date.min, authority["name"]),
    )
    placed = [(authority, tile_for(authority["ons_code"])) for authority in authorities]
    tiles, grid = _tiles([(authority, tile) for authority, tile in placed if tile is not None])
    return Section(
        slug="coverage",
        title="Coverage",
        tables=[
            Table(
                slug="years-since-last-challenge",
                title="Authorities by years since their last challenge",
                columns=[Column("band", "Years since the last challenge"), Column("authorities", "Authorities", numeric=True)],
                rows=[{"band": label, "authorities": len(by_band[band])} for band, label in BANDS],
                description=(
                    f"Current fire and rescue authorities {where}, by the whole years from the last day on site of "
                    f"their latest delivered challenge to {long_date(as_of)}."
                ),
                chart=Chart(label="band", values=("authorities",)),
                empty="No current authorities.",
            ),
            Table(
                slug="coverage-by-authority",
                title="Years since each authority's last challenge",
                columns=AUTHORITY_COLUMNS,
                rows=[_row(authority) for authority in authorities],
                description=(
                    f"Each current fire and rescue authority {where}, by name, with the last day on site of its "
                    f"latest delivered challenge on or before {long_date(as_of)} and the whole years since."
                ),
                empty="No current authorities.",
            ),
            Table(
                slug="not-challenged-three-years",
                title="Authorities not challenged for three years or more",
                columns=AUTHORITY_COLUMNS,
                rows=[_row(authority) for authority in not_within],
                description=(
                    f"Current fire and rescue authorities {where} whose latest delivered challenge ended three years "
                    f"or more before {long_date(as_of)}, or that have none on record: those with none first, "
                    "then the longest ago."
                ),
                empty="Every authority has had a challenge in the last three years.",
            ),
        ],
        figures={
            "authorities": len(authorities),
            "challenged_within_three_years": sum(len(by_band[band]) for band in WITHIN_THREE_YEARS),
            "not_challenged_three_years": [authority["name"] for authority in not_within],
            "tiles": tiles,
            "grid": grid,
            "without_tile": [authority["name"] for authority, tile in placed if tile is None],
        },
    )


def _authorities_with_last_challenge(period, *, as_of) -> list[dict]:
    """The period's current authorities, by name, each with `last_challenge` (None if none),
    `years_since` and `band`."""
    authorities = Authority.objects.filter(status=AuthorityStatus.CURRENT)
    if period.region:
        authorities = authorities.filter(region=period.region)
    # A challenge's last day is its second phase's end if it had one (always after the first's).
    ended_by_then = Q(challenges__second_end_date__lte=as_of) | Q(
        challenges__second_end_date__isnull=True, challenges__end_date__lte=as_of
    )
    rows = authorities.annotate(
        last_challenge=Max(
            Coalesce("challenges__second_end_date", "challenges__end_date"),
            filter=Q(challenges__status__in=DELIVERED_STATUSES) & ended_by_then,
        )
    ).values("name", "short_name", "ons_code", "region", "last_challenge")
    authorities = []
    for row in rows:
        years_since = relativedelta(as_of, row["last_challenge"]).years if row["last_challenge"] else None
        authorities.append({**row, "years_since": years_since, "band": band_of(years_since)})
    # Sorted here, not by the database, so that both engines' collations give one order.
    return sorted(authorities, key=lambda authority: authority["name"])


def _row(authority) -> dict:
    return {
        "authority": authority["name"],
        "region": Region(authority["region"]).label,
        "last_challenge": authority["last_challenge"],
        "years_since": authority["years_since"],
        "band": BAND_LABELS[authority["band"]],
    }


def _tiles(placed) -> tuple[list[dict], dict]:
    """The tiles of the placed authorities, north to south and west to east, on the smallest
    grid that holds them (England's whole map when every authority is shown)."""
    if not placed:
        return [], {"columns": 0, "rows": 0}
    first_col = min(tile.col for _, tile in placed)
    first_row = min(tile.row for _, tile in placed)
    tiles = [
        {
            "name": authority["name"],
            "short_name": authority["short_name"],
            "abbreviation": tile.abbreviation,
            "col": tile.col - first_col,
            "row": tile.row - first_row,
            "band": authority["band"],
            "band_label": BAND_LABELS[authority["band"]],
            "years_since": authority["years_since"],
            "last_challenge": authority["last_challenge"],
        }
        for authority, tile in sorted(placed, key=lambda pair: (pair[1].row, pair[1].col))
    ]
    grid = {
        "columns": max(tile["col"] for tile in tiles) + 1,
        "rows": max(tile["row"] for tile in tiles) + 1,
    }
    return tiles, grid
