"""Reads of authorities and people, each scoped to what the given user may see."""

from django.db.models import QuerySet

from .models import Authority, Peer


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
    current = Authority.objects.filter(status="current")
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_lga_admin:
        return current
    if user.is_principal_adviser:
        return current.filter(region=user.region)
    return Authority.objects.none()


def peers_active() -> QuerySet[Peer]:
    return Peer.objects.filter(is_active=True).select_related("home_authority")
