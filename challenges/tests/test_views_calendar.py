"""The calendar of visits: the month's table, the secret feed addresses, the feeds calendar
apps fetch, and one challenge's .ics download."""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone

from authorities.models import Authority
from authorities.tests.factories import PeerFactory, PeerUserFactory
from challenges.choices import ChallengeStatus, ChallengeType, TeamRole
from challenges.models import CalendarFeed, Challenge
from peersupport.formats import month_year
from peersupport.tests.html import error_summary, notifications, page, visible_text

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = datetime.date
ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "challenge_manager", "team_peer", "other_peer_user", "fra_contact"]
SIGNED_IN_PAGES = ["/challenges/calendar/", "/challenges/calendar/feeds/"]
_DAY = re.compile(r'<td[^>]*data-testid="day-(\d{4}-\d{2}-\d{2})"[^>]*>(.*?)</td>', re.S)
_VISIT = re.compile(r'<a class="govuk-link" href="([^"]*)">([^<]*)</a>')
_CAPTION = re.compile(r'<caption class="govuk-table__caption govuk-table__caption--m">(.*?)</caption>', re.S)
_FEED_URL = re.compile(r'<code class="app-feed-address" data-testid="feed-url">([^<]*)</code>')
_MONTH_LINK = re.compile(r'href="([^"]*)" rel="(prev|next)" data-testid="(?:previous|next)-month"')


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _days(response) -> dict[str, list[tuple[str, str]]]:
    """Each day cell with visits: its date, and the (address, authority) of each visit's link."""
    return {day: _VISIT.findall(cell) for day, cell in _DAY.findall(page(response))}


def _caption(response) -> str:
    return _CAPTION.search(page(response)).group(1)


def _month_links(response) -> dict[str, str]:
    return {rel: href.replace("&amp;", "&") for href, rel in _MONTH_LINK.findall(page(response))}


def _summaries(response) -> list[str]:
    return [str(event["SUMMARY"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def _feed_path(user) -> str:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return f"/challenges/calendar/feed/{feed.token}.ics"


def _future(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def march():
    """Two visits on site in March 2026 (one of two phases), and others the month leaves out:
    one in April, one cancelled, one still being scoped, one postponed."""
    avon = ChallengeFactory(authority=_authority("avon"), start_date=D(2026, 3, 9), end_date=D(2026, 3, 11), status=ChallengeStatus.CLOSED)
    kent = ChallengeFactory(
        authority=_authority("kent"), challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2026, 3, 10), end_date=D(2026, 3, 10),
        second_start_date=D(2026, 3, 30), second_end_date=D(2026, 4, 1), status=ChallengeStatus.PUBLISHED,
    )
    ChallengeFactory(authority=_authority("cornwall"), start_date=D(2026, 4, 6), end_date=D(2026, 4, 8), status=ChallengeStatus.CLOSED)
    ChallengeFactory(
        authority=_authority("lancashire"), start_date=D(2026, 3, 16), end_date=D(2026, 3, 18),
        status=ChallengeStatus.CANCELLED, status_reason="Withdrawn",
    )
    ChallengeFactory(authority=_authority("merseyside"), start_date=D(2026, 3, 23), end_date=D(2026, 3, 25), status=ChallengeStatus.SCOPING)
    ChallengeFactory(authority=_authority("cumbria"), start_date=None, end_date=None, status=ChallengeStatus.POSTPONED, status_reason="Elections")
    return avon, kent


# Who may open each page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 200),
        ("lead_peer", 200),
        ("challenge_manager", 200),
        ("team_peer", 200),
        ("other_peer_user", 200),
        ("fra_contact", 404),
    ],
)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_calendar_pages_by_role(client, sign_in, challenge, role, status, path):
    sign_in(role)

    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", [*SIGNED_IN_PAGES, "/challenges/{pk}/calendar.ics"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_calendar_pages_anonymous_sent_to_sign_in(client, challenge, path, method):
    path = path.format(pk=challenge.pk)

    response = getattr(client, method)(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    assert CalendarFeed.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 302),
        ("adviser", 302),
        ("other_adviser", 302),
        ("lead_peer", 302),
        ("team_peer", 302),
        ("other_peer_user", 302),
        ("fra_contact", 404),
    ],
)
def test_calendar_feed_renew_by_role(client, sign_in, challenge, role, status):
    user = sign_in(role)
    old = CalendarFeed.objects.create(user=user).token

    response = client.post("/challenges/calendar/feeds/")

    assert response.status_code == status
    assert CalendarFeed.objects.filter(user=user, token=old).count() == (0 if status == 302 else 1)
    assert CalendarFeed.objects.count() == 1


