"""Importing the peer pool from CSV: check every row, then save every row or none."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from authorities import peer_csv
from authorities.models import (
    Peer,
)
from authorities.services.peer import PEER_FIELDS, tags_by_name
from peersupport.csv_files import CheckedImport
from peersupport.records_version import models_changed
from peersupport.rules import require


def peers_import_preview(*, by, file) -> CheckedImport:
    """Read a CSV of peers and check every row against the pool as it is now, saving
    nothing (LGA staff only). A row whose email address is already in the pool updates
    that peer; any other row adds one.

    Raises ValidationError when the file as a whole cannot be read; each row carries its
    own errors. See docs/peer-import.md for the format."""
    require("authorities.keep_peer_pool", by)
    try:
        return peer_csv.check_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None


def peers_import_commit(*, by, file, sha256) -> CheckedImport:
    """Save every row of a CSV of peers, or none (LGA staff only).

    The file is checked again against the pool as it is now, and must be the one the user
    previewed (`sha256` of its text). New peers are added; a peer whose email address is
    in the file has every column replaced by the file's, specialisms and tags included;
    unchanged peers and peers not in the file are left alone. Any error leaves the pool as
    it was and raises ValidationError."""
    require("authorities.keep_peer_pool", by)
    checked = peer_csv.check_file(file)
    checked.require_importable(sha256=sha256, nouns="peers")
    try:
        with transaction.atomic():
            _peers_import_save(checked.new_rows + checked.changed_rows, by=by)
    except (DatabaseError, ValidationError) as error:
        raise ValidationError(
            "Nothing has been imported: the pool changed while the file was being saved. Check the peers again",
            code="conflict",
        ) from error
    return checked


IMPORT_BATCH_SIZE = 500


def _peers_import_save(rows, *, by):
    # In bulk, so that a file of thousands of rows costs a few queries per 500 rows rather
    # than some twenty a row: peers, then their specialisms and tags, then the history a
    # save would have written (who, when, and the specialisms held).
    peers = []
    for row in rows:
        peer = row.existing or Peer()
        for name, value in row.values.items():
            setattr(peer, name, value)
        # The check has found the home authority and the addresses already in the pool;
        # the database holds the unique and check constraints, and a failure undoes every row.
        peer.full_clean(exclude=["home_authority"], validate_unique=False, validate_constraints=False)
        peers.append(peer)
    new = [peer for row, peer in zip(rows, peers) if not row.is_update]
    changed = [peer for row, peer in zip(rows, peers) if row.is_update]
    Peer.objects.bulk_create(new, batch_size=IMPORT_BATCH_SIZE)
    if changed:
        Peer.objects.bulk_update(changed, fields=PEER_FIELDS, batch_size=IMPORT_BATCH_SIZE)
    models_changed(Peer)  # written in bulk, without signals: figures read from them are worked out again

    specialism_links, tag_links = Peer.specialisms.through, Peer.tags.through
    for start in range(0, len(changed), IMPORT_BATCH_SIZE):
        ids = [peer.pk for peer in changed[start : start + IMPORT_BATCH_SIZE]]
        specialism_links.objects.filter(peer_id__in=ids).delete()
        tag_links.objects.filter(peer_id__in=ids).delete()
    links = specialism_links.objects.bulk_create(
        [specialism_links(peer_id=peer.pk, specialism_id=s.pk) for row, peer in zip(rows, peers) for s in row.specialisms],
        batch_size=IMPORT_BATCH_SIZE,
    )
    tags = tags_by_name(name for row in rows for name in row.tags)
    tag_links.objects.bulk_create(
        [tag_links(peer_id=peer.pk, peertag_id=tags[name].pk) for row, peer in zip(rows, peers) for name in row.tags],
        batch_size=IMPORT_BATCH_SIZE,
    )

    history = Peer.history.bulk_history_create(new, default_user=by, batch_size=IMPORT_BATCH_SIZE) or []
    history += Peer.history.bulk_history_create(changed, update=True, default_user=by, batch_size=IMPORT_BATCH_SIZE) or []
    history_of = {record.id: record for record in history}
    held = apps.get_model("authorities", "HistoricalPeer_specialisms")
    held.objects.bulk_create(
        [held(id=link.pk, peer_id=link.peer_id, specialism_id=link.specialism_id, history=history_of[link.peer_id]) for link in links],
        batch_size=IMPORT_BATCH_SIZE,
    )
