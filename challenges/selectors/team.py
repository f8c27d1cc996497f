"""Reads of a challenge's peer team, and of the peers who may join it."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from authorities.models import Peer
from authorities.selectors.peer import peers_active
from challenges.choices import STOPPED_STATUSES
from challenges.models import TeamMembership


def team_for_challenge(*, challenge) -> QuerySet[TeamMembership]:
    return challenge.team.select_related("peer__home_authority").order_by("role", "peer__full_name")


def places_overlapping(*, challenge) -> QuerySet[TeamMembership]:
    """Places on the teams of other live challenges whose visit, from its first day to its
    last, overlaps this challenge's: a peer cannot be on two teams on site at once."""
    if not challenge.start_date:
        return TeamMembership.objects.none()
    last_day = challenge.second_end_date or challenge.end_date
    return (
        TeamMembership.objects.exclude(challenge=challenge)
        .exclude(challenge__status__in=STOPPED_STATUSES)
        .annotate(other_last_day=Coalesce("challenge__second_end_date", "challenge__end_date"))
        .filter(challenge__start_date__lte=last_day, other_last_day__gte=challenge.start_date)
    )


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
