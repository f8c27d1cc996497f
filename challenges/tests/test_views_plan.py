"""The team planner's pages (challenges/views/plan.py): who may plan, the plan a small pool gives,
pinning, ruling out and accepting its places, and the explanation of a place it cannot fill."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.forms.plan import next_quarter
from challenges.models import TeamBan, TeamMembership, TeamPin
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from challenges.tests.journeys import monday_in
from peersupport.models import OutboxEmail
from peersupport.tests.forms import date_fields, long_date
from peersupport.tests.html import error_summary, inline_code, notifications, page

pytestmark = pytest.mark.integration

PLAN_URL = "/challenges/plan/"
START = monday_in(10)
LAST = START + datetime.timedelta(days=3)


def authority(slug):
    return Authority.objects.get(slug=slug)


def period(first=START - datetime.timedelta(days=7), last=START + datetime.timedelta(days=60), **extra):
    return {**date_fields("period_from", first), **date_fields("period_to", last), **extra}


def plan_query(**extra) -> str:
    return "&".join(f"{name}={value}" for name, value in period(**extra).items())


def place_rows(response, challenge) -> list[str]:
    """The text of each place row of the challenge's plan, in order."""
    section = re.search(rf'<section [^>]*data-testid="plan-{challenge.pk}"[^>]*>(.*?)</section>', page(response), re.S)
    assert section, f"The plan has no section for challenge {challenge.pk}"
    rows = re.findall(r'<tr class="govuk-table__row" data-testid="place">(.*?)</tr>', section.group(1), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


def ticked(response) -> list[str]:
    return re.findall(r'name="places" type="checkbox" value="([^"]+)" form="plan-accept" checked', page(response))


def value(challenge, peer, role) -> str:
    return f"{challenge.pk}:{peer.pk}:{role}"


@pytest.fixture
def visit(avon):
    """An Operational Assessment of Avon (South West), confirmed, ten weeks ahead."""
    return ChallengeFactory(authority=avon, status=ChallengeStatus.CONFIRMED, start_date=START, end_date=LAST)


@pytest.fixture
def pool(db):
    """Enough peers for an Operational Assessment, none from the South West: Carol and Gus have
    each held a place in the last year (on a Kent challenge two months ago), Gus twice."""
    peers = {
        "alice": PeerFactory(full_name="Alice Ashworth", can_lead=True, home_authority=authority("kent")),
        "bob": PeerFactory(full_name="Bob Brennan", home_authority=authority("merseyside")),
        "carol": PeerFactory(full_name="Carol Chen", home_authority=authority("lancashire")),
        "gus": PeerFactory(full_name="Gus Gray", home_authority=authority("cleveland")),
        "dan": PeerFactory(full_name="Dan Dorsey", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.LABOUR,
                           home_authority=authority("essex")),
        "eve": PeerFactory(full_name="Eve Evans", peer_type=PeerType.BEYOND_SECTOR, home_authority=None,
                           home_organisation="NHS England"),
        "fay": PeerFactory(full_name="Fay Fisher", peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None),
    }
    earlier = timezone.localdate() - datetime.timedelta(days=60)
    for day in (earlier, earlier - datetime.timedelta(days=30)):
        past = ChallengeFactory(authority=authority("kent"), status=ChallengeStatus.PUBLISHED, start_date=day,
                                end_date=day + datetime.timedelta(days=3))
        TeamMembershipFactory(challenge=past, peer=peers["gus"])
        if day == earlier:
            TeamMembershipFactory(challenge=past, peer=peers["carol"])
    return peers


EXPECTED_PLAN = [
    "Lead peer Suggested Accept Alice Ashworth as lead peer for Avon Alice Ashworth Kent "
    "No places in the last 12 months From another region (South East) None Pin Alice Ashworth for Avon Rule out Alice Ashworth for Avon",
    "Member peer Suggested Accept Dan Dorsey as member peer for Avon Dan Dorsey Essex "
    "No places in the last 12 months From another region (East of England) None Pin Dan Dorsey for Avon Rule out Dan Dorsey for Avon",
    "Officer peer Suggested Accept Bob Brennan as officer peer for Avon Bob Brennan Merseyside "
    "No places in the last 12 months From another region (North West) "
    "Gus Gray (Cleveland): 2 places in the last 12 months; From another region (North East) "
    "Pin Bob Brennan for Avon Rule out Bob Brennan for Avon",
    "Officer peer Suggested Accept Carol Chen as officer peer for Avon Carol Chen Lancashire "
    "1 place in the last 12 months From another region (North West) "
    "Gus Gray (Cleveland): 2 places in the last 12 months; From another region (North East) "
    "Pin Carol Chen for Avon Rule out Carol Chen for Avon",
    "Peer from beyond the sector Suggested Accept Eve Evans as peer from beyond the sector for Avon Eve Evans NHS England "
    "No places in the last 12 months None Pin Eve Evans for Avon Rule out Eve Evans for Avon",
    "LGA challenge manager Suggested Accept Fay Fisher as LGA challenge manager for Avon Fay Fisher Local Government Association "
    "No places in the last 12 months None Pin Fay Fisher for Avon Rule out Fay Fisher for Avon",
]


# Who may plan ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("fra_contact", 404), ("lead_peer", 404), ("anonymous", 302),
])
def test_plan_page_for_each_role(client, sign_in, role, status):
    sign_in(role)

    response = client.get(PLAN_URL)

    assert response.status_code == status
    if role == "anonymous":
        assert response.url == "/sign-in/?next=/challenges/plan/"


