"""Reads of authorities and their contacts, each scoped to what the given user may see."""

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from authorities.choices import AuthorityStatus, ContactRole
from authorities.models import Authority, AuthorityContact


def authorities_visible_to(*, user) -> QuerySet[Authority]:
    """LGA staff see every authority; an FRA contact sees only their own; nobody else any."""
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_lga_staff:
        return Authority.objects.all()
    if user.is_fra_contact:
        return Authority.objects.filter(pk=user.authority_id)
    return Authority.objects.none()


def authorities_current() -> QuerySet[Authority]:
    """The 44 authorities that exist today, as opposed to those merged into a successor."""
    return Authority.objects.filter(status=AuthorityStatus.CURRENT)


def authorities_bookable_by(*, user) -> QuerySet[Authority]:
    """Current authorities a user may book a challenge for: all for LGA administrators,
    their own region's for a principal adviser."""
    current = authorities_current()
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


def authorities_with_details(*, user, today=None) -> QuerySet[Authority]:
    """The authorities a user may see with `last_challenge_on` (see authorities_with_last_challenge)
    and their successor, in one query whatever their number."""
    return authorities_with_last_challenge(
        queryset=authorities_visible_to(user=user).select_related("succeeded_by"), today=today
    )


def authorities_correctable_by(*, user) -> QuerySet[Authority]:
    """Authorities whose register record the user may correct: every one for LGA
    administrators, none for anybody else."""
    if user.is_authenticated and user.is_lga_admin:
        return Authority.objects.all()
    return Authority.objects.none()


def authorities_managed_by(*, user) -> QuerySet[Authority]:
    """Authorities whose contacts and inspections the user may record: every one for LGA
    administrators, their own region's for a principal adviser, none for anybody else."""
    if not user.is_authenticated:
        return Authority.objects.none()
    if user.is_lga_admin:
        return Authority.objects.all()
    if user.is_principal_adviser:
        return Authority.objects.filter(region=user.region)
    return Authority.objects.none()


def authority_contacts(*, authority) -> list[tuple[ContactRole, AuthorityContact | None]]:
    """Each contact role in order, with the authority's contact for it (None if not recorded)."""
    by_role = {contact.role: contact for contact in authority.contacts.all()}
    return [(role, by_role.get(role)) for role in ContactRole]


def authority_contact_for_role(*, authority, role) -> AuthorityContact | None:
    return authority.contacts.filter(role=role).first()
