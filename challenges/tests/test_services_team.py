"""The team's services (challenges/services/team.py): invitations and their answers, withdrawals,
reminders, the team's visit kept in step with the challenge's dates, pins and bans, and
accepting a plan, all or nothing. Every email goes through the outbox."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority
from authorities.tests.factories import PeerFactory, PeerUserFactory
from challenges.choices import ChallengeStatus, PlaceState, TeamRole
from challenges.models import TeamBan, TeamConcern, TeamMembership, TeamPin
from challenges.services.challenge import challenge_reschedule, challenge_scope
from challenges.services.status import challenge_status_change
from challenges.services.team import (
    team_ban,
    team_concern_answer,
    team_concern_raise,
    team_invitation_answer,
    team_invitations_send,
    team_member_add,
    team_pin,
    team_place_withdraw,
    team_plan_accept,
    team_reminders_send,
)
from peersupport.formats import date_range
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory, TeamMembershipFactory
from .journeys import monday_in

pytestmark = pytest.mark.integration

START = monday_in(10)
END = START + datetime.timedelta(days=3)
LATER = monday_in(14)
LATER_END = LATER + datetime.timedelta(days=3)
OFFICER = TeamRole.OFFICER_PEER
INVITATION = "Invitation to a peer team: Avon Fire Authority"


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _officer(name="Priya Shah", home="kent", **fields):
    return PeerFactory(full_name=name, home_authority=_authority(home), **fields)


def _member(name="Cllr Owen Hughes", group=PoliticalGroup.LABOUR, **fields):
    return PeerFactory(full_name=name, peer_type=PeerType.MEMBER, political_group=group, home_authority=_authority("kent"), **fields)


@pytest.fixture
def visit(avon, adviser):
    """A confirmed Operational Assessment of Avon, ten weeks ahead, overseen by the South West adviser."""
    return ChallengeFactory(authority=avon, start_date=START, end_date=END, principal_adviser=adviser)


@pytest.fixture
def invited(adviser, visit):
    """Priya Shah, with a login, invited as an officer peer."""
    peer = _officer(user=PeerUserFactory())
    place = team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER)
    team_invitations_send(by=adviser, challenge=visit)
    OutboxEmail.objects.all().delete()
    place.refresh_from_db()
    return place


def _emails():
    return [(email.recipients, email.subject) for email in OutboxEmail.objects.order_by("id")]


def _state(place):
    place.refresh_from_db()
    return place.state


# Proposing a peer ---------------------------------------------------------------------------


def test_member_add_proposes_holding_the_visit_and_tells_no_one(adviser, visit):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)

    place.refresh_from_db()
    assert (place.state, place.role, place.added_by, place.on_site_from, place.on_site_to) == (
        PlaceState.PROPOSED, OFFICER, adviser, START, END
    )
    assert (place.invitation_token, place.invited_at, OutboxEmail.objects.count()) == (None, None, 0)


def test_member_add_undated_challenge_holds_no_visit(adviser, avon):
    scoping = ChallengeFactory(authority=avon, status=ChallengeStatus.SCOPING, start_date=None, end_date=None)

    place = team_member_add(by=adviser, challenge=scoping, peer=_officer(), role=OFFICER)

    assert (place.on_site_from, place.on_site_to) == (None, None)


def test_member_add_refused_once_the_report_is_out(adviser, avon):
    published = ChallengeFactory(authority=avon, status=ChallengeStatus.PUBLISHED)

    with pytest.raises(ValidationError) as error:
        team_member_add(by=adviser, challenge=published, peer=_officer(), role=OFFICER)

    assert error.value.messages == ["The team of a challenge that is ‘Report published’ can no longer change"]


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact"])
def test_member_add_refused_to_anyone_who_does_not_manage_the_challenge(visit, user_for, role):
    with pytest.raises(PermissionDenied, match="^You cannot change this challenge.$"):
        team_member_add(by=user_for(role), challenge=visit, peer=_officer(), role=OFFICER)

    assert not visit.team.exists()


# Invitations ----------------------------------------------------------------------------------


def test_invitations_send_invites_each_proposed_place_with_its_own_link(adviser, visit):
    officer = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)
    member = team_member_add(by=adviser, challenge=visit, peer=_member(), role=TeamRole.MEMBER_PEER)
    accepted = TeamMembershipFactory(challenge=visit, peer=_officer("Bea Officer"))
    before = timezone.now()

    sent = team_invitations_send(by=adviser, challenge=visit)

    assert {place.pk for place in sent} == {officer.pk, member.pk}
    for place in (officer, member):
        place.refresh_from_db()
        assert (place.state, place.invited_at >= before, len(place.invitation_token) >= 40) == (PlaceState.INVITED, True, True)
    assert officer.invitation_token != member.invitation_token
    assert _state(accepted) == PlaceState.ACCEPTED
    emails = {email.recipients: email for email in OutboxEmail.objects.all()}
    assert sorted(emails) == sorted([officer.peer.email, member.peer.email])
    for place in (officer, member):
        email = emails[place.peer.email]
        assert email.subject == INVITATION
        assert f"http://127.0.0.1:8000{reverse('challenges:invitation-answer', args=[place.invitation_token])}" in email.body
        assert f"Dear {place.peer.full_name}," in email.body
    assert "as officer peer" in emails[officer.peer.email].body
    assert "as member peer" in emails[member.peer.email].body


def test_invitations_send_only_the_places_chosen(adviser, visit):
    officer = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)
    member = team_member_add(by=adviser, challenge=visit, peer=_member(), role=TeamRole.MEMBER_PEER)

    team_invitations_send(by=adviser, challenge=visit, places=[member])

    assert (_state(officer), _state(member)) == (PlaceState.PROPOSED, PlaceState.INVITED)
    assert _emails() == [(member.peer.email, INVITATION)]


def test_invitations_send_none_proposed_refused(adviser, invited):
    with pytest.raises(ValidationError) as error:
        team_invitations_send(by=adviser, challenge=invited.challenge)

    assert error.value.messages == ["There are no proposed places to send invitations for"]
    assert _emails() == []


def test_invitations_send_refused_to_another_region(other_adviser, adviser, visit):
    team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)

    with pytest.raises(PermissionDenied, match="^You cannot change this challenge.$"):
        team_invitations_send(by=other_adviser, challenge=visit)

    assert _emails() == []


# Answers --------------------------------------------------------------------------------------


def test_answer_accept_from_the_link(invited):
    team_invitation_answer(place=invited, accept=True)

    invited.refresh_from_db()
    assert (invited.state, invited.answered_at is not None, invited.on_site_from, invited.on_site_to) == (
        PlaceState.ACCEPTED, True, START, END
    )
    assert _emails() == []


def test_answer_accept_signed_in(invited):
    team_invitation_answer(place=invited, accept=True, by=invited.peer.user)

    assert _state(invited) == PlaceState.ACCEPTED


def test_answer_by_someone_else_refused(invited, other_peer_user):
    with pytest.raises(ValidationError) as error:
        team_invitation_answer(place=invited, accept=True, by=other_peer_user)

    assert error.value.messages == ["This invitation is for someone else"]
    assert _state(invited) == PlaceState.INVITED


@pytest.mark.parametrize("reason", ["", "   "])
def test_answer_decline_needs_a_reason(invited, reason):
    with pytest.raises(ValidationError) as error:
        team_invitation_answer(place=invited, accept=False, reason=reason)

    assert error.value.message_dict == {"decline_reason": ["Enter why you cannot take part"]}
    assert (_state(invited), _emails()) == (PlaceState.INVITED, [])


def test_answer_decline_frees_the_visit_and_tells_the_adviser(invited, adviser):
    team_invitation_answer(place=invited, accept=False, reason="  Leading a major incident review that week  ")

    invited.refresh_from_db()
    assert (invited.state, invited.decline_reason, invited.on_site_from, invited.on_site_to) == (
        PlaceState.DECLINED, "Leading a major incident review that week", None, None
    )
    assert _emails() == [(adviser.email, "Priya Shah declined a place on the team for Avon Fire Authority")]
    assert "Their reason: Leading a major incident review that week" in OutboxEmail.objects.get().body


@pytest.mark.parametrize(("accept", "state"), [(True, "accepted"), (False, "declined")])
def test_answer_twice_refused(invited, accept, state):
    team_invitation_answer(place=invited, accept=accept, reason="Ill")

    with pytest.raises(ValidationError) as error:
        team_invitation_answer(place=invited, accept=not accept, reason="Changed my mind")

    assert error.value.messages == [f"This invitation has been answered already: the place is {state}"]
    assert _state(invited) == state


def test_answer_accept_refused_when_the_peer_meanwhile_accepted_an_overlapping_team(invited):
    """The invitation was sent when the peer was free; since, they took a place on Kent's team
    at the same time (the state the services and PostgreSQL's constraint guard against, made
    here directly: the invitation's place holds no dates, so that the database takes both)."""
    TeamMembership.objects.filter(pk=invited.pk).update(on_site_from=None, on_site_to=None)
    kent = ChallengeFactory(authority=_authority("kent"), start_date=END, end_date=END + datetime.timedelta(days=2))
    TeamMembershipFactory(challenge=kent, peer=invited.peer, holds_visit=True)

    with pytest.raises(ValidationError) as error:
        team_invitation_answer(place=invited, accept=True)

    assert error.value.messages == [
        f"Priya Shah is on the team of Kent, on site from {date_range(END, END + datetime.timedelta(days=2))}, at the same time"
    ]
    assert _state(invited) == PlaceState.INVITED


def test_answer_decline_allowed_when_the_peer_is_busy_elsewhere(invited, adviser):
    TeamMembership.objects.filter(pk=invited.pk).update(on_site_from=None, on_site_to=None)
    kent = ChallengeFactory(authority=_authority("kent"), start_date=START, end_date=END)
    TeamMembershipFactory(challenge=kent, peer=invited.peer, holds_visit=True)

    team_invitation_answer(place=invited, accept=False, reason="I am on Kent's team that week")

    assert _state(invited) == PlaceState.DECLINED


# Withdrawals ----------------------------------------------------------------------------------


@pytest.mark.parametrize("accepted", [False, True], ids=["invited", "accepted"])
def test_withdraw_tells_an_invited_or_accepted_peer(adviser, invited, accepted):
    if accepted:
        team_invitation_answer(place=invited, accept=True)

    team_place_withdraw(by=adviser, place=invited)

    invited.refresh_from_db()
    assert (invited.state, invited.on_site_from, invited.on_site_to, invited.invitation_token) == (
        PlaceState.WITHDRAWN, None, None, None
    )
    assert _emails() == [(invited.peer.email, "Your place on the peer team for Avon Fire Authority is withdrawn")]
    assert "Your place as officer peer on the peer team" in OutboxEmail.objects.get().body


def test_withdraw_a_proposed_place_tells_no_one(adviser, visit):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)

    team_place_withdraw(by=adviser, place=place)

    assert (_state(place), _emails()) == (PlaceState.WITHDRAWN, [])