def test_calendar_feed_renew_refused_makes_no_feed(client, sign_in):
    sign_in("fra_contact")

    assert client.post("/challenges/calendar/feeds/").status_code == 404
    assert client.get("/challenges/calendar/feeds/").status_code == 404
    assert CalendarFeed.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 404),
        ("lead_peer", 200),
        ("challenge_manager", 200),
        ("team_peer", 200),
        ("other_peer_user", 404),
        ("fra_contact", 200),
        ("other_fra_contact", 404),
    ],
)
def test_challenge_ics_by_role(client, sign_in, challenge, role, status):
    sign_in(role)

    assert client.get(f"/challenges/{challenge.pk}/calendar.ics").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 200),
        ("lead_peer", 200),
        ("challenge_manager", 200),
        ("team_peer", 200),
        ("other_peer_user", 200),
        ("fra_contact", 404),
    ],
)
def test_calendar_feed_by_role_of_its_owner_without_signing_in(client, user_for, challenge, role, status):
    response = client.get(_feed_path(user_for(role)))

    assert response.status_code == status


# The month's table


def test_calendar_month_caption_and_visits_on_their_days(client, sign_in, march):
    avon, kent = march
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/?month=2026-03")

    avon_link, kent_link = (f"/challenges/{avon.pk}/", "Avon"), (f"/challenges/{kent.pk}/", "Kent")
    assert _caption(response) == "March 2026: 2 challenges on site"
    # The days of April on the table's last row are April's: shown on its page.
    assert _days(response) == {
        "2026-03-09": [avon_link],
        "2026-03-10": [avon_link, kent_link],
        "2026-03-11": [avon_link],
        "2026-03-30": [kent_link],
        "2026-03-31": [kent_link],
    }
    assert "<title>Calendar of visits: March 2026" in page(response)


def test_calendar_month_two_phase_visit_on_both_phases_days(client, sign_in, march):
    _, kent = march
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/?month=2026-04")

    kent_link = (f"/challenges/{kent.pk}/", "Kent")
    cornwall = Challenge.objects.get(authority__slug="cornwall")
    cornwall_link = (f"/challenges/{cornwall.pk}/", "Cornwall")
    assert _caption(response) == "April 2026: 2 challenges on site"
    assert _days(response) == {
        "2026-04-01": [kent_link],
        "2026-04-06": [cornwall_link],
        "2026-04-07": [cornwall_link],
        "2026-04-08": [cornwall_link],
    }


def test_calendar_month_one_visit_says_challenge(client, sign_in, march):
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/?month=2026-03&challenge_type=deep_dive")

    assert _caption(response) == "March 2026: 1 challenge on site"


