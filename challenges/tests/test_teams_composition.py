"""The composition rules of each type of team (challenges/teams/composition.py), met and not met,
as the team page's checklist shows them; and confirming a challenge, which they guard with the
authority's concerns, unless an LGA administrator overrides them with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Specialism
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.services.status import challenge_status_change
from challenges.services.team import (
    team_checklist,
    team_concern_answer,
    team_concern_raise,
    team_ready_check,
    team_rules_override,
)
from challenges.teams.composition import RuleCheck, open_places
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory, TeamMembershipFactory
from .journeys import monday_in

pytestmark = pytest.mark.integration

START = monday_in(10)
END = START + datetime.timedelta(days=3)
OPA = ChallengeType.OPERATIONAL_ASSESSMENT
LG = ChallengeType.LEADERSHIP_GOVERNANCE
DEEP_DIVE = ChallengeType.DEEP_DIVE
R = TeamRole


def _officer(name, **fields):
    return PeerFactory(full_name=name, home_authority=Authority.objects.get(slug="kent"), **fields)


def _member(name, group=PoliticalGroup.LABOUR, **fields):
    return PeerFactory(
        full_name=name, peer_type=PeerType.MEMBER, political_group=group, home_authority=Authority.objects.get(slug="kent"),
        **fields,
    )


def _manager(name="Grace Okafor"):
    return PeerFactory(full_name=name, peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None)


def _challenge(challenge_type=OPA, status=ChallengeStatus.SCOPING, **fields):
    return ChallengeFactory(
        authority=Authority.objects.get(slug="avon"), challenge_type=challenge_type, status=status,
        start_date=START, end_date=END, **fields,
    )


def _place(challenge, peer, role, state=PlaceState.ACCEPTED):
    return TeamMembershipFactory(
        challenge=challenge, peer=peer, role=role, state=state,
        decline_reason="Away that week" if state == PlaceState.DECLINED else "",
    )


def _opa_team(challenge):
    """Everything an Operational Assessment needs, accepted."""
    return [
        _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER),
        _place(challenge, _member("Cllr Mary Jones"), R.MEMBER_PEER),
        _place(challenge, _officer("Bea Officer"), R.OFFICER_PEER),
        _place(challenge, _officer("Carl Officer"), R.OFFICER_PEER),
        _place(challenge, _manager(), R.CHALLENGE_MANAGER),
    ]


def _checks(challenge):
    return [(check.rule, check.met, check.detail) for check in team_checklist(challenge=challenge)]


def _unmet(challenge):
    with pytest.raises(ValidationError) as error:
        team_ready_check(challenge=challenge)
    return error.value.messages


# Operational Assessment and fire peer challenge -------------------------------------------


def test_opa_every_rule_met(db):
    challenge = _challenge()
    _opa_team(challenge)

    assert _checks(challenge) == [
        ("A lead peer", True, "Alan Lead"),
        ("At least one member peer", True, "1 member peer accepted"),
        ("At least two officer peers", True, "3 officer peers accepted"),
        ("An LGA challenge manager", True, "1 challenge manager accepted"),
    ]
    team_ready_check(challenge=challenge)


def test_opa_every_rule_unmet_with_no_team(db):
    challenge = _challenge()

    assert _checks(challenge) == [
        ("A lead peer", False, "None accepted"),
        ("At least one member peer", False, "0 member peers accepted"),
        ("At least two officer peers", False, "0 officer peers accepted"),
        ("An LGA challenge manager", False, "0 challenge managers accepted"),
    ]
    assert _unmet(challenge) == [
        "The team needs a lead peer (None accepted)",
        "The team needs at least one member peer (0 member peers accepted)",
        "The team needs at least two officer peers (0 officer peers accepted)",
        "The team needs an LGA challenge manager (0 challenge managers accepted)",
    ]


def test_opa_only_accepted_places_count_and_the_rest_are_waiting(db):
    challenge = _challenge()
    _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER, PlaceState.INVITED)
    _place(challenge, _member("Cllr Mary Jones"), R.MEMBER_PEER, PlaceState.PROPOSED)
    _place(challenge, _officer("Bea Officer"), R.OFFICER_PEER)
    _place(challenge, _officer("Carl Officer"), R.OFFICER_PEER, PlaceState.DECLINED)
    _place(challenge, _officer("Dan Officer"), R.OFFICER_PEER, PlaceState.WITHDRAWN)
    _place(challenge, _manager(), R.CHALLENGE_MANAGER, PlaceState.INVITED)

    assert _checks(challenge) == [
        ("A lead peer", False, "None accepted, 1 waiting for an answer"),
        ("At least one member peer", False, "0 member peers accepted, 1 waiting for an answer"),
        ("At least two officer peers", False, "1 officer peer accepted, 1 waiting for an answer"),
        ("An LGA challenge manager", False, "0 challenge managers accepted, 1 waiting for an answer"),
    ]


def test_opa_a_shadow_peer_does_not_count(db):
    challenge = _challenge()
    _place(challenge, _officer("Bea Officer"), R.OFFICER_PEER)
    _place(challenge, _officer("Sid Shadow"), R.SHADOW)

    assert ("At least two officer peers", False, "1 officer peer accepted") in _checks(challenge)


def test_opa_open_places_are_its_shape_less_the_active_places(db):
    challenge = _challenge()
    places = [
        _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER),
        _place(challenge, _officer("Bea Officer"), R.OFFICER_PEER, PlaceState.INVITED),
        _place(challenge, _officer("Carl Officer"), R.OFFICER_PEER, PlaceState.DECLINED),
    ]

    assert open_places(challenge_type=OPA, places=places) == [
        R.MEMBER_PEER, R.OFFICER_PEER, R.BEYOND_SECTOR, R.CHALLENGE_MANAGER,
    ]


# Leadership and governance ------------------------------------------------------------------


def test_leadership_and_governance_met_with_a_member_peer_leading(db):
    challenge = _challenge(LG)
    _place(challenge, _member("Cllr Ann Price", can_lead=True), R.LEAD_PEER)

    assert _checks(challenge) == [
        ("At least one member peer", True, "1 member peer accepted"),
        ("A member peer as the lead peer", True, "Cllr Ann Price, member peer"),
    ]
    team_ready_check(challenge=challenge)


def test_leadership_and_governance_led_by_an_officer_unmet(db):
    challenge = _challenge(LG)
    _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER)

    assert _unmet(challenge) == [
        "The team needs at least one member peer (0 member peers accepted)",
        "The team needs a member peer as the lead peer (Alan Lead, officer peer)",
    ]


def test_leadership_and_governance_member_but_no_lead_unmet(db):
    challenge = _challenge(LG)
    _place(challenge, _member("Cllr Mary Jones"), R.MEMBER_PEER)

    assert _checks(challenge) == [
        ("At least one member peer", True, "1 member peer accepted"),
        ("A member peer as the lead peer", False, "No lead peer accepted"),
    ]


# Deep dive ----------------------------------------------------------------------------------


def _specialist(name, code="procurement"):
    peer = _officer(name)
    peer.specialisms.add(Specialism.objects.get(code=code))
    return peer


@pytest.mark.parametrize("theme", ["Procurement", "  procurement "])
def test_deep_dive_met_with_a_peer_who_knows_the_theme(db, theme):
    challenge = _challenge(DEEP_DIVE, theme=theme.strip())
    _place(challenge, _specialist("Pat Buyer"), R.OFFICER_PEER)
    _place(challenge, _specialist("Ed Equal", code="equality-diversity-inclusion"), R.OFFICER_PEER)

    assert _checks(challenge) == [(f"At least one peer who knows {theme.strip()}", True, "Pat Buyer")]
    team_ready_check(challenge=challenge)


def test_deep_dive_unmet_without_one(db):
    challenge = _challenge(DEEP_DIVE, theme="Procurement")
    _place(challenge, _specialist("Ed Equal", code="equality-diversity-inclusion"), R.OFFICER_PEER)
    _place(challenge, _specialist("Pat Buyer"), R.OFFICER_PEER, PlaceState.INVITED)

    assert _unmet(challenge) == ["The team needs at least one peer who knows Procurement (None accepted)"]


def test_deep_dive_theme_not_a_specialism_unmet(db):
    challenge = _challenge(DEEP_DIVE, theme="Fleet management")
    _place(challenge, _specialist("Pat Buyer"), R.OFFICER_PEER)

    assert _checks(challenge) == [
        ("At least one peer who knows Fleet management", False, "The theme is not one of the pool's specialisms: choose one when scoping")
    ]


# Political balance --------------------------------------------------------------------------


def test_political_balance_met_with_two_groups(db):
    challenge = _challenge(LG)
    _place(challenge, _member("Cllr Ann Price", group=PoliticalGroup.CONSERVATIVE, can_lead=True), R.LEAD_PEER)
    _place(challenge, _member("Cllr Mary Jones", group=PoliticalGroup.LABOUR), R.MEMBER_PEER)

    assert _checks(challenge)[-1] == ("Political balance among member peers", True, "1 Conservative, 1 Labour")
    team_ready_check(challenge=challenge)


def test_political_balance_unmet_with_one_group(db):
    challenge = _challenge(LG)
    _place(challenge, _member("Cllr Ann Price", group=PoliticalGroup.LABOUR, can_lead=True), R.LEAD_PEER)
    _place(challenge, _member("Cllr Mary Jones", group=PoliticalGroup.LABOUR), R.MEMBER_PEER)
    _place(challenge, _member("Cllr Bob Stone", group=PoliticalGroup.CONSERVATIVE), R.MEMBER_PEER, PlaceState.DECLINED)

    assert _unmet(challenge) == ["The team needs political balance among member peers (2 Labour)"]


def test_political_balance_not_asked_of_a_single_member_peer(db):
    challenge = _challenge()
    _opa_team(challenge)

    assert "Political balance among member peers" not in [rule for rule, _, _ in _checks(challenge)]


def test_political_balance_on_an_operational_assessment_too(db):
    challenge = _challenge()
    _opa_team(challenge)
    _place(challenge, _member("Cllr Bob Stone", group=PoliticalGroup.LABOUR), R.MEMBER_PEER)

    assert _checks(challenge)[-1] == ("Political balance among member peers", False, "2 Labour")


def test_rule_check_is_a_plain_value():
    assert RuleCheck("A lead peer", True, "Alan Lead") == RuleCheck("A lead peer", True, "Alan Lead")


# Confirming a challenge ---------------------------------------------------------------------


def _confirm(by, challenge):
    return challenge_status_change(by=by, challenge=challenge, status=ChallengeStatus.CONFIRMED)


def _confirm_refused(by, challenge):
    with pytest.raises(ValidationError) as error:
        _confirm(by, challenge)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SCOPING
    return error.value.messages


def test_confirm_refused_listing_every_unmet_rule(adviser):
    challenge = _challenge()
    _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER)
    _place(challenge, _officer("Bea Officer"), R.OFFICER_PEER, PlaceState.INVITED)

    assert _confirm_refused(adviser, challenge) == [
        "The team needs at least one member peer (0 member peers accepted)",
        "The team needs at least two officer peers (1 officer peer accepted, 1 waiting for an answer)",
        "The team needs an LGA challenge manager (0 challenge managers accepted)",
    ]
    assert not OutboxEmail.objects.exists()


def test_confirm_with_a_compliant_team_tells_the_team(adviser):
    challenge = _challenge()
    team = _opa_team(challenge)

    _confirm(adviser, challenge)

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CONFIRMED
    told = OutboxEmail.objects.get(subject="Peer team confirmed: Avon Fire Authority")
    assert told.recipients == ", ".join(sorted(place.peer.email for place in team))
    assert [(place.on_site_from, place.on_site_to) for place in challenge.team.all()] == [(START, END)] * 5


def test_confirm_after_an_lga_administrators_override(adviser, lga_admin):
    challenge = _challenge()
    _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER)

    team_rules_override(by=lga_admin, challenge=challenge, reason="  The authority asked for a smaller team  ")
    _confirm(adviser, challenge)

    challenge.refresh_from_db()
    assert (challenge.status, challenge.team_rules_override_reason, challenge.team_rules_overridden_by) == (
        ChallengeStatus.CONFIRMED, "The authority asked for a smaller team", lga_admin
    )
    overridden = challenge.history.filter(team_rules_override_reason="The authority asked for a smaller team").earliest("history_date")
    assert (overridden.history_user, overridden.history_change_reason) == (lga_admin, "The authority asked for a smaller team")


def test_override_refused_to_an_adviser(adviser):
    challenge = _challenge()

    with pytest.raises(PermissionDenied, match="^Only LGA administrators can let a team break its composition rules.$"):
        team_rules_override(by=adviser, challenge=challenge, reason="We are short of peers")

    challenge.refresh_from_db()
    assert challenge.team_rules_override_reason == ""
    assert len(_confirm_refused(adviser, challenge)) == 4


def test_override_needs_a_reason(lga_admin):
    challenge = _challenge()

    with pytest.raises(ValidationError) as error:
        team_rules_override(by=lga_admin, challenge=challenge, reason="   ")

    assert error.value.message_dict == {"reason": ["Enter why the team may break its composition rules"]}
    challenge.refresh_from_db()
    assert (challenge.team_rules_override_reason, challenge.team_rules_overridden_by) == ("", None)


def test_confirm_refused_while_a_concern_is_unanswered(adviser, fra_contact):
    challenge = _challenge()
    team = _opa_team(challenge)
    concern = team_concern_raise(by=fra_contact, place=team[2], reason="Bea Officer reviewed our service last year")

    assert _confirm_refused(adviser, challenge) == ["Answer the authority's concern about Bea Officer"]

    team_concern_answer(by=adviser, concern=concern, answer="That was an inspection, not a peer challenge")
    _confirm(adviser, challenge)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CONFIRMED


def test_confirm_refused_with_unmet_rules_and_a_concern_naming_both(adviser, fra_contact):
    challenge = _challenge()
    place = _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER, PlaceState.INVITED)
    team_concern_raise(by=fra_contact, place=place, reason="He was our chief officer's deputy")

    assert _confirm_refused(adviser, challenge) == [
        "The team needs a lead peer (None accepted, 1 waiting for an answer)",
        "The team needs at least one member peer (0 member peers accepted)",
        "The team needs at least two officer peers (0 officer peers accepted, 1 waiting for an answer)",
        "The team needs an LGA challenge manager (0 challenge managers accepted)",
        "Answer the authority's concern about Alan Lead",
    ]


def test_override_does_not_answer_a_concern(adviser, lga_admin, fra_contact):
    challenge = _challenge()
    place = _place(challenge, _officer("Alan Lead", can_lead=True), R.LEAD_PEER)
    team_concern_raise(by=fra_contact, place=place, reason="He was our chief officer's deputy")
    team_rules_override(by=lga_admin, challenge=challenge, reason="A small team was agreed")

    assert _confirm_refused(adviser, challenge) == ["Answer the authority's concern about Alan Lead"]
