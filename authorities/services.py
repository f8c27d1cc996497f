"""Writes to the authorities register and the peer pool. Each service validates the model
and owns its transaction; history (who, when, what) is kept by django-simple-history."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .models import Peer, PeerTag, Unavailability


def _require_lga_staff(user):
    if not (user.is_authenticated and user.is_lga_staff):
        raise PermissionDenied("Only LGA staff can change this.")


def _require_self_or_lga_staff(user, peer):
    if not (user.is_authenticated and (user.is_lga_staff or (user.is_peer and peer.user_id == user.pk))):
        raise PermissionDenied("You can change only your own record.")


def tags_from_names(names) -> list[PeerTag]:
    """The tags with these names, created when new; names are trimmed and case-folded to
    one spelling so that "Fleet" and "fleet " are one tag."""
    tags = []
    for name in {n.strip().lower() for n in names if n and n.strip()}:
        tag, _ = PeerTag.objects.get_or_create(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def peer_save(*, by, peer=None, specialisms=(), tags=(), **fields) -> Peer:
    """Create a peer, or change any part of one (LGA staff only)."""
    _require_lga_staff(by)
    peer = peer or Peer()
    for name, value in fields.items():
        setattr(peer, name, value)
    if peer.is_active:
        peer.retired_reason = ""
    peer.full_clean()
    peer.save()
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    return peer


@transaction.atomic
def peer_update_contact(*, by, peer, email, phone) -> Peer:
    """A peer (or LGA staff) changes the peer's contact details."""
    _require_self_or_lga_staff(by, peer)
    peer.email = email
    peer.phone = phone
    peer.full_clean()
    peer.save(update_fields=["email", "phone"])
    return peer


@transaction.atomic
def peer_update_specialisms(*, by, peer, specialisms, tags) -> Peer:
    """A peer (or LGA staff) changes the peer's specialisms and free tags."""
    _require_self_or_lga_staff(by, peer)
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    # A history row for the change, so the pool's record says who changed specialisms when.
    peer.save()
    return peer


@transaction.atomic
def unavailability_add(*, by, peer, start_date, end_date, reason="") -> Unavailability:
    """Record a period when the peer cannot take part in challenges."""
    _require_self_or_lga_staff(by, peer)
    period = Unavailability(peer=peer, start_date=start_date, end_date=end_date, reason=reason.strip())
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def unavailability_remove(*, by, period) -> None:
    _require_self_or_lga_staff(by, period.peer)
    period.delete()
