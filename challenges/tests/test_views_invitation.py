"""Answering an invitation to a team from the email's link (challenges/views/invitation.py),
without signing in; the peer's home page listing the invitations; the daily reminder."""

import datetime

import pytest
from django.utils import timezone

from authorities.models import Authority
from authorities.tests.factories import PeerFactory, PeerUserFactory
from challenges import tasks
from challenges.choices import PlaceState, TeamRole
from challenges.models import TeamMembership
from challenges.services.team import team_invitations_send, team_place_withdraw
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from challenges.tests.journeys import monday_in
from peersupport.models import OutboxEmail
from peersupport.tests.forms import long_date
from peersupport.tests.html import error_summary, inline_code, main_text, notifications, page, section_text

pytestmark = pytest.mark.integration

START = monday_in(10)
LAST = START + datetime.timedelta(days=3)


@pytest.fixture
def visit(avon, adviser):
    return ChallengeFactory(authority=avon, start_date=START, end_date=LAST, principal_adviser=adviser)


@pytest.fixture
def invitee(db):
    """A peer with a login, from Kent."""
    return PeerFactory(full_name="Bob Brennan", home_authority=Authority.objects.get(slug="kent"), user=PeerUserFactory())


@pytest.fixture
def place(visit, invitee, lga_admin):
    """Bob's place as an officer peer, proposed and then invited by email; Alice leads the team
    (accepted) and Carol is invited too."""
    alice = PeerFactory(full_name="Alice Ashworth", can_lead=True, home_authority=Authority.objects.get(slug="essex"))
    TeamMembershipFactory(challenge=visit, peer=alice, role=TeamRole.LEAD_PEER, holds_visit=True)
    carol = PeerFactory(full_name="Carol Chen", home_authority=Authority.objects.get(slug="lancashire"))
    TeamMembershipFactory(challenge=visit, peer=carol, role=TeamRole.OFFICER_PEER, state=PlaceState.INVITED,
                          invitation_token="carols-own-token", holds_visit=True)
    proposed = TeamMembershipFactory(challenge=visit, peer=invitee, role=TeamRole.OFFICER_PEER, state=PlaceState.PROPOSED, holds_visit=True)
    team_invitations_send(by=lga_admin, challenge=visit, places=[proposed])
    OutboxEmail.objects.all().delete()
    proposed.refresh_from_db()
    return proposed


def url(place) -> str:
    return f"/challenges/invitations/{place.invitation_token}/"


