"""Writes to challenges, teams and findings. Each service checks the rules, validates
the model and owns its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from authorities.selectors import authorities_bookable_by

from .choices import TeamRole
from .models import Challenge, Finding, TeamMembership
from .selectors import challenge_user_is_manager, challenge_user_is_reporter


@transaction.atomic
def challenge_book(*, by, authority, challenge_type, start_date, end_date) -> Challenge:
    """Book a challenge for an authority. Only for current authorities the user may book
    for (their region, for a principal adviser)."""
    if not authorities_bookable_by(user=by).filter(pk=authority.pk).exists():
        raise PermissionDenied("You cannot book a challenge for this authority.")
    challenge = Challenge(
        authority=authority,
        challenge_type=challenge_type,
        start_date=start_date,
        end_date=end_date,
        booked_by=by,
    )
    challenge.full_clean()
    challenge.save()
    return challenge


@transaction.atomic
def team_member_add(*, by, challenge, peer, role) -> TeamMembership:
    """Put a peer on a challenge's team.

    Peers never challenge their own authority; a lead peer must be accredited to lead,
    and a team has one lead."""
    if not challenge_user_is_manager(challenge=challenge, user=by):
        raise PermissionDenied("You cannot change this challenge's team.")
    errors = []
    if not peer.is_active:
        errors.append(f"{peer} is no longer active in the peer pool")
    if peer.home_authority_id == challenge.authority_id:
        errors.append(f"{peer} cannot join this team because they belong to {challenge.authority.short_name}")
    if challenge.team.filter(peer=peer).exists():
        errors.append(f"{peer} is already on this team")
    if role == TeamRole.LEAD_PEER:
        if not peer.can_lead:
            errors.append(f"{peer} is not accredited to lead a team")
        if challenge.team.filter(role=TeamRole.LEAD_PEER).exists():
            errors.append("This team already has a lead peer")
    if errors:
        raise ValidationError({"peer": errors})
    membership = TeamMembership(challenge=challenge, peer=peer, role=role, added_by=by)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def finding_record(*, by, challenge, kind, area, text) -> Finding:
    """Record a finding. Only the lead peer and the LGA challenge manager on the team write findings."""
    if not challenge_user_is_reporter(challenge=challenge, user=by):
        raise PermissionDenied("You cannot record findings for this challenge.")
    finding = Finding(challenge=challenge, kind=kind, area=area, text=text.strip(), recorded_by=by)
    finding.full_clean()
    finding.save()
    return finding
