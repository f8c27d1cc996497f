"""Versions of sets of records (peersupport/records_version.py): a set's version moves on once
a change to any record it watches is committed, once per transaction, and not for a change
undone; a bulk write moves it on when its service says so; a migration moves every set on."""

import datetime

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction

from authorities.models import Authority, Specialism
from authorities.tests.factories import SpecialismFactory
from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory
from peersupport.models import RecordsVersion
from peersupport.records_version import _MoveOn, models_changed, records_version, watched_models

pytestmark = pytest.mark.integration

# The programme insight's set (challenges/apps.py watches it): a real set, with real records.
SET = "insight"


def _number():
    return RecordsVersion.objects.filter(pk=SET).values_list("number", flat=True).first() or 0


def test_version_is_0_before_any_change(db):
    RecordsVersion.objects.all().delete()

    assert records_version(SET) == "0"


def test_version_moves_on_once_the_change_is_committed(db, clock, django_capture_on_commit_callbacks):
    before = records_version(SET)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge = ChallengeFactory()
        challenge.notes = "Changed"
        challenge.save()
        Authority.objects.get(slug="avon").save()

        assert records_version(SET) == before  # not yet: the change is not committed

    moves = [callback for callback in callbacks if isinstance(callback, _MoveOn)]
    assert len(moves) == 1  # one for the transaction, however many rows it wrote
    clock.now += datetime.timedelta(seconds=5)
    moves[0]()
    row = RecordsVersion.objects.get(pk=SET)
    assert records_version(SET) == f"{row.number}-{clock.now.timestamp():.6f}" != before
    assert row.changed_at == clock.now


def test_each_committed_transaction_moves_the_version_on_by_one(transactional_db, django_db_serialized_rollback):
    start = _number()
    for _ in range(3):
        with transaction.atomic():
            ChallengeFactory()
            ChallengeFactory()
    with transaction.atomic():
        Challenge.objects.order_by("pk").first().delete()

    assert _number() == start + 4


def test_a_change_rolled_back_moves_nothing_on(db, django_capture_on_commit_callbacks):
    start = _number()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                ChallengeFactory()
                raise RuntimeError("undone")
        except RuntimeError:
            pass

    assert ([callback for callback in callbacks if isinstance(callback, _MoveOn)], _number()) == ([], start)


def test_a_change_to_a_record_the_set_does_not_read_moves_nothing_on(db, django_capture_on_commit_callbacks):
    start = _number()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        SpecialismFactory()
        models_changed(Specialism)

    assert ([callback for callback in callbacks if isinstance(callback, _MoveOn)], _number()) == ([], start)
    assert Specialism not in watched_models(SET)


def test_a_bulk_write_moves_the_version_on_when_its_service_says(db, django_capture_on_commit_callbacks):
    start = _number()
    with django_capture_on_commit_callbacks(execute=True):
        Challenge.objects.update(notes="Written in bulk")  # no signal
    assert _number() == start

    with django_capture_on_commit_callbacks(execute=True):
        models_changed(Challenge)
    assert _number() == start + 1


def test_outside_a_transaction_the_version_moves_on_at_once(transactional_db, django_db_serialized_rollback):
    RecordsVersion.objects.all().delete()  # the table emptied: the row is made again
    assert connection.get_autocommit()

    ChallengeFactory()

    assert _number() == 1


def test_a_migration_moves_every_set_on(db):
    start = _number()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert _number() > start