def test_calendar_month_across_the_clock_change(client, sign_in, avon):
    visit = ChallengeFactory(authority=avon, start_date=D(2026, 3, 27), end_date=D(2026, 3, 31), status=ChallengeStatus.CLOSED)
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/?month=2026-03")

    link = [(f"/challenges/{visit.pk}/", "Avon")]
    assert _days(response) == {day: link for day in ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31"]}


def test_calendar_month_empty(client, sign_in, march):
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/?month=2026-05")

    assert (_caption(response), _days(response)) == ("May 2026: 0 challenges on site", {})


def test_calendar_without_month_shows_this_month(client, sign_in, avon):
    visit = ChallengeFactory(authority=avon, start_date=_future(1), end_date=_future(1))
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/")

    today = timezone.localdate()
    expected = {f"{_future(1):%Y-%m-%d}": [(f"/challenges/{visit.pk}/", "Avon")]} if _future(1).month == today.month else {}
    assert _caption(response) == f"{month_year(today)}: {len(expected)} challenge{'' if expected else 's'} on site"
    assert _days(response) == expected
    assert f'<span class="govuk-visually-hidden">Today, </span><time datetime="{today:%Y-%m-%d}">' in page(response)


@pytest.mark.parametrize(
    ("query", "previous", "next_"),
    [
        ("month=2026-03", "?month=2026-02", "?month=2026-04"),
        ("month=2026-01", "?month=2025-12", "?month=2026-02"),
        ("month=2026-12", "?month=2026-11", "?month=2027-01"),
        (
            "region=south_west&challenge_type=deep_dive&month=2026-03",
            "?region=south_west&challenge_type=deep_dive&month=2026-02",
            "?region=south_west&challenge_type=deep_dive&month=2026-04",
        ),
        (
            "month=2026-03&region=north_west",
            "?region=north_west&month=2026-02",
            "?region=north_west&month=2026-04",
        ),
    ],
)
def test_calendar_previous_and_next_month_keep_the_filters(client, sign_in, query, previous, next_):
    sign_in("lga_admin")

    response = client.get(f"/challenges/calendar/?{query}")

    assert _month_links(response) == {"prev": previous, "next": next_}


def test_calendar_first_and_last_months_have_no_link_beyond(client, sign_in):
    sign_in("lga_admin")
    last = f"{timezone.localdate().year + 5}-12"

    first_page = client.get("/challenges/calendar/?month=2009-01")
    last_page = client.get(f"/challenges/calendar/?month={last}")

    assert (first_page.status_code, _month_links(first_page)) == (200, {"next": "?month=2009-02"})
    assert (last_page.status_code, _month_links(last_page)) == (200, {"prev": f"?month={timezone.localdate().year + 5}-11"})


@pytest.mark.parametrize(
    ("query", "authorities"),
    [
        ("", ["Avon", "Kent", "Lancashire"]),
        ("region=south_west", ["Avon"]),
        ("region=north_west", ["Lancashire"]),
        ("challenge_type=deep_dive", ["Kent"]),
        ("region=south_west&challenge_type=operational_assessment", ["Avon"]),
        ("region=south_west&challenge_type=deep_dive", []),
        ("region=london", []),
    ],
)
def test_calendar_region_and_type_filters(client, sign_in, query, authorities):
    ChallengeFactory(authority=_authority("avon"), start_date=D(2026, 3, 2), end_date=D(2026, 3, 2), status=ChallengeStatus.CLOSED)
    ChallengeFactory(
        authority=_authority("kent"), challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2026, 3, 3), end_date=D(2026, 3, 3),
        status=ChallengeStatus.CLOSED,
    )
    ChallengeFactory(authority=_authority("lancashire"), start_date=D(2026, 3, 4), end_date=D(2026, 3, 4), status=ChallengeStatus.CLOSED)
    sign_in("lga_admin")

    response = client.get(f"/challenges/calendar/?month=2026-03&{query}")

    assert [name for links in _days(response).values() for _, name in links] == authorities
    assert error_summary(response) == []