def test_withdraw_twice_refused(adviser, invited):
    team_place_withdraw(by=adviser, place=invited)

    with pytest.raises(ValidationError) as error:
        team_place_withdraw(by=adviser, place=invited)

    assert error.value.messages == ["Priya Shah is not on the team: their place is withdrawn"]
    assert len(_emails()) == 1


def test_withdraw_refused_to_the_peer(invited):
    with pytest.raises(PermissionDenied):
        team_place_withdraw(by=invited.peer.user, place=invited)

    assert _state(invited) == PlaceState.INVITED


def test_withdrawn_link_no_longer_answers(adviser, invited):
    team_place_withdraw(by=adviser, place=invited)

    with pytest.raises(ValidationError) as error:
        team_invitation_answer(place=invited, accept=True)

    assert error.value.messages == ["This invitation has been answered already: the place is withdrawn"]


# Reminders ------------------------------------------------------------------------------------


def _invited_days_ago(place, days):
    TeamMembership.objects.filter(pk=place.pk).update(invited_at=timezone.now() - datetime.timedelta(days=days))


def test_reminder_after_a_week_once(invited):
    _invited_days_ago(invited, 8)

    assert team_reminders_send() == 1
    assert team_reminders_send() == 0

    invited.refresh_from_db()
    assert invited.reminded_at is not None
    assert _emails() == [(invited.peer.email, "Reminder: your invitation to the peer team for Avon Fire Authority")]
    assert reverse("challenges:invitation-answer", args=[invited.invitation_token]) in OutboxEmail.objects.get().body


