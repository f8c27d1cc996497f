"""Adding and changing peers in the pool."""

from django.core.exceptions import ValidationError
from django.db import transaction

from authorities.models import Peer, PeerTag
from peersupport.rules import require
from peersupport.services import record_create, record_update

# Everything about a peer that LGA staff keep (specialisms and tags are set alongside).
PEER_FIELDS = [
    "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title", "political_group",
    "can_lead", "max_challenges_per_year", "is_active", "retired_reason", "consented_on",
]
# What a peer keeps up to date themself.
PEER_CONTACT_FIELDS = ["email", "phone"]


def tags_from_names(names) -> list[PeerTag]:
    """The tags with these names, created when new; names are trimmed and case-folded to
    one spelling so that "Fleet" and "fleet " are one tag."""
    return list(tags_by_name(names).values())


def tags_by_name(names) -> dict[str, PeerTag]:
    """The tags with these names, by name, created when new. Refuses, as a ValidationError on
    `tags`, a name PeerTag does not allow. A fixed number of queries however many names: a
    whole import file's tags at once."""
    names = {n.strip().lower() for n in names if n and n.strip()}
    if not names:
        return {}
    for name in sorted(names):
        try:
            PeerTag(name=name).clean_fields()
        except ValidationError as error:
            raise ValidationError({"tags": error.message_dict["name"][0]}) from None
    tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    missing = [PeerTag(name=name) for name in names - tags.keys()]
    if missing:
        PeerTag.objects.bulk_create(missing, ignore_conflicts=True)
        tags = {tag.name: tag for tag in PeerTag.objects.filter(name__in=names)}
    return tags


@transaction.atomic
def peer_save(*, by, peer=None, specialisms=None, tags=None, **fields) -> Peer:
    """Add a peer, or correct any part of one (LGA staff only): the fields given, and the
    specialisms and tags when given (None keeps a peer's as they are). Saving a peer with
    nothing changed writes no history."""
    require("authorities.keep_peer_pool", by)
    if peer is None or peer.pk is None:
        peer = record_create(_with_fields(peer or Peer(), fields), by=by)
        if _set_specialisms_and_tags(peer, specialisms=specialisms or (), tags=tags_from_names(tags or ())):
            _history_of_specialisms(peer, by=by)
        return peer
    if specialisms is None:
        specialisms = peer.specialisms.all()
    tags = peer.tags.all() if tags is None else tags_from_names(tags)
    # Specialisms first, so that the history row of a change holds the specialisms after it.
    specialisms_changed = _set_specialisms_and_tags(peer, specialisms=specialisms, tags=tags)
    if not record_update(peer, by=by, fields=PEER_FIELDS, data=fields) and specialisms_changed:
        _history_of_specialisms(peer, by=by)
    return peer


@transaction.atomic
def peer_update_contact(*, by, peer, email, phone) -> Peer:
    """A peer (or LGA staff) changes the peer's contact details."""
    require("authorities.change_peer_details", by, peer)
    record_update(peer, by=by, fields=PEER_CONTACT_FIELDS, data={"email": email, "phone": phone})
    return peer


@transaction.atomic
def peer_update_specialisms(*, by, peer, specialisms, tags) -> Peer:
    """A peer (or LGA staff) changes the peer's specialisms and free tags; one history row
    says who changed them when, and none is written when nothing changed."""
    require("authorities.change_peer_details", by, peer)
    if _set_specialisms_and_tags(peer, specialisms=specialisms, tags=tags_from_names(tags)):
        _history_of_specialisms(peer, by=by)
    return peer


@transaction.atomic
def peer_link_user(*, by, peer, user) -> Peer:
    """Link the peer to their sign-in (a user with the peer role), or unlink it (None). LGA
    staff only; done in the Django admin."""
    require("authorities.keep_peer_pool", by)
    record_update(peer, by=by, fields=["user"], data={"user": user})
    return peer


def _with_fields(peer, fields):
    unexpected = sorted(set(fields) - set(PEER_FIELDS))
    if unexpected:
        raise TypeError(f"Peer cannot have {', '.join(unexpected)} set here")
    for name, value in fields.items():
        setattr(peer, name, value)
    return peer


def _set_specialisms_and_tags(peer, *, specialisms, tags) -> bool:
    """Set the peer's specialisms and tags (PeerTag records); whether either changed.
    django-simple-history would write a row for each change of specialisms: the caller
    writes one instead."""
    held = (set(peer.specialisms.values_list("pk", flat=True)), set(peer.tags.values_list("pk", flat=True)))
    wanted = ({specialism.pk for specialism in specialisms}, {tag.pk for tag in tags})
    if held == wanted:
        return False
    peer.skip_history_when_saving = True
    try:
        peer.specialisms.set(specialisms)
        peer.tags.set(tags)
    finally:
        del peer.skip_history_when_saving
    return True


def _history_of_specialisms(peer, *, by):
    # A history row with the specialisms now held, under the person who changed them.
    peer._history_user = by
    peer.save()