@pytest.mark.parametrize("url", ["/challenges/plan/pin/", "/challenges/plan/accept/", "/challenges/plan/ban/"])
@pytest.mark.parametrize("role", ["fra_contact", "lead_peer"])
def test_plan_actions_are_not_there_for_others(client, sign_in, visit, pool, url, role):
    sign_in(role)

    response = client.post(url, {"place": value(visit, pool["bob"], TeamRole.OFFICER_PEER), "places": [value(visit, pool["bob"], TeamRole.OFFICER_PEER)]})

    assert response.status_code == 404
    assert (TeamPin.objects.count(), TeamBan.objects.count(), TeamMembership.objects.filter(challenge=visit).count()) == (0, 0, 0)


def test_adviser_plans_their_own_regions_challenges_only(client, sign_in, visit, pool):
    ChallengeFactory(authority=authority("lancashire"), start_date=START, end_date=LAST)

    sign_in("adviser")
    response = client.get(f"{PLAN_URL}?{plan_query()}")

    assert [plan["facts"].id for plan in response.context["plans"]] == [visit.pk]
    assert 'name="region"' not in page(response)


def test_admin_plans_every_region_or_one(client, sign_in, visit, pool):
    lancashire = ChallengeFactory(authority=authority("lancashire"), start_date=START, end_date=LAST)
    sign_in("lga_admin")

    every = client.get(f"{PLAN_URL}?{plan_query()}")
    north_west = client.get(f"{PLAN_URL}?{plan_query(region='north_west')}")

    assert [plan["facts"].id for plan in every.context["plans"]] == [visit.pk, lancashire.pk]
    assert [plan["facts"].id for plan in north_west.context["plans"]] == [lancashire.pk]


def test_plan_leaves_out_challenges_not_scoping_or_confirmed_or_outside_the_period(client, sign_in, visit, pool, avon):
    ChallengeFactory(authority=avon, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None)
    ChallengeFactory(authority=avon, status=ChallengeStatus.ON_SITE, start_date=START, end_date=LAST)
    later = START + datetime.timedelta(days=120)
    ChallengeFactory(authority=avon, start_date=later, end_date=later + datetime.timedelta(days=2))
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query()}")

    assert [plan["facts"].id for plan in response.context["plans"]] == [visit.pk]


def test_plan_defaults_to_the_next_quarter(client, sign_in):
    sign_in("lga_admin")

    response = client.get(PLAN_URL)

    first, last = next_quarter()
    assert (response.context["period"].cleaned_data["period_from"], response.context["period"].cleaned_data["period_to"]) == (first, last)
    boxes = [f'name="{name}_{i}" value="{part}"' for name, day in (("period_from", first), ("period_to", last))
             for i, part in enumerate((day.day, day.month, day.year))]
    assert [box for box in boxes if box in page(response)] == boxes