def test_reminder_not_before_a_week(invited):
    _invited_days_ago(invited, 6)

    assert (team_reminders_send(), _emails()) == (0, [])


@pytest.mark.parametrize("accept", [True, False])
def test_reminder_not_once_answered(invited, accept):
    _invited_days_ago(invited, 8)
    team_invitation_answer(place=invited, accept=accept, reason="Ill")
    OutboxEmail.objects.all().delete()

    assert (team_reminders_send(), _emails()) == (0, [])


# The team's visit follows the challenge's dates ---------------------------------------------


@pytest.fixture
def busy_later(visit):
    """Li Wei, accepted on Avon's team, and on Kent's team in the week of LATER."""
    peer = _officer("Li Wei")
    place = TeamMembershipFactory(challenge=visit, peer=peer, holds_visit=True)
    kent = ChallengeFactory(authority=_authority("kent"), start_date=LATER, end_date=LATER_END)
    TeamMembershipFactory(challenge=kent, peer=peer, holds_visit=True)
    return place


def test_reschedule_onto_a_week_a_team_peer_is_busy_refused(adviser, visit, busy_later):
    with pytest.raises(ValidationError) as error:
        challenge_reschedule(
            by=adviser, challenge=visit, reason="The chief is away", start_date=LATER + datetime.timedelta(days=1),
            end_date=LATER_END + datetime.timedelta(days=1),
        )

    assert error.value.message_dict == {
        "start_date": [
            f"Li Wei on this team is on the team of Kent, on site from {date_range(LATER, LATER_END)}: "
            "choose other dates or change the team"
        ]
    }
    visit.refresh_from_db()
    busy_later.refresh_from_db()
    assert (visit.start_date, busy_later.on_site_from, busy_later.on_site_to) == (START, START, END)


