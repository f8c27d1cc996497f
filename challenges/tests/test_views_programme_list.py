"""The programme's list of challenges: its filters, counts per status, sort orders, pages and
CSV link, for LGA staff in scope and peers on the teams."""

import datetime
import html
import re

import pytest

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory
from challenges.choices import ChallengeStatus, ChallengeType
from peersupport.tests.html import error_summary, page, visible_text

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = datetime.date
S = ChallengeStatus
T = ChallengeType
_ROW = re.compile(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell"><a class="govuk-link" href="/challenges/\d+/">([^<]*)</a>')
_COUNTS = re.compile(r'<ul class="govuk-list" data-testid="status-counts">(.*?)</ul>', re.S)
_COUNT = re.compile(r'<li>(?:<strong>([^<]*)</strong>|<a class="govuk-link" href="([^"]*)">([^<]*)</a>)</li>')
_PAGE_LINK = re.compile(r'<a class="govuk-link govuk-pagination__link" href="([^"]*)"[^>]*rel="(prev|next)"')
_CSV = re.compile(r'href="([^"]*)" data-testid="csv-download"')

ALL_STATUSES = [status.label for status in S]


def _rows(response) -> list[str]:
    """The authority (short name) of each row of the table, in order."""
    return [html.unescape(name) for name in _ROW.findall(page(response))]


def _counts(response) -> list[tuple[str, int]]:
    """(status, count) of each line of the counts per status, in order."""
    return [(label, int(count)) for label, count in (line.rsplit(": ", 1) for line, _ in _count_lines(response))]


def _count_lines(response) -> list[tuple[str, str | None]]:
    """Each line of the counts per status and its link (None for the status shown, in bold)."""
    match = _COUNTS.search(page(response))
    if not match:
        return []
    return [
        (html.unescape(bold), None) if bold else (html.unescape(text), html.unescape(href))
        for bold, href, text in _COUNT.findall(match.group(1))
    ]


def _counts_of(**counts) -> list[tuple[str, int]]:
    return [(status.label, counts.get(status.value, 0)) for status in S]


def _page_links(response) -> dict[str, str]:
    return {rel: html.unescape(href) for href, rel in _PAGE_LINK.findall(page(response))}


def _heading_count(response) -> str:
    return re.search(r'<h2 class="govuk-heading-m" data-testid="challenge-count">([^<]*)</h2>', page(response)).group(1)


def _authority(slug):
    return Authority.objects.get(slug=slug)


@pytest.fixture
def programme(db, adviser, other_adviser):
    """Eight challenges in four regions, of every type and many statuses, some still undated;
    the South West adviser advises two of them and the North West adviser two.

    The authority of each, in the order booked (primary key), with its start date:
    Avon 2019-03-04, Cornwall 2021-06-07, Kent 2025-09-15, Lancashire 2021-11-08,
    Devon & Somerset none, Merseyside 2022-05-09, Isles of Scilly none, Durham 2021-03-01."""
    booked_by = LgaAdminFactory()

    def book(slug, challenge_type, status, start, requested_on, principal_adviser=None, **extra):
        return ChallengeFactory(
            authority=_authority(slug), challenge_type=challenge_type, status=status, start_date=start,
            end_date=start + datetime.timedelta(days=2) if start else None, requested_on=requested_on,
            principal_adviser=principal_adviser, booked_by=booked_by, **extra,
        )

    return {
        "Avon": book("avon", T.OPERATIONAL_ASSESSMENT, S.CLOSED, D(2019, 3, 4), D(2018, 10, 1), adviser),
        "Cornwall": book("cornwall", T.DEEP_DIVE, S.PUBLISHED, D(2021, 6, 7), D(2021, 1, 11), adviser),
        "Kent": book("kent", T.PRE_INSPECTION, S.FEEDBACK_GIVEN, D(2025, 9, 15), D(2025, 3, 3)),
        "Lancashire": book("lancashire", T.OPERATIONAL_ASSESSMENT, S.CLOSED, D(2021, 11, 8), D(2021, 5, 5), other_adviser),
        "Devon & Somerset": book("devon-and-somerset", T.LEADERSHIP_GOVERNANCE, S.REQUESTED, None, D(2026, 1, 20)),
        "Merseyside": book(
            "merseyside", T.TARGETED, S.CANCELLED, D(2022, 5, 9), D(2022, 1, 4), other_adviser, status_reason="Withdrawn",
        ),
        "Isles of Scilly": book("isles-of-scilly", T.OPERATIONAL_ASSESSMENT, S.SCOPING, None, D(2025, 11, 3)),
        "Durham": book("durham", T.DEEP_DIVE, S.CLOSED, D(2021, 3, 1), D(2020, 12, 1)),
    }


# The filters, alone and together


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ("", ["Isles of Scilly", "Devon & Somerset", "Kent", "Merseyside", "Lancashire", "Cornwall", "Durham", "Avon"]),
        ("status=closed", ["Lancashire", "Durham", "Avon"]),
        ("status=requested", ["Devon & Somerset"]),
        ("status=cancelled", ["Merseyside"]),
        ("status=on_site", []),
        ("challenge_type=deep_dive", ["Cornwall", "Durham"]),
        ("challenge_type=operational_assessment", ["Isles of Scilly", "Lancashire", "Avon"]),
        ("region=south_west", ["Isles of Scilly", "Devon & Somerset", "Cornwall", "Avon"]),
        ("region=north_west", ["Merseyside", "Lancashire"]),
        ("region=london", []),
        ("year=2021", ["Lancashire", "Cornwall", "Durham"]),
        ("year=2025", ["Kent"]),
        ("authority={avon}", ["Avon"]),
        ("authority={scilly}", ["Isles of Scilly"]),
        ("adviser={adviser}", ["Cornwall", "Avon"]),
        ("adviser={other_adviser}", ["Merseyside", "Lancashire"]),
        ("status=closed&year=2021", ["Lancashire", "Durham"]),
        ("status=closed&region=north_west", ["Lancashire"]),
        ("challenge_type=deep_dive&year=2021&region=north_east", ["Durham"]),
        ("challenge_type=deep_dive&year=2021&region=south_west&adviser={adviser}", ["Cornwall"]),
        ("adviser={other_adviser}&status=cancelled", ["Merseyside"]),
        ("region=south_west&adviser={other_adviser}", []),
        ("authority={avon}&year=2021", []),
        ("status=closed&challenge_type=operational_assessment&region=south_west&year=2019&adviser={adviser}&authority={avon}", ["Avon"]),
    ],
)
def test_programme_list_filters(client, sign_in, programme, adviser, other_adviser, query, rows):
    sign_in("lga_admin")
    query = query.format(
        avon=_authority("avon").pk, scilly=_authority("isles-of-scilly").pk, adviser=adviser.pk, other_adviser=other_adviser.pk,
    )

    response = client.get(f"/challenges/?{query}")

    assert (response.status_code, error_summary(response)) == (200, [])
    assert _rows(response) == rows
    assert _heading_count(response) == f"{len(rows)} challenge{'' if len(rows) == 1 else 's'}"


