"""Reads of authorities and people, each scoped to what the given user may see."""

import datetime

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from .choices import AuthorityStatus
from .models import Authority, Peer, Specialism, Unavailability


def authorities_visible_to(*, user) -> QuerySet[Authority]:
    """LGA staff see every authority; an FRA contact sees only their own; nobody else any."""
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_lga_staff:
        return Authority.objects.all()
    if user.is_fra_contact:
        return Authority.objects.filter(pk=user.authority_id)
    return Authority.objects.none()


def authorities_bookable_by(*, user) -> QuerySet[Authority]:
    """Current authorities a user may book a challenge for: all for LGA administrators,
    their own region's for a principal adviser."""
    current = Authority.objects.filter(status=AuthorityStatus.CURRENT)
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_lga_admin:
        return current
    if user.is_principal_adviser:
        return current.filter(region=user.region)
    return Authority.objects.none()


def authorities_with_last_challenge(*, queryset=None, today=None) -> QuerySet[Authority]:
    """Authorities annotated with `last_challenge_on`: the start of the latest challenge that
    has begun by today (None if the authority has never had one)."""
    today = today or timezone.localdate()
    queryset = Authority.objects.all() if queryset is None else queryset
    return queryset.annotate(
        last_challenge_on=Max("challenges__start_date", filter=Q(challenges__start_date__lte=today))
    )


def peers_visible_to(*, user) -> QuerySet[Peer]:
    """The peer pool is personal data: LGA staff see every peer, a peer only themself,
    FRA contacts and the public nobody."""
    if not user.is_authenticated:
        return Peer.objects.none()
    if user.is_lga_staff:
        return Peer.objects.all()
    if user.is_peer:
        return Peer.objects.filter(user=user)
    return Peer.objects.none()


def peers_active() -> QuerySet[Peer]:
    return Peer.objects.filter(is_active=True).select_related("home_authority")


def peers_for_list(*, queryset, year=None) -> QuerySet[Peer]:
    """Peers with what the pool list shows, in a fixed number of queries: home authority,
    specialisms, and `load_this_year`, the challenges they are on that start this year."""
    year = year or timezone.localdate().year
    return queryset.select_related("home_authority").prefetch_related(
        Prefetch("specialisms", queryset=Specialism.objects.order_by("name"))
    ).annotate(
        load_this_year=Count("memberships", filter=Q(memberships__challenge__start_date__year=year), distinct=True)
    )


def peers_free_between(*, queryset, start: datetime.date, end: datetime.date) -> QuerySet[Peer]:
    """Peers with no unavailability and no other challenge overlapping the given dates."""
    unavailable = Unavailability.objects.filter(start_date__lte=end, end_date__gte=start).values("peer_id")
    busy = Peer.objects.filter(
        memberships__challenge__start_date__lte=end, memberships__challenge__end_date__gte=start
    ).values("pk")
    return queryset.exclude(pk__in=unavailable).exclude(pk__in=busy)


def peer_assignments(*, peer):
    """The peer's places on challenge teams, latest first."""
    return peer.memberships.select_related("challenge__authority").order_by("-challenge__start_date")


def peer_load_in_year(*, peer, year=None) -> int:
    year = year or timezone.localdate().year
    return peer.memberships.filter(challenge__start_date__year=year).count()
