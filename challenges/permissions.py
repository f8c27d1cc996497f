"""Who may see and change challenges: one rule each, registered as the permissions that views
check, templates ask and selectors scope querysets by (see peersupport/rules.py)."""

from django.db.models import Q

from authorities.permissions import (
    is_current_authority,
    is_lga_admin,
    is_lga_staff,
    is_peer,
    is_principal_adviser,
    is_region_adviser,
)
from challenges.choices import REPORT_WRITING_ROLES
from challenges.models import TeamMembership
from peersupport.rules import add_perm, record_rule


def _places(user, **lookups):
    return TeamMembership.objects.filter(peer__user_id=user.pk, **lookups)


@record_rule(scope=lambda user: Q(pk__in=_places(user).values("challenge_id")) if is_peer(user) else False)
def is_on_team(user, challenge) -> bool:
    """A peer with a place on the challenge's team."""
    return is_peer(user) and challenge is not None and _places(user, challenge=challenge).exists()


@record_rule(
    scope=lambda user: Q(pk__in=_places(user, role__in=REPORT_WRITING_ROLES).values("challenge_id")) if is_peer(user) else False
)
def writes_report(user, challenge) -> bool:
    """The lead peer or the LGA challenge manager on the team: they write the findings and the report."""
    return is_peer(user) and challenge is not None and _places(user, challenge=challenge, role__in=REPORT_WRITING_ROLES).exists()


oversees_challenge = is_lga_admin | is_region_adviser.via("authority")
can_view_challenge = oversees_challenge | is_on_team
can_book_for_authority = is_current_authority & (is_lga_admin | is_region_adviser)

# LGA administrators and principal advisers book challenges, an adviser for the current
# authorities of their region; LGA staff in scope and the team see a challenge; LGA
# administrators and the region's adviser oversee it (its team, its report's publication);
# the lead peer and the challenge manager write its findings.
add_perm("challenges.view_challenges", is_lga_staff | is_peer, refusal="You cannot see challenges.")
add_perm("challenges.book_challenge", is_lga_admin | is_principal_adviser, refusal="You cannot book challenges.")
add_perm(
    "challenges.book_challenge_for_authority", can_book_for_authority,
    refusal="You cannot book a challenge for this authority.",
)
add_perm("challenges.see_challenge", can_view_challenge, refusal="You cannot see this challenge.")
add_perm("challenges.manage_challenge", oversees_challenge, refusal="You cannot change this challenge's team.")
add_perm("challenges.record_findings", writes_report, refusal="You cannot record findings for this challenge.")