def test_programme_list_filters_shown_as_chosen(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/?status=closed&region=north_west&year=2021&sort=soonest")

    for name, value in [("status", "closed"), ("region", "north_west"), ("year", "2021"), ("sort", "soonest")]:
        assert re.findall(rf'<select name="{name}"[^>]*>.*?<option value="([^"]*)" selected>', page(response), re.S) == [value]


# The counts per status


def test_programme_list_counts_every_status(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/")

    assert _counts(response) == _counts_of(requested=1, scoping=1, feedback_given=1, published=1, closed=3, cancelled=1)
    assert [link for _, link in _count_lines(response)] == [f"?status={status.value}" for status in S]


def test_programme_list_counts_leave_the_status_filter_out(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/?region=south_west&status=closed&sort=soonest")

    assert _rows(response) == ["Avon"]
    assert _counts(response) == _counts_of(requested=1, scoping=1, published=1, closed=1)
    assert _count_lines(response) == [
        (f"{status.label}: {count}", None if status == S.CLOSED else f"?region=south_west&sort=soonest&status={status.value}")
        for status, count in zip(S, [1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0], strict=True)
    ]
    assert "<strong>Closed: 1</strong>" in page(response)


def test_programme_list_count_links_leave_the_page_out(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/?year=2021&page=1")

    assert _counts(response) == _counts_of(published=1, closed=2)
    assert [link for _, link in _count_lines(response)][:2] == ["?year=2021&status=requested", "?year=2021&status=scoping"]


def test_programme_list_counts_follow_the_other_filters(client, sign_in, programme, other_adviser):
    sign_in("lga_admin")

    response = client.get(f"/challenges/?adviser={other_adviser.pk}&status=on_site")

    assert _rows(response) == []
    assert _counts(response) == _counts_of(closed=1, cancelled=1)
    assert [line for line, link in _count_lines(response) if link is None] == ["On site: 0"]
    assert "No challenges match the filters." in visible_text(response)


def test_programme_list_count_link_shows_what_it_counts(client, sign_in, programme):
    sign_in("lga_admin")
    counts = dict(_count_lines(client.get("/challenges/?region=south_west")))

    response = client.get(f"/challenges/{counts['Scoping: 1']}")

    assert _rows(response) == ["Isles of Scilly"]


@pytest.mark.parametrize(
    ("role", "rows", "counts"),
    [
        ("adviser", ["Isles of Scilly", "Devon & Somerset", "Cornwall", "Avon"], {"requested": 1, "scoping": 1, "published": 1, "closed": 1}),
        ("other_adviser", ["Merseyside", "Lancashire"], {"closed": 1, "cancelled": 1}),
        ("lead_peer", ["Kent"], {"feedback_given": 1}),
        ("other_peer_user", [], {}),
    ],
)
def test_programme_list_rows_and_counts_in_scope(client, sign_in, programme, lead_peer, role, rows, counts):
    TeamMembershipFactory(challenge=programme["Kent"], peer=lead_peer)
    sign_in(role)

    response = client.get("/challenges/")

    assert (_rows(response), _counts(response)) == (rows, _counts_of(**counts))


# Sort orders


@pytest.mark.parametrize(
    ("sort", "rows"),
    [
        ("latest", ["Isles of Scilly", "Devon & Somerset", "Kent", "Merseyside", "Lancashire", "Cornwall", "Durham", "Avon"]),
        ("soonest", ["Avon", "Durham", "Cornwall", "Lancashire", "Merseyside", "Kent", "Devon & Somerset", "Isles of Scilly"]),
        ("authority", ["Avon", "Cornwall", "Devon & Somerset", "Durham", "Isles of Scilly", "Kent", "Lancashire", "Merseyside"]),
        ("status", ["Devon & Somerset", "Isles of Scilly", "Kent", "Cornwall", "Avon", "Durham", "Lancashire", "Merseyside"]),
        ("requested", ["Devon & Somerset", "Isles of Scilly", "Kent", "Merseyside", "Lancashire", "Cornwall", "Durham", "Avon"]),
    ],
)
def test_programme_list_sort_orders(client, sign_in, programme, sort, rows):
    sign_in("lga_admin")

    assert _rows(client.get(f"/challenges/?sort={sort}")) == rows


def test_programme_list_latest_first_by_default(client, sign_in, programme):
    sign_in("lga_admin")

    assert _rows(client.get("/challenges/")) == _rows(client.get("/challenges/?sort=latest"))


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("latest", ["undated 2", "undated 1", "later", "same day 2", "same day 1"]),
        ("soonest", ["same day 1", "same day 2", "later", "undated 1", "undated 2"]),
        ("authority", ["undated 2", "undated 1", "later", "same day 2", "same day 1"]),
        ("status", ["undated 1", "undated 2", "same day 1", "same day 2", "later"]),
        ("requested", ["later", "same day 2", "same day 1", "undated 2", "undated 1"]),
    ],
)
def test_programme_list_sort_ties_are_settled_by_booking(client, sign_in, sort, order):
    """Challenges of one authority on the same day, or still undated, in a set order whatever
    the database puts first."""
    kent = _authority("kent")
    booked = {
        "same day 1": ChallengeFactory(authority=kent, start_date=D(2024, 5, 6), end_date=D(2024, 5, 8), status=S.CLOSED, requested_on=D(2024, 1, 2)),
        "same day 2": ChallengeFactory(authority=kent, start_date=D(2024, 5, 6), end_date=D(2024, 5, 8), status=S.CLOSED, requested_on=D(2024, 1, 2)),
        "later": ChallengeFactory(authority=kent, start_date=D(2025, 5, 5), end_date=D(2025, 5, 7), status=S.CLOSED, requested_on=D(2024, 1, 2)),
        "undated 1": ChallengeFactory(authority=kent, start_date=None, end_date=None, status=S.REQUESTED, requested_on=D(2023, 1, 2)),
        "undated 2": ChallengeFactory(authority=kent, start_date=None, end_date=None, status=S.REQUESTED, requested_on=D(2023, 1, 2)),
    }
    names = {f"/challenges/{challenge.pk}/": name for name, challenge in booked.items()}
    sign_in("lga_admin")

    response = client.get(f"/challenges/?sort={sort}")

    links = re.findall(r'<td class="govuk-table__cell"><a class="govuk-link" href="(/challenges/\d+/)">Kent</a>', page(response))
    assert [names[link] for link in links] == order


# Pages


@pytest.fixture
def fifty_one(db):
    """51 challenges in the South West (Avon), one a day from 1 March 2021, and one in Kent."""
    booked_by = LgaAdminFactory()
    avon = _authority("avon")
    challenges = [
        ChallengeFactory(
            authority=avon, start_date=D(2021, 3, 1) + datetime.timedelta(days=day), end_date=D(2021, 3, 1) + datetime.timedelta(days=day),
            status=S.CLOSED, booked_by=booked_by,
        )
        for day in range(51)
    ]
    ChallengeFactory(authority=_authority("kent"), start_date=D(2021, 3, 1), end_date=D(2021, 3, 1), status=S.CLOSED, booked_by=booked_by)
    return challenges


def test_programme_list_pages_of_fifty_keep_the_filters(client, sign_in, fifty_one):
    sign_in("lga_admin")

    first = client.get("/challenges/?region=south_west&sort=soonest")
    second = client.get("/challenges/?region=south_west&sort=soonest&page=2")

    first_links = re.findall(r'<a class="govuk-link" href="(/challenges/\d+/)">Avon</a>', page(first))
    second_links = re.findall(r'<a class="govuk-link" href="(/challenges/\d+/)">Avon</a>', page(second))
    assert first_links + second_links == [f"/challenges/{c.pk}/" for c in fifty_one]
    assert (len(first_links), len(second_links)) == (50, 1)
    assert (_heading_count(first), _heading_count(second)) == ("51 challenges", "51 challenges")
    assert _page_links(first) == {"next": "?region=south_west&sort=soonest&page=2"}
    assert _page_links(second) == {"prev": "?region=south_west&sort=soonest&page=1"}
    assert 'aria-label="Page 2 of 2" aria-current="page">2</a>' in page(second)
    assert _counts(second) == _counts_of(closed=51)


def test_programme_list_pages_keep_every_filter(client, sign_in, fifty_one):
    sign_in("lga_admin")
    avon = _authority("avon").pk

    response = client.get(f"/challenges/?authority={avon}&year=2021&status=closed&challenge_type=operational_assessment&page=1")

    assert (_heading_count(response), len(_rows(response))) == ("51 challenges", 50)
    assert _page_links(response) == {
        "next": f"?authority={avon}&year=2021&status=closed&challenge_type=operational_assessment&page=2",
    }


def test_programme_list_one_page_has_no_page_links(client, sign_in, fifty_one):
    sign_in("lga_admin")

    response = client.get("/challenges/?region=south_east")

    assert (_rows(response), _page_links(response)) == (["Kent"], {})
    assert "govuk-pagination" not in page(response)


def test_programme_list_page_beyond_the_last_not_found(client, sign_in, fifty_one):
    sign_in("lga_admin")

    assert client.get("/challenges/?region=south_west&page=3").status_code == 404
    assert client.get("/challenges/?page=99999999999999999999999").status_code == 404
    assert client.get("/challenges/?page=last").status_code == 200


# Invalid filters


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("status=bogus", ["Choose a status from the list"]),
        ("challenge_type=bogus", ["Choose a type from the list"]),
        ("region=<script>alert(1)</script>", ["Choose a region from the list"]),
        ("year=1800", ["Choose a year from the list"]),
        ("year=9999999999999999999999", ["Choose a year from the list"]),
        ("adviser=999999999999999999999", ["Choose an adviser from the list"]),
        ("adviser=-1", ["Choose an adviser from the list"]),
        ("adviser={lga_admin}", ["Choose an adviser from the list"]),
        ("authority=<script>alert(1)</script>", ["Choose an authority from the list"]),
        ("authority=1 OR 1=1", ["Choose an authority from the list"]),
        ("sort=bogus", ["Choose a sort order from the list"]),
        ("status=closed\x00", ["Choose a status from the list"]),
        ("adviser=\x00", ["Principal adviser must not include null characters"]),
        ("authority=1\x00", ["Authority must not include null characters"]),
        ("status=bogus&year=1800&sort=-pk", ["Choose a status from the list", "Choose a year from the list", "Choose a sort order from the list"]),
    ],
)
def test_programme_list_invalid_filter_shows_error_and_no_rows(client, sign_in, programme, lga_admin, query, messages):
    sign_in("lga_admin")

    response = client.get("/challenges/", dict(pair.split("=", 1) for pair in query.format(lga_admin=lga_admin.pk).split("&")))

    assert response.status_code == 200
    assert error_summary(response) == messages
    assert (_rows(response), _heading_count(response), _count_lines(response)) == ([], "0 challenges", [])
    assert "No challenges match the filters." in visible_text(response)
    assert 'data-testid="csv-download"' not in page(response)
    assert "<script>alert(1)</script>" not in page(response)


