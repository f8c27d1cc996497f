"""Reads of challenges, scoped to the user asking by the rules in challenges/permissions.py."""

from django.db.models import QuerySet

from authorities.models import Authority
from challenges.models import Challenge
from challenges.permissions import can_book_for_authority, can_view_challenge, oversees_challenge, writes_report


def authorities_bookable_by(*, user) -> QuerySet[Authority]:
    """Current authorities a user may book a challenge for: all for LGA administrators,
    their own region's for a principal adviser."""
    return can_book_for_authority.filter(Authority.objects.all(), user)


def challenges_visible_to(*, user) -> QuerySet[Challenge]:
    """LGA administrators see every challenge, a principal adviser their region's, a peer
    the challenges whose team they are on. FRA contacts follow their authority page instead."""
    return can_view_challenge.filter(Challenge.objects.select_related("authority"), user)


def challenges_managed_by(*, user) -> QuerySet[Challenge]:
    """Challenges whose team the user may change: LGA administrators all, a principal adviser
    their region's."""
    return oversees_challenge.filter(Challenge.objects.select_related("authority"), user)


def challenges_reported_by(*, user) -> QuerySet[Challenge]:
    """Challenges whose findings and report the user writes: those where they are the lead
    peer or the LGA challenge manager."""
    return writes_report.filter(Challenge.objects.select_related("authority"), user)


def challenges_for_authority(*, authority) -> QuerySet[Challenge]:
    return Challenge.objects.filter(authority=authority).select_related("authority").order_by("-start_date", "-id")