@pytest.mark.parametrize(
    ("role", "authorities"),
    [
        ("lga_admin", ["Avon", "Kent", "Lancashire"]),
        ("adviser", ["Avon"]),
        ("other_adviser", ["Lancashire"]),
        ("lead_peer", ["Avon"]),
        ("other_peer_user", []),
    ],
)
def test_calendar_shows_only_what_the_user_may_see(client, sign_in, challenge, role, authorities):
    Challenge.objects.filter(pk=challenge.pk).update(start_date=D(2026, 3, 2), end_date=D(2026, 3, 2))
    ChallengeFactory(authority=_authority("kent"), start_date=D(2026, 3, 3), end_date=D(2026, 3, 3), status=ChallengeStatus.CLOSED)
    ChallengeFactory(authority=_authority("lancashire"), start_date=D(2026, 3, 4), end_date=D(2026, 3, 4), status=ChallengeStatus.CLOSED)
    sign_in(role)

    response = client.get("/challenges/calendar/?month=2026-03")

    assert [name for links in _days(response).values() for _, name in links] == authorities
    assert _caption(response) == f"March 2026: {len(authorities)} challenge{'' if len(authorities) == 1 else 's'} on site"


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Enter a month like 2027-03"),
        ("abc", "Enter a month like 2027-03"),
        ("9999999-01", "Enter a month like 2027-03"),
        ("2026-3-1", "Enter a month like 2027-03"),
        ("0001-01", "Enter a month from 2009-01 to {last}-12"),
        ("2008-12", "Enter a month from 2009-01 to {last}-12"),
        ("9999-12", "Enter a month from 2009-01 to {last}-12"),
    ],
)
def test_calendar_invalid_month_shows_error_not_server_error(client, sign_in, march, month, message):
    sign_in("lga_admin")

    response = client.get(f"/challenges/calendar/?month={month}&region=south_west")

    assert response.status_code == 200
    assert error_summary(response) == [message.format(last=timezone.localdate().year + 5)]
    assert _caption(response) == f"{month_year(timezone.localdate())}: 0 challenges on site"
    assert _days(response) == {}


@pytest.mark.parametrize(
    "region",
    ['<script>alert("boom")</script>', "south_west' OR '1'='1", "South West", "south_west\x00"],
)
def test_calendar_hostile_region_refused(client, sign_in, march, region):
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/", {"month": "2026-03", "region": region})

    assert response.status_code == 200
    assert error_summary(response) == ["Choose a region from the list"]
    assert _days(response) == {}
    assert "<script>alert" not in page(response)


def test_calendar_hostile_type_refused(client, sign_in, march):
    sign_in("lga_admin")

    response = client.get("/challenges/calendar/", {"month": "2026-03", "challenge_type": "deep_dive OR 1=1"})

    assert (error_summary(response), _days(response)) == (["Choose a type from the list"], {})


@pytest.mark.parametrize("role", ["lga_admin", "lead_peer"])
def test_calendar_queries_do_not_grow_with_visits(client, sign_in, lead_peer, django_assert_num_queries, role):
    """The session and user, the month's visits within the savepoint of the request's
    transaction, and for a peer their peer record (the page's navigation)."""
    sign_in(role)
    authorities = list(Authority.objects.order_by("name")[:20])

    def visit(authority):
        booked = ChallengeFactory(authority=authority, start_date=D(2026, 3, 9), end_date=D(2026, 3, 12), status=ChallengeStatus.CLOSED)
        TeamMembershipFactory(challenge=booked, peer=lead_peer)

    visit(authorities[0])
    expected = 5 if role == "lga_admin" else 6
    with django_assert_num_queries(expected):
        one = client.get("/challenges/calendar/?month=2026-03")
    for authority in authorities[1:]:
        visit(authority)
    with django_assert_num_queries(expected):
        twenty = client.get("/challenges/calendar/?month=2026-03")

    assert (_caption(one), _caption(twenty)) == ("March 2026: 1 challenge on site", "March 2026: 20 challenges on site")
    assert len(_days(twenty)["2026-03-10"]) == 20


# The feed addresses


def test_calendar_feeds_page_shows_the_programme_address_and_each_region_for_an_administrator(client, sign_in):
    user = sign_in("lga_admin")

    response = client.get("/challenges/calendar/feeds/")

    token = CalendarFeed.objects.get(user=user).token
    base = f"http://testserver/challenges/calendar/feed/{token}.ics"
    assert _FEED_URL.findall(page(response)) == [base]
    assert re.findall(r'<code class="app-feed-address">([^<]*)</code>', page(response)) == [
        f"{base}?region={region}" for region in [
            "north_east", "north_west", "yorkshire_and_the_humber", "east_midlands", "west_midlands", "east_of_england",
            "london", "south_east", "south_west",
        ]
    ]
    assert "The programme you oversee" in visible_text(response)


