"""Peers' give and take: the places each authority's officers and members fill on other
authorities' teams against the challenges it receives, how busy the pool's peers have been
over the last 12 months, and the invitations peers declined, with their reasons. The sector's
capacity to release peers is the programme's main risk (DOMAIN.md).

A place counts once the peer has accepted it. Places given count on the period's challenges
(the period's rule) that were neither postponed nor cancelled, wherever they were; a peer's
load counts their places on such challenges whose last day on site falls in the 12 months to
the period's `as_of` day, against the most challenges a year they offered. With a region, the
give and take is its authorities', the load and the busiest peers are those of the peers whose
home authority is in it, and the declined invitations those of its authorities' challenges.

Figures: `places_filled` (accepted places of the peers in scope on the period's live
challenges), `officer_places` and `member_places` (those of officer and of member peers: the
give-and-take table's totals), `peers_taking_part` (the distinct peers holding them),
`active_peers` (active peers in scope), `declined` (rows of the declined invitations) and
`over_limit` (active peers in scope whose load is above their limit).

Seven queries, each summing or listing in the database; the declined invitations are read row
by row, at most one year's challenges' worth."""

import dataclasses
import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q
from django.utils import timezone

from authorities.choices import AuthorityStatus, PeerType, Region
from authorities.models import Authority, Peer
from challenges.choices import STOPPED_STATUSES, ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.models import Challenge, TeamMembership
from peersupport.formats import long_date

# The peer-load table's bands: places in the 12 months, up to "4 or more".
LOAD_BANDS = (("none", "None", Q(places=0)), ("one", "1", Q(places=1)), ("two", "2", Q(places=2)),
              ("three", "3", Q(places=3)), ("four_or_more", "4 or more", Q(places__gte=4)))
BUSIEST_PEERS = 20
LIVE_STATUSES = [status for status in ChallengeStatus if status not in STOPPED_STATUSES]


def peers_section(period, *, today) -> Section:
    """The peers' give and take for the period (see the module's docstring), the load taken on
    `period.as_of(today)`, in seven queries."""
    as_of = period.as_of(today)
    where = f"in {period.region_label}" if period.region else "in England"
    # Places are given wherever the challenge is: the period's challenges in every region.
    counted = dataclasses.replace(period, region="").challenges(Challenge.objects.all())
    accepted_places = TeamMembership.objects.filter(
        state=PlaceState.ACCEPTED, challenge__in=counted.exclude(status__in=STOPPED_STATUSES).values("pk")
    )

    give_and_take = _give_and_take(period, accepted_places=accepted_places, counted=counted)
    totals = period.in_region(accepted_places, "peer__home_authority").aggregate(
        places_filled=Count("pk"),
        officer_places=Count("pk", filter=Q(peer__peer_type=PeerType.OFFICER)),
        member_places=Count("pk", filter=Q(peer__peer_type=PeerType.MEMBER)),
        peers_taking_part=Count("peer", distinct=True),
    )
    first_day = as_of - relativedelta(years=1) + datetime.timedelta(days=1)
    peers = _peers_with_load(period, first_day=first_day, as_of=as_of)
    load = peers.aggregate(
        active_peers=Count("pk"),
        over_limit=Count("pk", filter=Q(places__gt=F("max_challenges_per_year"))),
        **{key: Count("pk", filter=condition) for key, _, condition in LOAD_BANDS},
    )
    busiest = [
        _busiest_row(peer)
        for peer in peers.filter(places__gt=0).order_by("-places", "full_name", "pk").values(
            "full_name", "peer_type", "home_authority__name", "home_organisation", "places", "max_challenges_per_year"
        )[:BUSIEST_PEERS]
    ]
    declined = _declined(period)
    window = f"from {long_date(first_day)} to {long_date(as_of)}"

    return Section(
        slug="peers",
        title="Peers' give and take",
        tables=[
            Table(
                slug="give-and-take",
                title="Places filled by each authority's peers against challenges received",
                columns=[
                    Column("authority", "Authority"),
                    Column("region", "Region"),
                    Column("officer_places", "Places filled by its officer peers", numeric=True),
                    Column("member_places", "Places filled by its member peers", numeric=True),
                    Column("places_given", "Places filled by its peers", numeric=True),
                    Column("challenges_received", "Challenges it received", numeric=True),
                ],
                rows=give_and_take,
                description=(
                    f"For each fire and rescue authority {where}, by name: the places its officer and member peers "
                    f"accepted on teams of challenges counted in {period.long_label} and not postponed or cancelled, "
                    "against its own challenges counted in that year and not postponed or cancelled."
                ),
                chart=Chart(label="authority", values=("places_given", "challenges_received")),
                empty="No authorities.",
            ),
            Table(
                slug="peer-load",
                title="Peers by places held in the last 12 months",
                columns=[Column("band", "Places in the last 12 months"), Column("peers", "Peers", numeric=True)],
                rows=[{"band": label, "peers": load[key]} for key, label, _ in LOAD_BANDS],
                description=(
                    f"Active peers {'whose home authority is ' + where if period.region else where}, by the places "
                    f"they accepted on challenges not postponed or cancelled whose last day on site was {window}."
                ),
                chart=Chart(label="band", values=("peers",)),
                empty="No active peers.",
            ),
            Table(
                slug="busiest-peers",
                title="The busiest peers in the last 12 months",
                columns=[
                    Column("peer", "Peer"),
                    Column("type", "Type"),
                    Column("home_authority", "Home authority or organisation"),
                    Column("places", "Places", numeric=True),
                    Column("limit", "Most challenges a year", numeric=True),
                    Column("over_limit", "Over their limit"),
                ],
                rows=busiest,
                description=(
                    f"Up to {BUSIEST_PEERS} active peers with the most places accepted on challenges not postponed "
                    f"or cancelled whose last day on site was {window}, most first, against the most challenges a "
                    "year each offered."
                ),
                empty="No peer held a place in the last 12 months.",
            ),
            Table(
                slug="declined-invitations",
                title="Invitations declined",
                columns=[
                    Column("authority", "Authority"),
                    Column("type", "Type of challenge"),
                    Column("peer", "Peer"),
                    Column("role", "Place"),
                    Column("answered", "Declined on"),
                    Column("reason", "Reason"),
                ],
                rows=declined,
                description=(
                    f"Places on the teams of challenges {where} counted in {period.long_label} that peers declined, "
                    "with the reason they gave, newest answer first."
                ),
                empty="No invitations were declined.",
            ),
        ],
        figures={
            "places_filled": totals["places_filled"],
            "officer_places": totals["officer_places"],
            "member_places": totals["member_places"],
            "peers_taking_part": totals["peers_taking_part"],
            "active_peers": load["active_peers"],
            "declined": len(declined),
            "over_limit": load["over_limit"],
        },
    )


