"""Adding and changing peers in the pool."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities import peer_csv
from authorities.models import (
    Peer,
    PeerTag,
)
from authorities.services.guards import require_lga_staff, require_self_or_lga_staff
from peersupport.services import save_with_history


def tags_from_names(names) -> list[PeerTag]:
    """The tags with these names, created when new; names are trimmed and case-folded to
    one spelling so that "Fleet" and "fleet " are one tag."""
    return list(tags_by_name(names).values())


def tags_by_name(names) -> dict[str, PeerTag]:
    # A fixed number of queries however many names: a whole import file's tags at once.
    names = {n.strip().lower() for n in names if n and n.strip()}
    if not names:
        return {}
    if any(len(name) > peer_csv.MAX_TAG_LENGTH for name in names):
        raise ValidationError({"tags": "Each skill must be 50 characters or fewer"})
    tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    missing = [PeerTag(name=name) for name in names - tags.keys()]
    if missing:
        PeerTag.objects.bulk_create(missing, ignore_conflicts=True)
        tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    return tags


@transaction.atomic
def peer_save(*, by, peer=None, specialisms=(), tags=(), **fields) -> Peer:
    """Create a peer, or change any part of one (LGA staff only)."""
    require_lga_staff(by)
    peer = peer or Peer()
    for name, value in fields.items():
        setattr(peer, name, value)
    save_with_history(peer, by=by)
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    return peer


@transaction.atomic
def peer_update_contact(*, by, peer, email, phone) -> Peer:
    """A peer (or LGA staff) changes the peer's contact details."""
    require_self_or_lga_staff(by, peer)
    peer.email = email
    peer.phone = phone
    peer.full_clean()
    peer._history_user = by
    peer.save(update_fields=["email", "phone"])
    return peer


@transaction.atomic
def peer_update_specialisms(*, by, peer, specialisms, tags) -> Peer:
    """A peer (or LGA staff) changes the peer's specialisms and free tags."""
    require_self_or_lga_staff(by, peer)
    # Named before the specialisms change, whose history row is written as it happens.
    peer._history_user = by
    peer.specialisms.set(specialisms)
    peer.tags.set(tags_from_names(tags))
    # A history row for the change, so the pool's record says who changed specialisms when.
    peer.save()
    return peer