def test_next_quarter_after_the_last_quarter_is_in_the_next_year():
    assert next_quarter(datetime.date(2027, 11, 20)) == (datetime.date(2028, 1, 1), datetime.date(2028, 3, 31))
    assert next_quarter(datetime.date(2027, 2, 1)) == (datetime.date(2027, 4, 1), datetime.date(2027, 6, 30))


@pytest.mark.parametrize(("query", "errors"), [
    (period(first=START, last=START - datetime.timedelta(days=1)), ["The last day of the period must be the same as or after the first day"]),
    (period(first=START, last=START + datetime.timedelta(days=400)), ["The period must be a year or shorter"]),
    ({**period(), "period_from_0": "31", "period_from_1": "2"}, ["The first day of the period must be a real date"]),
    ({**period(), "period_to_2": "9999"}, [f"The last day of the period must be between 1 January 2009 and 31 December {timezone.localdate().year + 5}"]),
])
def test_plan_period_errors_in_the_error_summary(client, sign_in, visit, pool, query, errors):
    sign_in("lga_admin")

    response = client.get(PLAN_URL, query)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert response.context["plans"] == []


# The plan ---------------------------------------------------------------------------------


def test_plan_suggests_the_pool_with_reasons_and_alternates(client, sign_in, visit, pool):
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query()}")

    assert place_rows(response, visit) == EXPECTED_PLAN
    assert ticked(response) == [
        value(visit, pool[name], role) for name, role in [
            ("alice", TeamRole.LEAD_PEER), ("dan", TeamRole.MEMBER_PEER), ("bob", TeamRole.OFFICER_PEER),
            ("carol", TeamRole.OFFICER_PEER), ("eve", TeamRole.BEYOND_SECTOR), ("fay", TeamRole.CHALLENGE_MANAGER),
        ]
    ]
    assert f'href="/challenges/{visit.pk}/team/">Avon</a>' in page(response)
    assert f"On site {long_date(START)} to {long_date(LAST)} · Confirmed" in " ".join(page(response).split())
    assert inline_code(response) == []


def test_plan_shows_a_soft_conflict_beside_the_peer(client, sign_in, visit, pool):
    pool["dan"].delete()
    PeerFactory(full_name="Hal Hughes", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.GREEN, home_authority=authority("cornwall"))
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query()}")

    assert place_rows(response, visit)[1] == (
        "Member peer Suggested Accept Hal Hughes as member peer for Avon Hal Hughes Cornwall No places in the last 12 months "
        "Soft conflict: From the same region as the authority (South West) None Pin Hal Hughes for Avon Rule out Hal Hughes for Avon"
    )


def test_unfillable_place_is_explained_with_the_smallest_change(client, sign_in, visit, pool):
    pool["fay"].delete()
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query()}")

    week = START - datetime.timedelta(days=START.weekday())
    assert place_rows(response, visit)[-1] == (
        f"LGA challenge manager Cannot be filled ! Warning No active LGA challenge manager is in the pool for Avon in the week "
        f"of {week.day} {week:%B %Y} Smallest change: Add an LGA challenge manager to the pool"
    )


def test_a_lead_wanted_by_two_visits_at_once_is_explained_where_the_plan_leaves_it_out(client, sign_in, visit, pool):
    """Alice, the only peer who can lead, is from the South East: the plan sends her to Avon
    rather than, with a soft conflict, to Surrey in the same week."""
    surrey = ChallengeFactory(authority=authority("surrey"), challenge_type=ChallengeType.TARGETED, start_date=START, end_date=LAST)
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query()}")

    week = START - datetime.timedelta(days=START.weekday())
    assert place_rows(response, visit)[0].startswith("Lead peer Suggested Accept Alice Ashworth as lead peer for Avon")
    assert place_rows(response, surrey)[0] == (
        f"Lead peer Cannot be filled ! Warning No lead peer is free for both Surrey and Avon in the week of {week.day} {week:%B %Y}: "
        "1 could go (Alice Ashworth), and the plan needs them there "
        "Smallest change: Move one of these visits to another week, or add a lead peer to the pool"
    )