def _give_and_take(period, *, accepted_places, counted) -> list[dict]:
    """The give-and-take rows: the current authorities of the period's region, and any abolished
    one with something to count (a peer still on the books of a merged authority, say). Three
    queries, each summing in the database: the places by home authority and type of peer, the
    challenges by authority, and the authorities (grouping beats a subquery per authority by
    ten times on the ten-year data set)."""
    given = {
        (row["peer__home_authority"], row["peer__peer_type"]): row["places"]
        for row in accepted_places.filter(peer__home_authority__isnull=False)
        .values("peer__home_authority", "peer__peer_type").annotate(places=Count("pk")).order_by()
    }
    # Received as places are given: on the period's challenges neither postponed nor cancelled.
    received = {
        row["authority"]: row["challenges"]
        for row in counted.exclude(status__in=STOPPED_STATUSES).values("authority").annotate(challenges=Count("pk")).order_by()
    }
    authorities = Authority.objects.values("pk", "name", "region", "status").order_by()
    if period.region:
        authorities = authorities.filter(region=period.region)
    rows = []
    for authority in authorities:
        officers, members = given.get((authority["pk"], PeerType.OFFICER), 0), given.get((authority["pk"], PeerType.MEMBER), 0)
        challenges = received.get(authority["pk"], 0)
        if authority["status"] == AuthorityStatus.CURRENT or officers or members or challenges:
            rows.append({
                "authority": authority["name"],
                "region": Region(authority["region"]).label,
                "officer_places": officers,
                "member_places": members,
                "places_given": officers + members,
                "challenges_received": challenges,
            })
    # Sorted here, not by the database, so that both engines' collations give one order.
    return sorted(rows, key=lambda row: row["authority"])


def _peers_with_load(period, *, first_day, as_of):
    """The active peers in the period's scope, each with `places`: accepted places on live
    challenges whose last day on site (the second phase's, if any) falls from `first_day` to `as_of`."""
    last_day_in_window = Q(memberships__challenge__second_end_date__range=(first_day, as_of)) | Q(
        memberships__challenge__second_end_date__isnull=True, memberships__challenge__end_date__range=(first_day, as_of)
    )
    return period.in_region(Peer.objects.filter(is_active=True), "home_authority").annotate(
        places=Count(
            "memberships",
            filter=Q(memberships__state=PlaceState.ACCEPTED, memberships__challenge__status__in=LIVE_STATUSES) & last_day_in_window,
        )
    )


def _busiest_row(peer) -> dict:
    return {
        "peer": peer["full_name"],
        "type": PeerType(peer["peer_type"]).label,
        # A peer from beyond the sector has an organisation instead; an LGA challenge manager neither.
        "home_authority": peer["home_authority__name"] or peer["home_organisation"] or None,
        "places": peer["places"],
        "limit": peer["max_challenges_per_year"],
        "over_limit": peer["places"] > peer["max_challenges_per_year"],
    }


def _declined(period) -> list[dict]:
    """The declined places on the period's challenges, newest answer first (unanswered, from
    records kept before answers were dated, last)."""
    places = (
        TeamMembership.objects.filter(
            state=PlaceState.DECLINED, challenge__in=period.challenges(Challenge.objects.all()).values("pk")
        )
        .order_by(F("answered_at").desc(nulls_last=True), "-pk")
        .values("challenge__authority__name", "challenge__challenge_type", "peer__full_name", "role", "answered_at", "decline_reason")
    )
    return [
        {
            "authority": place["challenge__authority__name"],
            "type": ChallengeType(place["challenge__challenge_type"]).label,
            "peer": place["peer__full_name"],
            "role": TeamRole(place["role"]).label,
            "answered": timezone.localdate(place["answered_at"]) if place["answered_at"] else None,
            "reason": place["decline_reason"],
        }
        for place in places
    ]
