"""Who may see and change challenges: one rule each, registered as the permissions that views
check, templates ask and selectors scope querysets by (see peersupport/rules.py)."""

from django.db.models import Q

from authorities.permissions import (
    is_authority_contact,
    is_current_authority,
    is_fra_contact,
    is_lga_admin,
    is_lga_staff,
    is_peer,
    is_principal_adviser,
    is_region_adviser,
)
from challenges.choices import REPORT_WRITING_ROLES, PlaceState
from challenges.models import TeamMembership
from peersupport.rules import add_perm, record_rule


def _places(user, **lookups):
    """The user's accepted places: a peer invited, declined or withdrawn is not on the team."""
    return TeamMembership.objects.filter(peer__user_id=user.pk, state=PlaceState.ACCEPTED, **lookups)


@record_rule(scope=lambda user: Q(pk__in=_places(user).values("challenge_id")) if is_peer(user) else False)
def is_on_team(user, challenge) -> bool:
    """A peer who has accepted a place on the challenge's team."""
    return is_peer(user) and challenge is not None and _places(user, challenge=challenge).exists()


@record_rule(
    scope=lambda user: Q(pk__in=_places(user, role__in=REPORT_WRITING_ROLES).values("challenge_id")) if is_peer(user) else False
)
def writes_report(user, challenge) -> bool:
    """The lead peer or the LGA challenge manager on the team: they write the findings and the report."""
    return is_peer(user) and challenge is not None and _places(user, challenge=challenge, role__in=REPORT_WRITING_ROLES).exists()


oversees_challenge = is_lga_admin | is_region_adviser.via("authority")
is_challenged_authority = is_authority_contact.via("authority")
can_view_challenge = oversees_challenge | is_on_team | is_challenged_authority
can_see_findings = oversees_challenge | is_on_team
can_book_for_authority = is_current_authority & (is_lga_admin | is_region_adviser)

# An FRA contact asks for a challenge of their authority; LGA administrators and principal
# advisers book challenges, an adviser for the current authorities of their region. LGA staff
# in scope, the team and the authority's contacts see a challenge (its findings, before they
# are published, only LGA staff and the team); LGA administrators and the region's adviser
# oversee it (its scope, dates, status, team and report's publication); the lead peer and the
# challenge manager write its findings and may also record that the visit's steps happened;
# only LGA administrators record a challenge that happened before it was booked here.
add_perm("challenges.view_challenges", is_lga_staff | is_peer, refusal="You cannot see challenges.")
add_perm("challenges.book_challenge", is_lga_admin | is_principal_adviser, refusal="You cannot book challenges.")
add_perm("challenges.request_challenge", is_fra_contact, refusal="Only a fire and rescue authority can ask for a challenge.")
add_perm("challenges.record_past_challenge", is_lga_admin, refusal="Only LGA administrators can record a past challenge.")
add_perm(
    "challenges.book_challenge_for_authority", can_book_for_authority,
    refusal="You cannot book a challenge for this authority.",
)
add_perm("challenges.see_challenge", can_view_challenge, refusal="You cannot see this challenge.")
add_perm(
    "challenges.add_document", oversees_challenge | is_challenged_authority,
    refusal="Only the authority and LGA staff can add the challenge's documents.",
)
add_perm("challenges.see_findings", can_see_findings, refusal="You cannot see this challenge's findings.")
add_perm("challenges.manage_challenge", oversees_challenge, refusal="You cannot change this challenge.")
add_perm(
    "challenges.move_challenge_on", oversees_challenge | writes_report,
    refusal="Only LGA staff and the team's lead peer and challenge manager can move this challenge on.",
)
add_perm("challenges.record_findings", writes_report, refusal="You cannot record findings for this challenge.")
# The authority sees its proposed team (names, roles, organisations) and may raise a concern
# about a person; only an LGA administrator lets a team break its composition rules.
add_perm(
    "challenges.raise_team_concern", is_challenged_authority,
    refusal="Only the authority challenged can raise a concern about its team.",
)
add_perm(
    "challenges.override_team_rules", is_lga_admin,
    refusal="Only LGA administrators can let a team break its composition rules.",
)
add_perm("challenges.plan_teams", is_lga_admin | is_principal_adviser, refusal="Only LGA staff can plan teams.")
# Loading the programme's history from CSV creates and changes challenges in bulk, past ones included.
add_perm("challenges.import_programme", is_lga_admin, refusal="Only LGA administrators can import the programme's history.")

# After the visit (issue 9). Any member of the team drafts findings for the lead peer or the
# challenge manager to accept; LGA staff keep the library of wording, which teams start from.
# The authority reads the draft and comments on it once it is sent for its factual accuracy
# check; the team and LGA staff answer. After publication the authority writes its action
# plan; LGA staff schedule the progress review, which they and the report's writers record;
# only LGA staff see how those asked rated the challenge.
add_perm("challenges.draft_findings", is_on_team, refusal="Only the peer team can draft findings.")
add_perm("challenges.use_wording_library", is_lga_staff | is_peer, refusal="You cannot use the library of wording.")
add_perm("challenges.keep_wording_library", is_lga_staff, refusal="Only LGA staff can keep the library of wording.")
add_perm(
    "challenges.send_for_factual_check", oversees_challenge,
    refusal="Only LGA staff can send the draft to the authority.",
)
add_perm(
    "challenges.check_facts", is_challenged_authority,
    refusal="Only the authority challenged can check the draft's facts.",
)
add_perm(
    "challenges.answer_factual_comments", oversees_challenge | writes_report,
    refusal="Only LGA staff and the team's lead peer and challenge manager can answer the authority's comments.",
)
add_perm(
    "challenges.record_action_plan", is_challenged_authority,
    refusal="Only the authority challenged can record its action plan.",
)
add_perm(
    "challenges.schedule_progress_review", oversees_challenge,
    refusal="Only LGA staff can schedule the progress review.",
)
add_perm(
    "challenges.record_progress", oversees_challenge | writes_report,
    refusal="Only LGA staff and the team's lead peer and challenge manager can record the progress review.",
)
add_perm("challenges.see_evaluations", oversees_challenge, refusal="Only LGA staff can see the evaluation.")
add_perm("challenges.see_evaluation_summary", is_lga_staff, refusal="Only LGA staff can see the evaluation.")
add_perm("challenges.see_insight", is_lga_staff, refusal="Only LGA staff can see the programme's insight.")
