"""The project's write kit, shared by every app's services: validate, save, and keep the
history (django-simple-history) under the person who made the change."""

from collections.abc import Iterable

from django.db import models


def record_create(record: models.Model, *, by) -> models.Model:
    """Validate and save a new record, naming `by` in its history also outside a request
    (HistoryRequestMiddleware names the user only within one)."""
    record.full_clean()
    record._history_user = by
    record.save()
    return record


def record_update(record: models.Model, *, by, fields: Iterable[str], data: dict) -> list[str]:
    """Change a saved record's `fields` to the values in `data`, validate it and save what
    changed, with one history row under `by`; nothing is saved, and no history written, when
    nothing changed. Returns the names of the fields that changed.

    `fields` is the service's explicit list of what it may change: any other name in `data`
    is a mistake in the calling code and raises TypeError."""
    fields = list(fields)
    unexpected = sorted(set(data) - set(fields))
    if unexpected:
        raise TypeError(f"{type(record).__name__} cannot have {', '.join(unexpected)} changed here")
    # Compared with what the database holds: the record in hand may already carry the new
    # values (a ModelForm puts them on its instance) or be out of date.
    columns = {name: record._meta.get_field(name).attname for name in fields}
    stored = type(record)._default_manager.filter(pk=record.pk).values(*columns.values()).get()
    for name, value in data.items():
        setattr(record, name, value)
    record.full_clean()
    changed = [name for name, column in columns.items() if getattr(record, column) != stored[column]]
    if changed:
        record._history_user = by
        record.save(update_fields=changed)
    return changed