def test_replanning_after_a_decline_fills_only_the_empty_place(client, sign_in, visit, pool, lga_admin):
    for name, role in [("alice", TeamRole.LEAD_PEER), ("dan", TeamRole.MEMBER_PEER), ("carol", TeamRole.OFFICER_PEER),
                       ("eve", TeamRole.BEYOND_SECTOR), ("fay", TeamRole.CHALLENGE_MANAGER)]:
        TeamMembershipFactory(challenge=visit, peer=pool[name], role=role, holds_visit=True)
    TeamMembershipFactory(challenge=visit, peer=pool["bob"], role=TeamRole.OFFICER_PEER, state=PlaceState.DECLINED,
                          decline_reason="On leave that week")
    sign_in("lga_admin")

    response = client.get(f"{PLAN_URL}?{plan_query(challenge=visit.pk)}")

    assert place_rows(response, visit) == [
        "Lead peer Accepted Alice Ashworth Kent",
        "Member peer Accepted Dan Dorsey Essex",
        "Officer peer Accepted Carol Chen Lancashire",
        "Officer peer Suggested Accept Gus Gray as officer peer for Avon Gus Gray Cleveland New: in place of Bob Brennan, who declined "
        "2 places in the last 12 months From another region (North East) None Pin Gus Gray for Avon Rule out Gus Gray for Avon",
        "Peer from beyond the sector Accepted Eve Evans NHS England",
        "LGA challenge manager Accepted Fay Fisher Local Government Association",
    ]
    assert ticked(response) == [value(visit, pool["gus"], TeamRole.OFFICER_PEER)]
    assert "Planning the team of Avon again" in page(response)


def test_moves_let_a_proposal_not_yet_invited_go_to_someone_else(client, sign_in, visit, pool, lga_admin):
    """Zed, proposed as lead and since ruled out, keeps the place unless proposals may move."""
    zed = PeerFactory(full_name="Zed Zhou", can_lead=True, home_authority=authority("durham"))
    TeamMembershipFactory(challenge=visit, peer=zed, role=TeamRole.LEAD_PEER, state=PlaceState.PROPOSED, holds_visit=True)
    TeamBan.objects.create(challenge=visit, peer=zed, reason="", banned_by=lga_admin)
    sign_in("lga_admin")

    kept = client.get(f"{PLAN_URL}?{plan_query()}")
    moved = client.get(f"{PLAN_URL}?{plan_query(allow_moves='on')}")

    assert place_rows(kept, visit)[0] == "Lead peer Proposed Zed Zhou Durham"
    assert place_rows(moved, visit)[0] == (
        "Lead peer Suggested Accept Alice Ashworth as lead peer for Avon Alice Ashworth Kent New: in place of Zed Zhou, proposed before "
        "No places in the last 12 months From another region (South East) None Pin Alice Ashworth for Avon Rule out Alice Ashworth for Avon"
    )
    assert 'name="allow_moves" class="govuk-checkboxes__input" id="id_allow_moves" checked' in page(moved)


@pytest.mark.parametrize("challenge", ["99999999999999999999", "0", "x"])
def test_replanning_no_challenge_is_404(client, sign_in, visit, challenge):
    sign_in("lga_admin")

    response = client.get(PLAN_URL, period(challenge=challenge))

    assert response.status_code == 404


def test_replanning_a_challenge_the_adviser_does_not_manage_is_404(client, sign_in, avon, pool):
    lancashire = ChallengeFactory(authority=authority("lancashire"), start_date=START, end_date=LAST)
    sign_in("adviser")

    response = client.get(f"{PLAN_URL}?{plan_query(challenge=lancashire.pk)}")

    assert response.status_code == 404


# Pins and bans ----------------------------------------------------------------------------