def test_reschedule_follows_into_every_active_place(adviser, visit):
    active = [
        TeamMembershipFactory(challenge=visit, peer=_officer(f"Officer {state}"), state=state, holds_visit=True)
        for state in (PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED)
    ]
    declined = TeamMembershipFactory(challenge=visit, peer=_officer("Dee Clined"), state=PlaceState.DECLINED, decline_reason="Ill")
    new_end = LATER + datetime.timedelta(days=2)

    challenge_reschedule(by=adviser, challenge=visit, reason="The authority asked", start_date=LATER, end_date=new_end)

    for place in active:
        place.refresh_from_db()
        assert (place.on_site_from, place.on_site_to) == (LATER, new_end)
    declined.refresh_from_db()
    assert (declined.on_site_from, declined.on_site_to) == (None, None)


def test_reschedule_not_held_back_by_a_peer_who_declined(adviser, visit, busy_later):
    TeamMembership.objects.filter(pk=busy_later.pk).update(
        state=PlaceState.DECLINED, decline_reason="On Kent's team", on_site_from=None, on_site_to=None
    )

    challenge_reschedule(by=adviser, challenge=visit, reason="The authority asked", start_date=LATER, end_date=LATER_END)

    visit.refresh_from_db()
    assert visit.start_date == LATER


