"""Reads of challenges, scoped to the user asking."""

from django.db.models import QuerySet

from challenges.choices import TeamRole
from challenges.models import Challenge


def challenges_visible_to(*, user) -> QuerySet[Challenge]:
    """LGA administrators see every challenge, a principal adviser their region's, a peer
    the challenges whose team they are on. FRA contacts follow their authority page instead."""
    qs = Challenge.objects.select_related("authority")
    if not user.is_authenticated:
        return qs.none()
    if user.is_lga_admin:
        return qs
    if user.is_principal_adviser:
        return qs.filter(authority__region=user.region)
    if user.is_peer:
        return qs.filter(team__peer__user=user).distinct()
    return qs.none()


def challenges_managed_by(*, user) -> QuerySet[Challenge]:
    """Challenges whose team the user may change: LGA administrators all, a principal adviser
    their region's."""
    qs = Challenge.objects.select_related("authority")
    if user.is_authenticated and user.is_lga_admin:
        return qs
    if user.is_authenticated and user.is_principal_adviser:
        return qs.filter(authority__region=user.region)
    return qs.none()


def challenges_reported_by(*, user) -> QuerySet[Challenge]:
    """Challenges whose findings and report the user writes: those where they are the lead
    peer or the LGA challenge manager."""
    if not user.is_authenticated:
        return Challenge.objects.none()
    return Challenge.objects.select_related("authority").filter(
        team__peer__user=user, team__role__in=(TeamRole.LEAD_PEER, TeamRole.CHALLENGE_MANAGER)
    )


def challenges_for_authority(*, authority) -> QuerySet[Challenge]:
    return Challenge.objects.filter(authority=authority).order_by("-start_date")


def challenge_user_is_reporter(*, challenge, user) -> bool:
    return challenges_reported_by(user=user).filter(pk=challenge.pk).exists()


def challenge_user_is_manager(*, challenge, user) -> bool:
    return challenges_managed_by(user=user).filter(pk=challenge.pk).exists()
