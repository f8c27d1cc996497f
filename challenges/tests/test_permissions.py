"""The rules of challenges/permissions.py: each answers the same for one record as its scope
does for the whole table, for every role and record."""

import pytest
import rules

from authorities.models import Authority
from challenges.choices import TeamRole
from challenges.models import Challenge
from challenges.permissions import (
    can_book_for_authority,
    can_see_findings,
    can_view_challenge,
    is_challenged_authority,
    is_on_team,
    oversees_challenge,
    writes_report,
)

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "challenge_manager", "other_peer_user", "fra_contact", "anonymous"]


@pytest.fixture
def challenges(challenge, team_peer, challenge_manager, lead_peer):
    """Avon's challenge (with its team), Kent's, and one at Cornwall where the lead peer is an ordinary member."""
    ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    cornwall = ChallengeFactory(authority=Authority.objects.get(slug="cornwall"))
    TeamMembershipFactory(challenge=cornwall, peer=lead_peer, role=TeamRole.OFFICER_PEER)
    return Challenge.objects.select_related("authority").order_by("pk")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", [is_on_team, writes_report, oversees_challenge, can_view_challenge, can_see_findings, is_challenged_authority], ids=lambda rule: rule.name)
def test_challenge_rules_agree_with_their_scope_for_every_challenge(challenges, user_for, role, rule):
    user = user_for(role)
    in_scope = set(rule.filter(challenges, user))

    assert [(c.pk, rule.test(user, c)) for c in challenges] == [(c.pk, c in in_scope) for c in challenges]


@pytest.mark.parametrize("role", ROLES)
def test_booking_rule_agrees_with_its_scope_for_every_authority(challenges, user_for, role):
    user = user_for(role)
    in_scope = set(can_book_for_authority.filter(Authority.objects.all(), user))

    assert [(a.slug, can_book_for_authority.test(user, a)) for a in Authority.objects.all()] == [
        (a.slug, a in in_scope) for a in Authority.objects.all()
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", {"view_challenges", "book_challenge", "book_challenge_for_authority", "see_challenge", "see_findings", "manage_challenge", "move_challenge_on", "record_past_challenge"}),
        ("adviser", {"view_challenges", "book_challenge", "book_challenge_for_authority", "see_challenge", "see_findings", "manage_challenge", "move_challenge_on"}),
        ("other_adviser", {"view_challenges", "book_challenge"}),
        ("lead_peer", {"view_challenges", "see_challenge", "see_findings", "record_findings", "move_challenge_on"}),
        ("challenge_manager", {"view_challenges", "see_challenge", "see_findings", "record_findings", "move_challenge_on"}),
        ("team_peer", {"view_challenges", "see_challenge", "see_findings"}),
        ("other_peer_user", {"view_challenges"}),
        ("fra_contact", {"request_challenge", "see_challenge"}),
        ("anonymous", set()),
    ],
)
def test_permissions_of_each_role_on_avons_challenge(challenge, team_peer, challenge_manager, user_for, role, expected):
    user = user_for(role)
    on_challenge = [
        "view_challenges", "book_challenge", "request_challenge", "record_past_challenge", "see_challenge", "see_findings",
        "manage_challenge", "move_challenge_on", "record_findings",
    ]
    allowed = {name for name in on_challenge if rules.has_perm(f"challenges.{name}", user, challenge)}
    if rules.has_perm("challenges.book_challenge_for_authority", user, challenge.authority):
        allowed.add("book_challenge_for_authority")

    assert allowed == expected