@pytest.mark.parametrize(("role", "heading"), [("adviser", "The programme you oversee"), ("lead_peer", "Your visits")])
def test_calendar_feeds_page_shows_one_address_to_others(client, sign_in, role, heading):
    user = sign_in(role)

    response = client.get("/challenges/calendar/feeds/")

    token = CalendarFeed.objects.get(user=user).token
    assert _FEED_URL.findall(page(response)) == [f"http://testserver/challenges/calendar/feed/{token}.ics"]
    assert re.findall(r'<code class="app-feed-address">([^<]*)</code>', page(response)) == []
    assert f"{heading} http://testserver/challenges/calendar/feed/{token}.ics Make new addresses" in visible_text(response)


def test_calendar_feeds_page_keeps_the_address(client, sign_in):
    sign_in("lead_peer")

    first = _FEED_URL.findall(page(client.get("/challenges/calendar/feeds/")))
    second = _FEED_URL.findall(page(client.get("/challenges/calendar/feeds/")))

    assert (first, CalendarFeed.objects.count()) == (second, 1)


def test_calendar_feed_renew_replaces_the_address(client, sign_in, challenge):
    user = sign_in("lead_peer")
    old_path = _FEED_URL.findall(page(client.get("/challenges/calendar/feeds/")))[0].removeprefix("http://testserver")
    assert client.get(old_path).status_code == 200

    response = client.post("/challenges/calendar/feeds/", follow=True)

    new_token = CalendarFeed.objects.get(user=user).token
    new_path = f"/challenges/calendar/feed/{new_token}.ics"
    assert response.redirect_chain == [("/challenges/calendar/feeds/", 302)]
    assert notifications(response) == ["Your calendar addresses have changed: the old ones no longer work"]
    assert _FEED_URL.findall(page(response)) == [f"http://testserver{new_path}"]
    assert new_path != old_path
    client.logout()
    assert (client.get(old_path).status_code, client.get(new_path).status_code) == (404, 200)
    assert _summaries(client.get(new_path)) == ["Operational Assessment and fire peer challenge: Avon"]


def test_calendar_feed_renew_before_any_address_makes_one(client, sign_in):
    user = sign_in("adviser")

    assert client.post("/challenges/calendar/feeds/").status_code == 302
    assert CalendarFeed.objects.filter(user=user).count() == 1


# The feeds


@pytest.fixture
def programme(avon):
    """Dated challenges in the South West (Avon, Cornwall) and the North West (Lancashire),
    and one in each undated status, which no feed holds."""
    avon_challenge = ChallengeFactory(authority=avon, start_date=_future(30), end_date=_future(32))
    ChallengeFactory(authority=_authority("cornwall"), start_date=_future(40), end_date=_future(41))
    ChallengeFactory(authority=_authority("lancashire"), start_date=_future(50), end_date=_future(51))
    ChallengeFactory(authority=_authority("kent"), start_date=None, end_date=None, status=ChallengeStatus.REQUESTED)
    ChallengeFactory(authority=_authority("devon-and-somerset"), start_date=None, end_date=None, status=ChallengeStatus.POSTPONED, status_reason="Floods")
    ChallengeFactory(authority=_authority("cumbria"), start_date=_future(60), end_date=_future(61), status=ChallengeStatus.SCOPING)
    return avon_challenge


OA = "Operational Assessment and fire peer challenge"


@pytest.mark.parametrize(
    ("role", "query", "name", "summaries"),
    [
        ("lga_admin", "", "Peer challenges", [f"{OA}: Avon", f"{OA}: Cornwall", f"{OA}: Lancashire"]),
        ("lga_admin", "?region=north_west", "Peer challenges in North West", [f"{OA}: Lancashire"]),
        ("lga_admin", "?region=south_west", "Peer challenges in South West", [f"{OA}: Avon", f"{OA}: Cornwall"]),
        ("lga_admin", "?region=london", "Peer challenges in London", []),
        ("adviser", "", "Peer challenges", [f"{OA}: Avon", f"{OA}: Cornwall"]),
        ("adviser", "?region=north_west", "Peer challenges in North West", []),
        ("other_adviser", "", "Peer challenges", [f"{OA}: Lancashire"]),
    ],
)
def test_calendar_feed_for_lga_staff_holds_the_programme_they_oversee(client, user_for, programme, role, query, name, summaries):
    response = client.get(_feed_path(user_for(role)) + query)

    calendar = icalendar.Calendar.from_ical(response.content)
    assert (response.status_code, str(calendar["X-WR-CALNAME"])) == (200, name)
    assert _summaries(response) == summaries


