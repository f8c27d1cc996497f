"""Loading the programme's history from CSV: check every row, then save every row or none."""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from authorities.models import Authority
from challenges import programme_csv
from challenges.models import Challenge
from peersupport.records_version import models_changed
from peersupport.rules import require

IMPORT_BATCH_SIZE = 500
HISTORY_REASON = "Imported from the programme's history (CSV)"


def programme_import_preview(*, by, file):
    """Read a CSV of challenges and check every row against the service as it is now,
    saving nothing (LGA administrators only). A row whose authority, type and start date are
    those of a challenge in the service updates it; any other row adds one.

    Raises ValidationError when the file as a whole cannot be read; each row carries its
    own errors. See docs/programme-import.md for the format."""
    require("challenges.import_programme", by)
    try:
        return programme_csv.check_file(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None


def programme_import_commit(*, by, file, sha256):
    """Save every row of a CSV of challenges, or none (LGA administrators only).

    The file must be the one the user previewed (`sha256` of its text), and is checked again
    against the service as it is now, with every authority locked so that no booking can
    overlap a row's visit meanwhile. New challenges are added, booked by `by`; a challenge the
    file finds has its status, reason, end dates, principal adviser, date requested and report
    link replaced by the row's; unchanged challenges and those not in the file are left
    alone. Every challenge saved gets a history entry under `by`. No one is emailed: these
    are records of what happened. Any error leaves the programme as it was and raises
    ValidationError."""
    require("challenges.import_programme", by)
    with transaction.atomic():
        # Bookings lock their authority while they look for overlapping visits
        # (services/dates.py): holding them all makes this check and the save one step.
        list(Authority.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        checked = programme_csv.check_file(file)
        checked.require_importable(sha256=sha256, nouns="challenges")
        try:
            with transaction.atomic():
                _programme_import_save(checked.new_rows + checked.changed_rows, by=by)
        except (DatabaseError, ValidationError) as error:
            raise ValidationError(
                "Nothing has been imported: the programme changed while the file was being saved. Check the challenges again",
                code="conflict",
            ) from error
    return checked


def _programme_import_save(rows, *, by):
    # In bulk, so that a file of thousands of rows costs a few queries per 500 rows: the
    # challenges, then the history a save would have written (who, when, why).
    new, changed = [], []
    for row in rows:
        if row.is_update:
            challenge = row.existing
            for name in programme_csv.UPDATE_FIELDS:
                setattr(challenge, name, row.values[name])
            if "status" in row.changes:
                challenge.late_step = ""  # as a change of status clears it (services/status.py)
            changed.append(challenge)
        else:
            challenge = Challenge(**row.values, booked_by=by)
            new.append(challenge)
        # The check found the related records among those it loaded; the database holds the
        # constraints, and a failure undoes every row.
        challenge.full_clean(exclude=programme_csv.RELATIONS, validate_unique=False, validate_constraints=False)
    Challenge.objects.bulk_create(new, batch_size=IMPORT_BATCH_SIZE)
    if changed:
        Challenge.objects.bulk_update(changed, fields=[*programme_csv.UPDATE_FIELDS, "late_step"], batch_size=IMPORT_BATCH_SIZE)
    models_changed(Challenge)  # written in bulk, without signals: figures read from them are worked out again
    for records, update in ((new, False), (changed, True)):
        if records:
            Challenge.history.bulk_history_create(
                records, update=update, default_user=by, default_change_reason=HISTORY_REASON, batch_size=IMPORT_BATCH_SIZE
            )