def test_pin_keeps_the_peer_in_later_plans(client, sign_in, visit, pool):
    sign_in("adviser")
    back = f"{PLAN_URL}?{plan_query()}"

    response = client.post("/challenges/plan/pin/", {"place": value(visit, pool["gus"], TeamRole.OFFICER_PEER), "next": back})

    assert (response.status_code, response.url) == (302, back)
    pin = TeamPin.objects.get()
    assert (pin.challenge, pin.peer, pin.role) == (visit, pool["gus"], TeamRole.OFFICER_PEER)
    replanned = client.get(back)
    assert notifications(replanned) == ["Gus Gray pinned as officer peer for Avon: every plan keeps them there"]
    officers = [row for row in place_rows(replanned, visit) if row.startswith("Officer peer")]
    assert officers == [
        "Officer peer Pinned Accept Gus Gray as officer peer for Avon Gus Gray Cleveland 2 places in the last 12 months "
        "From another region (North East) Unpin Gus Gray for Avon Rule out Gus Gray for Avon",
        "Officer peer Suggested Accept Bob Brennan as officer peer for Avon Bob Brennan Merseyside "
        "No places in the last 12 months From another region (North West) "
        "Carol Chen (Lancashire): 1 place in the last 12 months; From another region (North West) "
        "Pin Bob Brennan for Avon Rule out Bob Brennan for Avon",
    ]
    assert value(visit, pool["gus"], TeamRole.OFFICER_PEER) in ticked(replanned)


def test_unpin_lets_the_plan_choose_again(client, sign_in, visit, pool, lga_admin):
    pin = TeamPin.objects.create(challenge=visit, peer=pool["gus"], role=TeamRole.OFFICER_PEER, pinned_by=lga_admin)
    sign_in("lga_admin")
    back = f"{PLAN_URL}?{plan_query()}"

    response = client.post(f"/challenges/plan/pins/{pin.pk}/remove/", {"next": back})

    assert (response.status_code, response.url) == (302, back)
    assert TeamPin.objects.count() == 0
    assert place_rows(client.get(back), visit) == EXPECTED_PLAN


def test_pin_of_a_peer_with_a_hard_conflict_is_refused(client, sign_in, visit, pool, avon):
    own = PeerFactory(full_name="Ian Irving", home_authority=avon)
    sign_in("lga_admin")
    back = f"{PLAN_URL}?{plan_query()}"

    response = client.post("/challenges/plan/pin/", {"place": value(visit, own, TeamRole.OFFICER_PEER), "next": back}, follow=True)

    assert TeamPin.objects.count() == 0
    assert notifications(response) == ["Ian Irving belongs to Avon, the authority challenged"]


def test_ban_asks_a_reason_and_removes_the_peer_from_the_plan(client, sign_in, visit, pool):
    sign_in("adviser")
    back = f"{PLAN_URL}?{plan_query()}"
    place = value(visit, pool["bob"], TeamRole.OFFICER_PEER)

    form = client.get("/challenges/plan/ban/", {"place": place, "next": back})
    response = client.post("/challenges/plan/ban/", {"place": place, "next": back, "reason": "Reviewed Avon's plan last year"})

    assert "Rule out Bob Brennan" in page(form)
    assert (response.status_code, response.url) == (302, back)
    ban = TeamBan.objects.get()
    assert (ban.challenge, ban.peer, ban.reason) == (visit, pool["bob"], "Reviewed Avon's plan last year")
    replanned = client.get(back)
    assert notifications(replanned) == ["Bob Brennan is ruled out for Avon: no plan will offer them"]
    assert "Bob Brennan" not in " ".join(place_rows(replanned, visit))
    assert [row.split(" Accept ")[1].split(" as ")[0] for row in place_rows(replanned, visit) if row.startswith("Officer peer")] == [
        "Carol Chen", "Gus Gray",
    ]
    assert "Bob Brennan: Reviewed Avon&#x27;s plan last year" in page(replanned)


