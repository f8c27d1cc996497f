"""Putting peer teams together."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Peer
from challenges.choices import TeamRole
from challenges.models import TeamMembership
from challenges.selectors.team import places_overlapping
from peersupport.formats import date_range
from peersupport.rules import require
from peersupport.services import record_create


@transaction.atomic
def team_member_add(*, by, challenge, peer, role) -> TeamMembership:
    """Put a peer on a challenge's team.

    Peers never challenge their own authority, nor join two teams on site at once (the
    peer's row is locked, so that two requests for one peer take turns); a lead peer must be
    accredited to lead, and a team has one lead."""
    require("challenges.manage_challenge", by, challenge)
    Peer.objects.select_for_update().filter(pk=peer.pk).first()
    errors = []
    if not peer.is_active:
        errors.append(f"{peer} is no longer active in the peer pool")
    if peer.home_authority_id == challenge.authority_id:
        errors.append(f"{peer} cannot join this team because they belong to {challenge.authority.short_name}")
    if challenge.team.filter(peer=peer).exists():
        errors.append(f"{peer} is already on this team")
    clash = places_overlapping(challenge=challenge).filter(peer=peer).select_related("challenge__authority").first()
    if clash is not None:
        other = clash.challenge
        errors.append(
            f"{peer} is on the team of {other.authority.short_name}, on site from "
            f"{date_range(other.start_date, other.last_day_on_site)}, at the same time"
        )
    if role == TeamRole.LEAD_PEER:
        if not peer.can_lead:
            errors.append(f"{peer} is not accredited to lead a team")
        if challenge.team.filter(role=TeamRole.LEAD_PEER).exists():
            errors.append("This team already has a lead peer")
    if errors:
        raise ValidationError({"peer": errors})
    return record_create(TeamMembership(challenge=challenge, peer=peer, role=role, added_by=by), by=by)
