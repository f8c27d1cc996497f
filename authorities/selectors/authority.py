"""Reads of authorities and their contacts, each scoped to what the given user may see."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from authorities.choices import ContactRole
from authorities.models import Authority, AuthorityContact
from authorities.permissions import can_manage_authority, can_view_authority, is_current_authority, is_lga_admin


def authorities_visible_to(*, user) -> QuerySet[Authority]:
    """LGA staff see every authority; an FRA contact sees only their own; nobody else any."""
    return can_view_authority.filter(Authority.objects.all(), user)


def authorities_current() -> QuerySet[Authority]:
    """The 44 authorities that exist today, as opposed to those merged into a successor."""
    return is_current_authority.filter(Authority.objects.all(), None)


def authorities_with_last_challenge(*, queryset=None, today=None) -> QuerySet[Authority]:
    """Authorities annotated with `last_challenge_on`: the start of the latest challenge that
    has taken place, its visit begun by today or its report out (None if the authority has
    never had one); postponed, cancelled and requested ones do not count."""
    today = today or timezone.localdate()
    queryset = Authority.objects.all() if queryset is None else queryset
    # A subquery for each authority (on the challenges' index by authority) rather than a join
    # of every challenge grouped by every column of the authority.
    challenges = Authority._meta.get_field("challenges").related_model.objects  # the challenges app's
    latest = challenges.held(today=today).filter(authority=OuterRef("pk")).order_by("-start_date").values("start_date")[:1]
    return queryset.annotate(last_challenge_on=Subquery(latest))


def authorities_with_details(*, user, today=None) -> QuerySet[Authority]:
    """The authorities a user may see with `last_challenge_on` (see authorities_with_last_challenge)
    and their successor, in one query whatever their number."""
    return authorities_with_last_challenge(
        queryset=authorities_visible_to(user=user).select_related("succeeded_by"), today=today
    )


# What the register's list shows of each authority: fetched as values, not records, for speed.
LIST_FIELDS = ("slug", "name", "region", "governance", "status", "ended_on", "succeeded_by__short_name", "last_challenge_on")


def authorities_list_values(*, queryset) -> QuerySet:
    """The authorities of the queryset (from authorities_with_details) as the values the
    register's list shows."""
    return queryset.values(*LIST_FIELDS)


def authorities_correctable_by(*, user) -> QuerySet[Authority]:
    """Authorities whose register record the user may correct: every one for LGA
    administrators, none for anybody else."""
    return is_lga_admin.filter(Authority.objects.all(), user)


def authorities_managed_by(*, user) -> QuerySet[Authority]:
    """Authorities whose contacts and inspections the user may record: every one for LGA
    administrators, their own region's for a principal adviser, none for anybody else."""
    return can_manage_authority.filter(Authority.objects.all(), user)


def authority_contacts(*, authority) -> list[tuple[ContactRole, AuthorityContact | None]]:
    """Each contact role in order, with the authority's contact for it (None if not recorded)."""
    by_role = {contact.role: contact for contact in authority.contacts.all()}
    return [(role, by_role.get(role)) for role in ContactRole]


def authority_contact_for_role(*, authority, role) -> AuthorityContact | None:
    return authority.contacts.filter(role=role).first()