@pytest.mark.parametrize(("reason", "error"), [
    ("x" * 501, "The reason must be 500 characters or fewer"),
    ("Busy\u202eevil", "The reason must not include hidden or control characters"),
    ("Busy\x00", "The reason must not include hidden or control characters"),
    ("Two\nlines", "The reason must be on one line"),
])
def test_ban_with_a_hostile_reason_is_refused(client, sign_in, visit, pool, reason, error):
    sign_in("lga_admin")

    response = client.post("/challenges/plan/ban/", {"place": value(visit, pool["bob"], TeamRole.OFFICER_PEER), "reason": reason})

    assert error_summary(response) == [error]
    assert TeamBan.objects.count() == 0


def test_unban_brings_the_peer_back(client, sign_in, visit, pool, lga_admin):
    ban = TeamBan.objects.create(challenge=visit, peer=pool["bob"], reason="", banned_by=lga_admin)
    sign_in("lga_admin")
    back = f"{PLAN_URL}?{plan_query()}"

    response = client.post(f"/challenges/plan/bans/{ban.pk}/remove/", {"next": back})

    assert (response.status_code, response.url) == (302, back)
    assert TeamBan.objects.count() == 0
    assert place_rows(client.get(back), visit) == EXPECTED_PLAN


@pytest.mark.parametrize("next_url", ["https://evil.example/challenges/plan/", "//evil.example/", "/accounts/logout/", "javascript:alert(1)"])
def test_actions_return_only_to_the_planner(client, sign_in, visit, pool, next_url):
    sign_in("lga_admin")

    response = client.post("/challenges/plan/pin/", {"place": value(visit, pool["bob"], TeamRole.OFFICER_PEER), "next": next_url})

    assert (response.status_code, response.url) == (302, PLAN_URL)


@pytest.mark.parametrize("place", ["", "1:2", "x:y:officer_peer", "1:2:chief", "1:2:officer_peer' OR 1=1", "99999999999999999999:1:lead_peer"])
def test_pin_of_no_place_is_404(client, sign_in, visit, pool, place):
    sign_in("lga_admin")

    response = client.post("/challenges/plan/pin/", {"place": place})

    assert response.status_code == 404
    assert TeamPin.objects.count() == 0


def test_adviser_of_another_region_cannot_pin_ban_or_accept(client, sign_in, visit, pool, lga_admin):
    pin = TeamPin.objects.create(challenge=visit, peer=pool["gus"], role=TeamRole.OFFICER_PEER, pinned_by=lga_admin)
    ban = TeamBan.objects.create(challenge=visit, peer=pool["carol"], reason="", banned_by=lga_admin)
    sign_in("other_adviser")
    place = value(visit, pool["bob"], TeamRole.OFFICER_PEER)

    responses = [
        client.post("/challenges/plan/pin/", {"place": place}),
        client.get("/challenges/plan/ban/", {"place": place}),
        client.post("/challenges/plan/ban/", {"place": place, "reason": "No"}),
        client.post(f"/challenges/plan/pins/{pin.pk}/remove/"),
        client.post(f"/challenges/plan/bans/{ban.pk}/remove/"),
    ]
    accept = client.post("/challenges/plan/accept/", {"places": [place], "next": PLAN_URL})

    assert [response.status_code for response in responses] == [404] * 5
    assert error_summary(accept) == ["Choose places from the plan"]
    assert list(TeamPin.objects.values_list("pk", flat=True)) == [pin.pk]
    assert list(TeamBan.objects.values_list("pk", flat=True)) == [ban.pk]
    assert (TeamMembership.objects.filter(challenge=visit).count(), OutboxEmail.objects.count()) == (0, 0)


# Accepting the plan -----------------------------------------------------------------------