def test_scope_dates_onto_a_week_a_team_peer_is_busy_refused(adviser, avon):
    scoping = ChallengeFactory(authority=avon, status=ChallengeStatus.SCOPING, start_date=None, end_date=None)
    peer = _officer("Li Wei")
    place = team_member_add(by=adviser, challenge=scoping, peer=peer, role=OFFICER)
    kent = ChallengeFactory(authority=_authority("kent"), start_date=LATER, end_date=LATER_END)
    TeamMembershipFactory(challenge=kent, peer=peer, holds_visit=True)

    with pytest.raises(ValidationError) as error:
        challenge_scope(by=adviser, challenge=scoping, start_date=LATER, end_date=LATER_END)
    assert list(error.value.message_dict) == ["start_date"]

    challenge_scope(by=adviser, challenge=scoping, start_date=START, end_date=END)
    place.refresh_from_db()
    assert (place.on_site_from, place.on_site_to) == (START, END)


@pytest.mark.parametrize("status", [ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED])
def test_postponing_or_cancelling_frees_the_team(adviser, lga_admin, visit, status):
    places = [
        TeamMembershipFactory(challenge=visit, peer=_officer(f"Officer {state}"), state=state, holds_visit=True)
        for state in (PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED)
    ]

    challenge_status_change(by=adviser, challenge=visit, status=status, reason="Industrial action")

    for place, state in zip(places, (PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED)):
        place.refresh_from_db()
        assert (place.state, place.on_site_from, place.on_site_to) == (state, None, None)
    # The peers are free that week again.
    essex = ChallengeFactory(authority=_authority("essex"), start_date=START, end_date=END)
    assert team_member_add(by=lga_admin, challenge=essex, peer=places[2].peer, role=OFFICER).on_site_from == START


# Concerns -------------------------------------------------------------------------------------


def test_concern_raised_by_the_authority_tells_the_adviser(visit, adviser, fra_contact):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)

    concern = team_concern_raise(by=fra_contact, place=place, reason="  She reviewed us last year  ")

    assert (concern.reason, concern.raised_by, concern.answered_at) == ("She reviewed us last year", fra_contact, None)
    assert _emails() == [(adviser.email, "Avon Fire Authority raised a concern about its proposed team")]


def test_concern_refused_to_another_authority(visit, adviser, other_fra_contact):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)

    with pytest.raises(PermissionDenied, match="^Only the authority challenged can raise a concern about its team.$"):
        team_concern_raise(by=other_fra_contact, place=place, reason="Why her?")

    assert not TeamConcern.objects.exists()


def test_concern_answered_once(visit, adviser, fra_contact):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER)
    concern = team_concern_raise(by=fra_contact, place=place, reason="She reviewed us last year")

    with pytest.raises(ValidationError) as error:
        team_concern_answer(by=adviser, concern=concern, answer="  ")
    assert error.value.message_dict == {"answer": ["Enter your answer to the authority's concern"]}

    team_concern_answer(by=adviser, concern=concern, answer="That was an inspection")
    with pytest.raises(ValidationError) as error:
        team_concern_answer(by=adviser, concern=concern, answer="Again")
    assert error.value.messages == ["This concern has been answered already"]
    concern.refresh_from_db()
    assert (concern.answer, concern.answered_by) == ("That was an inspection", adviser)


# Pins and bans --------------------------------------------------------------------------------


def test_pin_refused_for_a_hard_conflict(adviser, visit):
    with pytest.raises(ValidationError) as error:
        team_pin(by=adviser, challenge=visit, peer=_officer("Tom Clarke", home="avon"), role=OFFICER)

    assert error.value.message_dict == {"peer": ["Tom Clarke belongs to Avon, the authority challenged"]}
    assert not TeamPin.objects.exists()