def test_programme_list_invalid_filter_keeps_the_valid_ones_chosen(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/?region=north_west&year=1800")

    assert error_summary(response) == ["Choose a year from the list"]
    assert re.findall(r'<select name="region"[^>]*>.*?<option value="([^"]*)" selected>', page(response), re.S) == ["north_west"]


# The CSV link


@pytest.mark.parametrize(
    ("query", "href"),
    [
        ("", "/challenges/export/"),
        ("region=south_west&year=2021&sort=soonest", "/challenges/export/?region=south_west&year=2021&sort=soonest"),
        ("challenge_type=deep_dive&page=1", "/challenges/export/?challenge_type=deep_dive"),
        ("adviser={adviser}&status=published", "/challenges/export/?adviser={adviser}&status=published"),
    ],
)
def test_programme_list_csv_link_keeps_the_filters(client, sign_in, programme, adviser, query, href):
    sign_in("lga_admin")

    response = client.get(f"/challenges/?{query.format(adviser=adviser.pk)}")

    assert [html.unescape(link) for link in _CSV.findall(page(response))] == [href.format(adviser=adviser.pk)]


def test_programme_list_csv_link_not_for_peers_nor_for_no_rows(client, sign_in, programme, lead_peer):
    TeamMembershipFactory(challenge=programme["Kent"], peer=lead_peer)
    sign_in("lead_peer")
    peer_page = page(client.get("/challenges/"))
    sign_in("lga_admin")
    empty_page = page(client.get("/challenges/?region=london"))

    assert (_CSV.findall(peer_page), _CSV.findall(empty_page)) == ([], [])


# Scoping holds whatever the filters


@pytest.mark.parametrize(
    "query",
    ["region=north_west", "authority={lancashire}", "adviser={other_adviser}", "region=north_west&status=closed", "authority={kent}&year=2025"],
)
def test_programme_list_adviser_filtered_to_another_region_sees_nothing_of_it(client, sign_in, programme, other_adviser, query):
    sign_in("adviser")

    response = client.get(
        "/challenges/?" + query.format(lancashire=_authority("lancashire").pk, kent=_authority("kent").pk, other_adviser=other_adviser.pk)
    )

    assert (response.status_code, error_summary(response)) == (200, [])
    assert (_rows(response), _heading_count(response)) == ([], "0 challenges")
    assert _counts(response) == _counts_of()
    for name in ["Lancashire", "Merseyside", "Kent"]:
        assert f">{name}</a>" not in page(response)


def test_programme_list_peer_filtered_sees_only_their_teams(client, sign_in, programme, lead_peer):
    TeamMembershipFactory(challenge=programme["Kent"], peer=lead_peer)
    TeamMembershipFactory(challenge=programme["Durham"], peer=lead_peer)
    sign_in("lead_peer")

    assert _rows(client.get("/challenges/?year=2021")) == ["Durham"]
    assert _rows(client.get("/challenges/?region=south_west")) == []
    assert _counts(client.get("/challenges/?challenge_type=deep_dive")) == _counts_of(closed=1)