@pytest.mark.parametrize("region", ["nowhere", "South West", "<script>", "south_west'--", "south_west\x00"])
def test_calendar_feed_unknown_region_not_found(client, lga_admin, programme, region):
    assert client.get(_feed_path(lga_admin), {"region": region}).status_code == 404


def test_calendar_feed_for_a_peer_holds_their_team_visits(client, lead_peer, programme):
    lancashire = Challenge.objects.get(authority__slug="lancashire")
    TeamMembershipFactory(challenge=programme, peer=lead_peer, role=TeamRole.LEAD_PEER)
    TeamMembershipFactory(challenge=lancashire, peer=lead_peer)
    TeamMembershipFactory(challenge=Challenge.objects.get(authority__slug="cumbria"), peer=lead_peer)
    TeamMembershipFactory(challenge=Challenge.objects.get(authority__slug="cornwall"), peer=PeerFactory(user=PeerUserFactory()))

    response = client.get(_feed_path(lead_peer.user))

    assert str(icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"]) == "Your peer challenge visits"
    assert _summaries(response) == [f"{OA}: Avon", f"{OA}: Lancashire"]


def test_calendar_feed_for_a_peer_ignores_region(client, lead_peer, programme):
    TeamMembershipFactory(challenge=programme, peer=lead_peer)

    assert _summaries(client.get(_feed_path(lead_peer.user) + "?region=north_west")) == [f"{OA}: Avon"]


def test_calendar_feed_for_a_peer_on_no_team_is_empty(client, other_peer_user, programme):
    response = client.get(_feed_path(other_peer_user))

    assert (response.status_code, _summaries(response)) == (200, [])


def test_calendar_feed_leaves_out_undated_challenges(client, lga_admin, avon):
    ChallengeFactory(authority=avon, start_date=None, end_date=None, status=ChallengeStatus.REQUESTED)
    ChallengeFactory(authority=_authority("kent"), start_date=None, end_date=None, status=ChallengeStatus.POSTPONED, status_reason="Floods")
    ChallengeFactory(authority=_authority("cornwall"), start_date=_future(30), end_date=_future(31), status=ChallengeStatus.SCOPING)

    response = client.get(_feed_path(lga_admin))

    assert (response.status_code, _summaries(response)) == (200, [])


def test_calendar_feed_holds_cancelled_visits_as_cancelled(client, lga_admin, avon):
    ChallengeFactory(authority=avon, start_date=_future(30), end_date=_future(31), status=ChallengeStatus.CANCELLED, status_reason="Withdrawn")

    events = icalendar.Calendar.from_ical(client.get(_feed_path(lga_admin)).content).walk("VEVENT")

    assert [(str(e["SUMMARY"]), str(e["STATUS"])) for e in events] == [(f"{OA}: Avon", "CANCELLED")]


def test_calendar_feed_response_headers(client, lga_admin, programme):
    response = client.get(_feed_path(lga_admin))

    assert (response["Content-Type"], response["Content-Disposition"], response["Cache-Control"]) == (
        "text/calendar; charset=utf-8", 'inline; filename="peer-challenges.ics"', "private, no-store",
    )


def test_calendar_feed_of_an_fra_contact_not_found(client, fra_contact, programme):
    assert client.get(_feed_path(fra_contact)).status_code == 404


def test_calendar_feed_of_an_inactive_user_not_found(client, lga_admin, programme):
    path = _feed_path(lga_admin)
    lga_admin.is_active = False
    lga_admin.save()

    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "token",
    ["unknown", "x" * 64, "x" * 65, "x" * 5000, "%00", "abc%00def", "%E2%80%AE", "' OR '1'='1", "%25"],
)
def test_calendar_feed_unknown_token_not_found(client, lga_admin, programme, token):
    CalendarFeed.objects.create(user=lga_admin)

    assert client.get(f"/challenges/calendar/feed/{token}.ics").status_code == 404


