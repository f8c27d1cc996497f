"""Reads of authorities and people, each scoped to what the given user may see."""

import datetime

from collections import defaultdict

from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from .choices import AuthorityStatus, ContactRole
from .history import HistoryEntry, history_entries
from .models import Authority, AuthorityContact, Inspection, InspectionResult, Peer, Specialism, TrainingRecord, Unavailability


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


def inspections_for_authority(*, authority) -> QuerySet[Inspection]:
    """The authority's HMICFRS inspections, latest first, with their grades, in two queries."""
    return authority.inspections.prefetch_related("results").order_by("-started_on", "-id")


def authority_history(*, authority) -> list[HistoryEntry]:
    """Every recorded change to the authority's record, its contacts and its inspections
    (grades included), newest first: who made it, when, and each field's value before and
    after. Five queries whatever the length of the history."""
    authority_records = authority.history.all()
    successors = Authority.objects.filter(pk__in=authority_records.exclude(succeeded_by=None).values("succeeded_by"))
    inspection_records = Inspection.history.filter(authority_id=authority.pk)
    return history_entries(
        authority_records=authority_records.select_related("history_user"),
        contact_records=AuthorityContact.history.filter(authority_id=authority.pk).select_related("history_user"),
        inspection_records=inspection_records.select_related("history_user"),
        result_records=InspectionResult.history.filter(inspection_id__in=inspection_records.values("id")),
        authority_names=dict(successors.values_list("pk", "name")),
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


def peer_training_records(*, peer, today=None) -> QuerySet[TrainingRecord]:
    """The peer's training, latest first, each with `is_expired`: true from its expiry date on."""
    today = today or timezone.localdate()
    return peer.training_records.annotate(
        is_expired=ExpressionWrapper(Q(expires_on__lte=today), output_field=BooleanField())
    )


def peers_by_email(*, emails) -> dict[str, Peer]:
    """The peers with these addresses (in any case), keyed by the address in lower case."""
    emails = {email.lower() for email in emails}
    peers = Peer.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
    return {peer.email_lower: peer for peer in peers}


def peer_specialism_codes(*, queryset) -> dict[int, list[str]]:
    """The specialism codes of each peer in the queryset, sorted, in one query whatever its
    size (a subquery, not a list of ids)."""
    through = Peer.specialisms.through.objects.filter(peer__in=queryset.values("pk"))
    codes = defaultdict(list)
    for peer_id, code in through.order_by("specialism__code").values_list("peer_id", "specialism__code"):
        codes[peer_id].append(code)
    return codes


def peer_tag_names(*, queryset) -> dict[int, list[str]]:
    """The free tags of each peer in the queryset, sorted, in one query whatever its size."""
    through = Peer.tags.through.objects.filter(peer__in=queryset.values("pk"))
    names = defaultdict(list)
    for peer_id, name in through.order_by("peertag__name").values_list("peer_id", "peertag__name"):
        names[peer_id].append(name)
    return names


def peers_for_export(*, queryset) -> list[Peer]:
    """The peers of the queryset with what the CSV export writes, in three queries whatever
    their number: each with `specialism_codes` and `tag_names` lists."""
    peers = list(queryset.select_related("home_authority").order_by("full_name", "id"))
    codes, names = peer_specialism_codes(queryset=queryset), peer_tag_names(queryset=queryset)
    for peer in peers:
        peer.specialism_codes, peer.tag_names = codes[peer.pk], names[peer.pk]
    return peers
