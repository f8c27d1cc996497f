"""Reads of the peer pool, scoped to who may see it: personal data, for LGA staff and the peer alone."""

import datetime
from collections import defaultdict

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from authorities.models import (
    Peer,
    TrainingRecord,
    Unavailability,
)
from authorities.permissions import can_view_peer


def peers_visible_to(*, user) -> QuerySet[Peer]:
    """The peer pool is personal data: LGA staff see every peer, a peer only themself,
    FRA contacts and the public nobody."""
    return can_view_peer.filter(Peer.objects.all(), user)


def peers_active() -> QuerySet[Peer]:
    return Peer.objects.filter(is_active=True).select_related("home_authority")


# What the pool list shows of each peer: read as values, not records, for speed.
LIST_FIELDS = (
    "pk", "full_name", "peer_type", "role_title", "political_group", "can_lead", "is_active", "home_organisation",
    "home_authority__short_name", "home_authority__region", "max_challenges_per_year",
)


def peers_for_list(*, queryset) -> QuerySet[Peer]:
    """The peers the pool list pages through, in its order (the index peer_name_order), as the
    values each row shows."""
    return queryset.order_by("full_name", "id").values(*LIST_FIELDS)


def peers_with_specialisms_and_loads(*, peers, year=None) -> list[dict]:
    """Each of the peers (a page of the list, as peers_for_list reads them) with
    `specialism_names`, its specialisms' names in order joined by "; ", and `load_this_year`,
    the challenges they are on that start this year. Two queries however many peers and however
    long the programme's history: the loads are counted for these peers alone, over this year's
    team places alone."""
    peers = list(peers)
    ids = [peer["pk"] for peer in peers]
    names, loads = peer_specialism_names(peer_ids=ids), peer_loads_in_year(peer_ids=ids, year=year)
    for peer in peers:
        peer["specialism_names"] = "; ".join(names[peer["pk"]])
        peer["load_this_year"] = loads.get(peer["pk"], 0)
    return peers


# Places a peer declined or was withdrawn from are kept for the record, but hold no one (the
# challenges app's PlaceState, named here without importing a later app).
PLACES_HOLDING_NO_ONE = ("declined", "withdrawn")


def _places():
    """The challenges app's team places that hold their peer."""
    return Peer._meta.get_field("memberships").related_model.objects.exclude(state__in=PLACES_HOLDING_NO_ONE)


def peer_loads_in_year(*, peer_ids, year=None) -> dict[int, int]:
    """How many challenges starting in the year (this year by default) each peer is on."""
    year = year or timezone.localdate().year
    places = _places()
    this_years = places.filter(
        peer__in=peer_ids, challenge__start_date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    )
    return dict(this_years.order_by().values("peer").annotate(count=Count("pk")).values_list("peer", "count"))


def peer_specialism_names(*, peer_ids) -> dict[int, list[str]]:
    """The names of each peer's specialisms, in order, in one query of names alone."""
    return _values_by_peer(Peer.specialisms.through.objects.filter(peer__in=peer_ids), "specialism__name")


def _values_by_peer(links, value) -> dict[int, list]:
    """From rows linking peers to specialisms or tags, each peer's `value`s, in order."""
    grouped = defaultdict(list)
    for peer_id, item in links.order_by(value).values_list("peer_id", value):
        grouped[peer_id].append(item)
    return grouped


def peers_free_between(*, queryset, start: datetime.date, end: datetime.date) -> QuerySet[Peer]:
    """Peers with no unavailability and no other challenge overlapping the given dates."""
    unavailable = Unavailability.objects.filter(start_date__lte=end, end_date__gte=start).values("peer_id")
    busy = _places().filter(challenge__start_date__lte=end, challenge__end_date__gte=start).values("peer_id")
    return queryset.exclude(pk__in=unavailable).exclude(pk__in=busy)


def peer_assignments(*, peer):
    """The peer's places on challenge teams, latest first."""
    return peer.memberships.select_related("challenge__authority").order_by("-challenge__start_date")


def peer_load_in_year(*, peer, year=None) -> int:
    """How many challenges starting in the year (this year by default) the peer is on."""
    return peer_loads_in_year(peer_ids=[peer.pk], year=year).get(peer.pk, 0)


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
    return _values_by_peer(Peer.specialisms.through.objects.filter(peer__in=queryset.values("pk")), "specialism__code")


def peer_tag_names(*, queryset) -> dict[int, list[str]]:
    """The free tags of each peer in the queryset, sorted, in one query whatever its size."""
    return _values_by_peer(Peer.tags.through.objects.filter(peer__in=queryset.values("pk")), "peertag__name")


def peers_for_export(*, queryset) -> list[Peer]:
    """The peers of the queryset with what the CSV export writes, in three queries whatever
    their number: each with `specialism_codes` and `tag_names` lists."""
    peers = list(queryset.select_related("home_authority").order_by("full_name", "id"))
    codes, names = peer_specialism_codes(queryset=queryset), peer_tag_names(queryset=queryset)
    for peer in peers:
        peer.specialism_codes, peer.tag_names = codes[peer.pk], names[peer.pk]
    return peers