def test_calendar_feed_token_with_a_nul_character_not_found(client, lga_admin):
    """PostgreSQL cannot compare text holding NUL: such an address is refused before asking it."""
    feed = CalendarFeed.objects.create(user=lga_admin)

    assert client.get(f"/challenges/calendar/feed/{feed.token}%00.ics").status_code == 404
    assert client.get(f"/challenges/calendar/feed/{feed.token}.ics").status_code == 200


def test_calendar_feed_needs_the_ics_suffix(client, lga_admin):
    feed = CalendarFeed.objects.create(user=lga_admin)

    assert client.get(f"/challenges/calendar/feed/{feed.token}").status_code == 404


@pytest.mark.parametrize("role", ["lga_admin", "lead_peer"])
def test_calendar_feed_queries_do_not_grow_with_challenges(client, user_for, lead_peer, django_assert_num_queries, role):
    """The feed and its user, and the challenges with their history's count and last change,
    within the savepoint of the request's transaction."""
    authorities = list(Authority.objects.order_by("name")[:20])
    path = _feed_path(user_for(role))

    def visit(authority):
        booked = ChallengeFactory(authority=authority, start_date=_future(30), end_date=_future(31))
        TeamMembershipFactory(challenge=booked, peer=lead_peer)

    visit(authorities[0])
    with django_assert_num_queries(4):
        one = client.get(path)
    for authority in authorities[1:]:
        visit(authority)
    with django_assert_num_queries(4):
        twenty = client.get(path)

    assert (len(_summaries(one)), len(_summaries(twenty))) == (1, 20)


# One challenge's .ics


def test_challenge_ics_download(client, sign_in, avon, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    challenge = ChallengeFactory(
        authority=avon, challenge_type=ChallengeType.DEEP_DIVE, start_date=_future(30), end_date=_future(31),
        second_start_date=_future(50), second_end_date=_future(52),
    )
    sign_in("adviser")

    response = client.get(f"/challenges/{challenge.pk}/calendar.ics")

    calendar = icalendar.Calendar.from_ical(response.content)
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/calendar; charset=utf-8", f'attachment; filename="peer-challenge-{challenge.pk}.ics"',
    )
    assert str(calendar["X-WR-CALNAME"]) == "Deep-dive themed peer challenge: Avon"
    assert [
        (str(e["UID"]), str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND"), str(e["STATUS"]), e.decoded("SEQUENCE"))
        for e in calendar.walk("VEVENT")
    ] == [
        (f"challenge-{challenge.pk}-phase-1@127.0.0.1", "Deep-dive themed peer challenge: Avon (phase 1 of 2)", _future(30), _future(32), "CONFIRMED", 0),
        (f"challenge-{challenge.pk}-phase-2@127.0.0.1", "Deep-dive themed peer challenge: Avon (phase 2 of 2)", _future(50), _future(53), "CONFIRMED", 0),
    ]


@pytest.mark.parametrize(
    ("status", "dated"),
    [(ChallengeStatus.REQUESTED, False), (ChallengeStatus.POSTPONED, False), (ChallengeStatus.SCOPING, True)],
)
def test_challenge_ics_of_an_undated_challenge_not_found(client, sign_in, avon, status, dated):
    challenge = ChallengeFactory(
        authority=avon, status=status, status_reason="Elections" if status == ChallengeStatus.POSTPONED else "",
        start_date=_future(30) if dated else None, end_date=_future(31) if dated else None,
    )
    sign_in("lga_admin")

    assert client.get(f"/challenges/{challenge.pk}/calendar.ics").status_code == 404


def test_challenge_ics_unknown_or_overflowing_id_not_found(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/challenges/999999/calendar.ics").status_code == 404
    assert client.get("/challenges/99999999999999999999999999/calendar.ics").status_code == 404