def test_invitation_page_shows_the_challenge_and_the_team_without_signing_in(client, place):
    response = client.get(url(place))

    assert response.status_code == 200
    text = main_text(response)
    assert text.startswith(
        "Invitation to a peer team Avon Fire Authority Bob Brennan, you are invited to join the peer team for the operational "
        "assessment and fire peer challenge of Avon Fire Authority, as officer peer. "
        "Authority Avon Fire Authority Type of challenge Operational Assessment and fire peer challenge "
        f"On site {long_date(START)} to {long_date(LAST)} Your role Officer peer "
        "Who else is on the team Alice Ashworth, lead peer Carol Chen, officer peer (not yet answered) "
        "Can you take part?"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert inline_code(response) == []


def test_accepting_the_invitation(client, place):
    response = client.post(url(place), {"answer": "accept"})

    assert (response.status_code, response.url) == (302, url(place))
    place.refresh_from_db()
    assert (place.state, place.answered_at is not None) == (PlaceState.ACCEPTED, True)
    shown = client.get(url(place))
    assert notifications(shown) == ["Thank you: you have accepted your place as officer peer"]
    assert 'name="answer"' not in page(shown)
    assert f"You accepted this place on {long_date(timezone.localdate())}. The principal adviser will confirm the team." in main_text(shown)


def test_declining_with_a_reason_tells_the_adviser(client, place, adviser):
    response = client.post(url(place), {"answer": "decline", "decline_reason": "On leave that week"})

    assert (response.status_code, response.url) == (302, url(place))
    place.refresh_from_db()
    assert (place.state, place.decline_reason) == (PlaceState.DECLINED, "On leave that week")
    email = OutboxEmail.objects.get()
    assert adviser.email in email.recipients
    assert "On leave that week" in email.body
    shown = client.get(url(place))
    assert notifications(shown) == ["Thank you: you have declined, and the principal adviser has been told"]
    assert f"You declined this place on {long_date(timezone.localdate())}: On leave that week" in main_text(shown)
    assert 'name="answer"' not in page(shown)


@pytest.mark.parametrize(("data", "errors"), [
    ({"answer": "decline"}, ["Enter why you cannot take part"]),
    ({"answer": "decline", "decline_reason": "   "}, ["Enter why you cannot take part"]),
    ({}, ["Choose whether you can take part"]),
    ({"answer": "maybe"}, ["Choose whether you can take part"]),
    ({"answer": "decline", "decline_reason": "x" * 501}, ["The reason must be 500 characters or fewer"]),
    ({"answer": "decline", "decline_reason": "Away\u202e"}, ["The reason must not include hidden or control characters"]),
    ({"answer": "decline", "decline_reason": "Away\x00"}, ["The reason must not include hidden or control characters"]),
    ({"answer": "decline", "decline_reason": "Away\nall week"}, ["The reason must be on one line"]),
])
def test_an_answer_with_errors_changes_nothing(client, place, data, errors):
    response = client.post(url(place), data)

    assert response.status_code == 200
    assert error_summary(response) == errors
    place.refresh_from_db()
    assert place.state == PlaceState.INVITED
    assert OutboxEmail.objects.count() == 0


def test_markup_in_a_reason_is_shown_as_text(client, place):
    client.post(url(place), {"answer": "decline", "decline_reason": "<script>alert('x')</script>"})

    shown = client.get(url(place))

    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page(shown)
    assert inline_code(shown) == []


@pytest.mark.parametrize("token", ["not-a-token", "x" * 65, "carols-own-token-but-longer", "%00", "%0A", "' OR 1=1 --"])
def test_an_unknown_token_is_404(client, place, token):
    assert client.get(f"/challenges/invitations/{token}/").status_code == 404
    assert client.post(f"/challenges/invitations/{token}/", {"answer": "accept"}).status_code == 404


def test_a_real_token_with_more_after_it_is_404(client, place):
    assert client.get(f"/challenges/invitations/{place.invitation_token}%0A/").status_code == 404
    assert client.get(f"/challenges/invitations/{place.invitation_token}x/").status_code == 404


def test_a_withdrawn_invitation_is_404(client, place, lga_admin):
    old = url(place)
    team_place_withdraw(by=lga_admin, place=place)

    assert client.get(old).status_code == 404
    assert client.post(old, {"answer": "accept"}).status_code == 404
    place.refresh_from_db()
    assert place.state == PlaceState.WITHDRAWN


def test_answering_twice_changes_nothing(client, place):
    client.post(url(place), {"answer": "accept"})

    response = client.post(url(place), {"answer": "decline", "decline_reason": "Changed my mind"})

    assert response.status_code == 200
    place.refresh_from_db()
    assert (place.state, place.decline_reason) == (PlaceState.ACCEPTED, "")
    assert OutboxEmail.objects.count() == 0


def test_accepting_when_now_busy_elsewhere_is_refused(client, place, invitee, avon):
    # Built directly: the services, and PostgreSQL's exclusion constraint, never let a peer hold
    # two overlapping places, so the invited place lets go of its dates first.
    TeamMembership.objects.filter(pk=place.pk).update(on_site_from=None, on_site_to=None)
    clash = ChallengeFactory(authority=Authority.objects.get(slug="cornwall"), start_date=START, end_date=LAST)
    TeamMembershipFactory(challenge=clash, peer=invitee, role=TeamRole.OFFICER_PEER, holds_visit=True)

    response = client.post(url(place), {"answer": "accept"})

    assert response.status_code == 200
    assert error_summary(response) == [
        f"Bob Brennan is on the team of Cornwall, on site from {long_date(START)} to {long_date(LAST)}, at the same time"
    ]
    place.refresh_from_db()
    assert place.state == PlaceState.INVITED


def test_a_signed_in_peer_answers_the_same_way(client, place, invitee):
    client.force_login(invitee.user)

    response = client.post(url(place), {"answer": "accept"})

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.state == PlaceState.ACCEPTED


# The peer's home page --------------------------------------------------------------------


def test_home_lists_the_invitations_to_answer(client, place, invitee):
    client.force_login(invitee.user)

    response = client.get("/")

    assert section_text(response, "peer-invitations") == (
        f"Invitations to answer 1 Avon: Operational Assessment and fire peer challenge "
        f"{START.day} {START:%b %Y} to {LAST.day} {LAST:%b %Y} · Confirmed · Invited as officer peer: accept or decline"
    )
    assert f'href="{url(place)}"' in page(response)


def test_home_has_no_invitations_once_answered(client, place, invitee):
    client.post(url(place), {"answer": "accept"})
    client.force_login(invitee.user)

    response = client.get("/")

    assert section_text(response, "peer-invitations") == "Invitations to answer 0 No invitations are waiting for your answer."


# The daily reminder ------------------------------------------------------------------------


def test_daily_task_reminds_an_invitation_unanswered_for_a_week_once(place, visit):
    fresh = TeamMembershipFactory(
        challenge=visit, peer=PeerFactory(full_name="Dee Dunn", home_authority=Authority.objects.get(slug="durham")),
        state=PlaceState.INVITED, invitation_token="a-fresh-token", invited_at=timezone.now() - datetime.timedelta(days=6),
    )
    TeamMembership.objects.filter(pk=place.pk).update(invited_at=timezone.now() - datetime.timedelta(days=8))

    first = tasks.challenges_daily.apply().get()
    second = tasks.challenges_daily.apply().get()

    assert (first["invitations reminded"], second["invitations reminded"]) == (1, 0)
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (
        place.peer.email, "Reminder: your invitation to the peer team for Avon Fire Authority",
    )
    assert f"/challenges/invitations/{place.invitation_token}/" in email.body
    fresh.refresh_from_db()
    assert fresh.reminded_at is None
