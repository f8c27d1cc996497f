"""Versions of sets of records, for figures kept in the cache.

Figures worked out from many records (the programme insight's, challenges/selectors/insight.py)
are kept in the cache under the version of the records they were read from. `watch()` names a
set and the models it is read from; any save or removal of one of their rows, and any
`models_changed()` a service calls after writing them in bulk (which sends no signal), moves
the set's version on once the transaction is committed. The version is a row in the database
(RecordsVersion), not in the cache, so that a change made in one process (a web server, a
Celery worker) is seen by every other at its next read, whichever cache each has; and it moves
only after the commit, so that no one keeps figures read before the change under the version
after it. A migration moves every version on, as it may change what figures mean."""

from collections import defaultdict

from django.apps import apps as global_apps
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone

from peersupport.models import RecordsVersion

_SETS_READING = defaultdict(set)  # model: the names of the sets read from it


def watch(name: str, models) -> None:
    """Move the set `name`'s version on after every change to one of `models`."""
    for model in models:
        _SETS_READING[model].add(name)
        for signal in (post_save, post_delete):
            signal.connect(_model_changed, sender=model, weak=False, dispatch_uid=f"records-version-{model._meta.label}")
    post_migrate.connect(_all_changed, weak=False, dispatch_uid="records-version-migrate")


def watched_models(name: str) -> set:
    """The models the set `name` is read from."""
    return {model for model, names in _SETS_READING.items() if name in names}


def records_version(name: str) -> str:
    """The set's version now, "0" before its first change: its number and the moment it moved
    on, so that a database made afresh (its numbers starting again) never reads what a cache
    shared with the one before still holds under the same number."""
    row = RecordsVersion.objects.filter(pk=name).values_list("number", "changed_at").first()
    return f"{row[0]}-{row[1].timestamp():.6f}" if row else "0"


def models_changed(*models) -> None:
    """Rows of `models` were written without a signal (in bulk): move on the version of every
    set read from them, once the transaction is committed."""
    for name in {name for model in models for name in _SETS_READING.get(model, ())}:
        _move_on_after_commit(name)


def _model_changed(sender, **kwargs):
    models_changed(sender)


def _all_changed(apps=global_apps, **kwargs):
    try:  # not before the migration that makes the table
        apps.get_model("peersupport", "RecordsVersion")
    except LookupError:
        return
    for name in {name for names in _SETS_READING.values() for name in names}:
        _move_on(name)


def _move_on_after_commit(name):
    # Once per set and transaction, however many rows it writes.
    connection = transaction.get_connection()
    pending = (func for _savepoints, func, _robust in connection.run_on_commit)
    if connection.in_atomic_block and any(isinstance(func, _MoveOn) and func.name == name and not func.done for func in pending):
        return
    # Robust: a version that failed to move on is logged and the change stands; the figures
    # kept under the old one last no longer than the cache keeps them.
    transaction.on_commit(_MoveOn(name), robust=True)


class _MoveOn:
    """What moves a set's version on once the transaction is committed: done once it has run."""

    def __init__(self, name):
        self.name, self.done = name, False

    def __call__(self):
        self.done = True
        _move_on(self.name)


def _move_on(name):
    if not RecordsVersion.objects.filter(pk=name).update(number=F("number") + 1, changed_at=timezone.now()):
        # The set's first change (or the table was emptied): make its row, then move it on,
        # which is right even if another process made the row meanwhile.
        RecordsVersion.objects.bulk_create([RecordsVersion(name=name)], ignore_conflicts=True)
        RecordsVersion.objects.filter(pk=name).update(number=F("number") + 1, changed_at=timezone.now())