def test_accept_invites_the_places_ticked(client, sign_in, visit, pool):
    sign_in("adviser")
    back = f"{PLAN_URL}?{plan_query()}"
    chosen = [("alice", TeamRole.LEAD_PEER), ("bob", TeamRole.OFFICER_PEER), ("fay", TeamRole.CHALLENGE_MANAGER)]

    response = client.post("/challenges/plan/accept/", {"places": [value(visit, pool[n], r) for n, r in chosen], "next": back})

    assert (response.status_code, response.url) == (302, back)
    places = TeamMembership.objects.filter(challenge=visit).order_by("peer__full_name")
    assert [(p.peer.full_name, p.role, p.state, bool(p.invitation_token)) for p in places] == [
        ("Alice Ashworth", TeamRole.LEAD_PEER, PlaceState.INVITED, True),
        ("Bob Brennan", TeamRole.OFFICER_PEER, PlaceState.INVITED, True),
        ("Fay Fisher", TeamRole.CHALLENGE_MANAGER, PlaceState.INVITED, True),
    ]
    emails = OutboxEmail.objects.order_by("recipients")
    assert [(email.recipients, email.subject) for email in emails] == [
        (pool[n].email, "Invitation to a peer team: Avon Fire Authority") for n, _ in chosen
    ]
    assert f"/challenges/invitations/{places[0].invitation_token}/" in emails[0].body
    replanned = client.get(back)
    assert notifications(replanned) == [
        "3 invitations sent: Alice Ashworth (Avon, lead peer), Bob Brennan (Avon, officer peer), "
        "Fay Fisher (Avon, LGA challenge manager)"
    ]
    assert place_rows(replanned, visit)[0] == "Lead peer Invited Alice Ashworth Kent"


def test_accept_without_a_place_ticked_says_so(client, sign_in, visit, pool):
    sign_in("lga_admin")

    response = client.post("/challenges/plan/accept/", {"next": f"{PLAN_URL}?{plan_query()}"})

    assert response.status_code == 200
    assert error_summary(response) == ["Choose at least one place to accept"]
    assert ticked(response) == []
    assert place_rows(response, visit)[0].startswith("Lead peer Suggested")


def test_accept_of_a_soft_conflict_needs_the_reason(client, sign_in, visit, pool):
    hal = PeerFactory(full_name="Hal Hughes", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.GREEN, home_authority=authority("cornwall"))
    sign_in("lga_admin")
    back = f"{PLAN_URL}?{plan_query()}"
    places = [value(visit, hal, TeamRole.MEMBER_PEER), value(visit, pool["bob"], TeamRole.OFFICER_PEER)]

    refused = client.post("/challenges/plan/accept/", {"places": places, "next": back})
    accepted = client.post("/challenges/plan/accept/", {"places": places, "next": back, "soft_conflict_reason": "Knows the Avon area best"})

    assert error_summary(refused) == ["Enter why you chose Hal Hughes despite a soft conflict"]
    assert ticked(refused) == [places[1]]  # as they were ticked: Hal is not the plan's choice
    assert (accepted.status_code, accepted.url) == (302, back)
    place = TeamMembership.objects.get(peer=hal)
    assert (place.state, place.soft_conflicts, place.soft_conflict_reason) == (
        PlaceState.INVITED, "From the same region as the authority (South West)", "Knows the Avon area best",
    )


def test_accept_is_all_or_nothing(client, sign_in, visit, pool, avon):
    own = PeerFactory(full_name="Ian Irving", home_authority=avon)
    sign_in("lga_admin")

    response = client.post("/challenges/plan/accept/", {
        "places": [value(visit, pool["bob"], TeamRole.OFFICER_PEER), value(visit, own, TeamRole.OFFICER_PEER)],
        "next": f"{PLAN_URL}?{plan_query()}",
    })

    assert error_summary(response) == ["Avon: Ian Irving belongs to Avon, the authority challenged"]
    assert (TeamMembership.objects.filter(challenge=visit).count(), OutboxEmail.objects.count()) == (0, 0)


@pytest.mark.parametrize("places", [["1:2"], ["<script>:1:lead_peer"], ["1:2:lead_peer\x00"]])
def test_accept_of_values_not_from_a_plan_is_refused(client, sign_in, visit, pool, places):
    sign_in("lga_admin")

    response = client.post("/challenges/plan/accept/", {"places": places, "next": PLAN_URL})

    assert response.status_code == 200
    assert error_summary(response) == ["Choose places from the plan"]
    assert TeamMembership.objects.filter(challenge=visit).count() == 0


def test_accept_is_post_only(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/challenges/plan/accept/").status_code == 405
