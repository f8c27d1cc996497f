"""Reads of a challenge's peer team, and of the peers who may join it."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from authorities.models import Peer
from authorities.selectors.peer import peers_active
from challenges.models import Challenge, TeamMembership


def team_for_challenge(*, challenge) -> QuerySet[TeamMembership]:
    return challenge.team.select_related("peer__home_authority").order_by("role", "peer__full_name")


def places_overlapping(*, challenge) -> QuerySet[TeamMembership]:
    """Places on the teams of other live challenges whose visit, from its first day to its
    last, overlaps this challenge's: a peer cannot be on two teams on site at once."""
    if not challenge.start_date:
        return TeamMembership.objects.none()
    last_day = challenge.second_end_date or challenge.end_date
    others = Challenge.objects.live().exclude(pk=challenge.pk).on_site_between(challenge.start_date, last_day)
    return TeamMembership.objects.filter(challenge__in=others.values("pk"))


def peers_eligible_for(*, challenge) -> QuerySet[Peer]:
    """The active peers who may join the challenge's team: not already on it, not from the
    authority challenged, and not on another team on site at the same time. The hard rules
    are never offered, rather than refused once chosen."""
    busy = places_overlapping(challenge=challenge).filter(peer=OuterRef("pk"))
    return (
        peers_active()
        .exclude(memberships__challenge=challenge)
        .exclude(Q(home_authority_id=challenge.authority_id))
        .exclude(Exists(busy))
    )
