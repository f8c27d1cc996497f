"""A peer's training records, kept by LGA staff."""

from django.db import transaction

from authorities.models import TrainingRecord
from peersupport.rules import require
from peersupport.services import record_create, record_update

TRAINING_FIELDS = ["course", "completed_on", "expires_on"]


@transaction.atomic
def training_record_add(*, by, peer, course, completed_on, expires_on=None) -> TrainingRecord:
    """Record a course the peer has completed (LGA staff only; the peer sees it read-only).
    The rules of TrainingRecord apply: completed by today, expiring after completion."""
    require("authorities.keep_peer_pool", by)
    record = TrainingRecord(peer=peer, course=course, completed_on=completed_on, expires_on=expires_on)
    return record_create(record, by=by)


@transaction.atomic
def training_record_update(*, by, record, course, completed_on, expires_on=None) -> TrainingRecord:
    """Correct a training record (LGA staff only)."""
    require("authorities.keep_peer_pool", by)
    data = {"course": course, "completed_on": completed_on, "expires_on": expires_on}
    record_update(record, by=by, fields=TRAINING_FIELDS, data=data)
    return record


@transaction.atomic
def training_record_remove(*, by, record) -> None:
    """Remove a training record entered in error (LGA staff only)."""
    require("authorities.keep_peer_pool", by)
    record.delete()
