"""A peer's training records, kept by LGA staff."""

from django.db import transaction

from authorities.models import (
    TrainingRecord,
)
from authorities.services.guards import require_lga_staff


@transaction.atomic
def training_record_add(*, by, peer, course, completed_on, expires_on=None) -> TrainingRecord:
    """Record a course the peer has completed (LGA staff only; the peer sees it read-only)."""
    require_lga_staff(by)
    return _training_record_save(TrainingRecord(peer=peer), course=course, completed_on=completed_on, expires_on=expires_on)


@transaction.atomic
def training_record_update(*, by, record, course, completed_on, expires_on=None) -> TrainingRecord:
    """Correct a training record (LGA staff only)."""
    require_lga_staff(by)
    return _training_record_save(record, course=course, completed_on=completed_on, expires_on=expires_on)


def _training_record_save(record, *, course, completed_on, expires_on):
    record.course, record.completed_on, record.expires_on = course.strip(), completed_on, expires_on
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def training_record_remove(*, by, record) -> None:
    """Remove a training record entered in error (LGA staff only)."""
    require_lga_staff(by)
    record.delete()