def test_ban_lifts_a_pin(adviser, visit):
    peer = _officer()
    team_pin(by=adviser, challenge=visit, peer=peer, role=OFFICER)

    ban = team_ban(by=adviser, challenge=visit, peer=peer, reason="  Conflict of interest ")

    assert (ban.reason, TeamPin.objects.exists()) == ("Conflict of interest", False)
    assert list(TeamBan.objects.values_list("peer_id", flat=True)) == [peer.pk]


# Accepting a plan -----------------------------------------------------------------------------


def test_plan_accept_proposes_and_invites_every_place_and_lifts_their_pins(adviser, visit):
    officer, member = _officer(), _member()
    team_pin(by=adviser, challenge=visit, peer=officer, role=OFFICER)

    places = team_plan_accept(by=adviser, choices=[(visit, officer, OFFICER), (visit, member, TeamRole.MEMBER_PEER)])

    assert sorted((p.peer.full_name, p.role, _state(p)) for p in places) == [
        ("Cllr Owen Hughes", TeamRole.MEMBER_PEER, PlaceState.INVITED),
        ("Priya Shah", OFFICER, PlaceState.INVITED),
    ]
    assert sorted(_emails()) == sorted([(officer.email, INVITATION), (member.email, INVITATION)])
    assert not TeamPin.objects.exists()


def test_plan_accept_all_or_nothing(adviser, visit):
    officer, own = _officer(), _officer("Tom Clarke", home="avon")
    team_pin(by=adviser, challenge=visit, peer=officer, role=OFFICER)

    with pytest.raises(ValidationError) as error:
        team_plan_accept(by=adviser, choices=[(visit, officer, OFFICER), (visit, own, OFFICER)])

    assert error.value.messages == ["Avon: Tom Clarke belongs to Avon, the authority challenged"]
    assert (visit.team.count(), _emails(), TeamPin.objects.count()) == (0, [], 1)


def test_plan_accept_all_or_nothing_across_challenges(adviser, lga_admin, visit):
    essex = ChallengeFactory(authority=_authority("essex"), start_date=LATER, end_date=LATER_END)
    free, busy = _officer("Free Peer"), _officer("Li Wei")
    surrey = ChallengeFactory(authority=_authority("surrey"), start_date=LATER, end_date=LATER_END)
    TeamMembershipFactory(challenge=surrey, peer=busy, holds_visit=True)

    with pytest.raises(ValidationError) as error:
        team_plan_accept(by=lga_admin, choices=[(visit, free, OFFICER), (essex, busy, OFFICER)])

    assert error.value.messages == [
        f"Essex: Li Wei is on the team of Surrey, on site from {date_range(LATER, LATER_END)}, at the same time"
    ]
    assert (visit.team.count(), essex.team.count(), _emails()) == (0, 0, [])


def test_plan_accept_soft_conflicts_need_the_reason(adviser, visit):
    near = _officer("Dev Patel", home="gloucestershire")

    with pytest.raises(ValidationError) as error:
        team_plan_accept(by=adviser, choices=[(visit, _officer(), OFFICER), (visit, near, OFFICER)])
    assert error.value.messages == [
        "Avon: Enter why Dev Patel should join the team despite: from the same region as the authority (South West)"
    ]
    assert visit.team.count() == 0

    places = team_plan_accept(by=adviser, choices=[(visit, near, OFFICER)], soft_conflict_reason="Knows control rooms best")
    assert (places[0].soft_conflicts, places[0].soft_conflict_reason) == (
        "From the same region as the authority (South West)", "Knows control rooms best"
    )


def test_plan_accept_nothing_chosen_refused(adviser):
    with pytest.raises(ValidationError) as error:
        team_plan_accept(by=adviser, choices=[])

    assert error.value.messages == ["Choose at least one place to accept"]
