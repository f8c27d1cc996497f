"""An authority's history of changes, as its history page shows it: django-simple-history's
records turned into entries of who changed what, when, with each field's value before and
after (from `diff_against`)."""

import bisect
import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst

from authorities.choices import InspectionGrade, InspectionQuestion
from authorities.models import (
    Authority,
    AuthorityContact,
    Inspection,
    InspectionResult,
)
from peersupport.formats import long_date

NOT_RECORDED = "Not recorded"
NOT_GRADED = "Not graded"
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    subject: str
    action: str
    reason: str = ""
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def title(self):
        return f"{self.subject} {self.action}"


def history_entries(*, authority_records, contact_records, inspection_records, result_records, authority_names):
    """The entries for an authority, newest first. Grade changes join the entry of the
    inspection save they followed, as the service saves an inspection and its grades together."""
    names = {"succeeded_by": authority_names}
    entries = record_history_entries(authority_records, lambda record: "Authority record", names)
    entries += record_history_entries(contact_records, lambda record: record.get_role_display(), names, hide={"authority", "role"})
    inspections = record_history_entries(
        inspection_records, lambda record: f"Inspection {record.round_name}", names, hide={"authority", "recorded_by"}
    )
    _add_grade_changes(inspections, result_records)
    entries += inspections
    return sorted((entry for _, entry in entries), key=lambda entry: entry.when, reverse=True)


def _chronological(records):
    return sorted(records, key=lambda record: (record.history_date, record.history_id))


def record_history_entries(records, subject, names, hide=frozenset()):
    """(record, entry) for each django-simple-history record, oldest first; each change is the
    record's difference from the one before it of the same row. `subject(record)` names what
    changed; `names` gives, for a field, the label of each value of a relation or a list
    ({"succeeded_by": {pk: name}}); fields in `hide` are left out."""
    previous, entries = {}, []
    for record in _chronological(records):
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user.full_name if record.history_user_id else NOT_RECORDED,
            subject=subject(record),
            action=ACTIONS[record.history_type],
            reason=record.history_change_reason or "",
        )
        if record.history_type == "~" and record.id in previous:
            delta = record.diff_against(previous[record.id], excluded_fields=hide)
            entry.changes = [
                FieldChange(_label(record, c.field), _value(record, c.field, c.old, names), _value(record, c.field, c.new, names))
                for c in delta.changes
            ]
        elif record.history_type == "+" and not entry.reason:
            entry.changes = [
                FieldChange(_label(record, f.name), NOT_RECORDED, _value(record, f.name, getattr(record, f.attname), names))
                for f in record.instance_type._meta.concrete_fields
                if f.name not in hide and f.editable and not f.primary_key and getattr(record, f.attname) not in (None, "", [])
            ]
        previous[record.id] = record
        entries.append((record, entry))
    return entries


def _add_grade_changes(inspections, result_records):
    """Each grade change joins the entry of the latest save of its inspection at or before it."""
    saves = {}  # inspection id: ([history dates], [entries]), oldest first
    for record, entry in inspections:
        dates, entries = saves.setdefault(record.id, ([], []))
        dates.append(record.history_date)
        entries.append(entry)
    grades = {}
    for result in _chronological(result_records):
        key = (result.inspection_id, result.question)
        before, after = grades.get(key, ""), ("" if result.history_type == "-" else result.grade)
        grades[key] = after
        if before == after or result.inspection_id not in saves:
            continue
        dates, entries = saves[result.inspection_id]
        entry = entries[max(bisect.bisect_right(dates, result.history_date) - 1, 0)]
        question = dict(InspectionQuestion.choices).get(result.question, result.question)
        entry.changes.append(FieldChange(f"Grade: {question}", _grade(before), _grade(after)))


def _grade(value):
    return dict(InspectionGrade.choices).get(value, value) if value else NOT_GRADED


def _label(record, name):
    return capfirst(record.instance_type._meta.get_field(name).verbose_name)


def _value(record, name, value, names):
    model_field = record.instance_type._meta.get_field(name)
    if value is None or value == "":
        return NOT_RECORDED
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(model_field, models.DateField):
        return long_date(value)
    if isinstance(value, list):
        labels = names.get(name, {})
        return ", ".join(str(labels.get(item, item)) for item in value) or NOT_RECORDED
    if model_field.is_relation:
        return names.get(name, {}).get(value, f"Record {value}")
    return str(value)


def authority_history(*, authority) -> list[HistoryEntry]:
    """Every recorded change to the authority's record, its contacts and its inspections
    (grades included), newest first: who made it, when, and each field's value before and
    after. Five queries whatever the length of the history."""
    authority_records = authority.history.all()
    successors = Authority.objects.filter(pk__in=authority_records.exclude(succeeded_by=None).values("succeeded_by"))
    inspection_records = Inspection.history.filter(authority_id=authority.pk)
    return history_entries(
        authority_records=authority_records.select_related("history_user"),
        contact_records=AuthorityContact.history.filter(authority_id=authority.pk).select_related("history_user"),
        inspection_records=inspection_records.select_related("history_user"),
        result_records=InspectionResult.history.filter(inspection_id__in=inspection_records.values("id")),
        authority_names=dict(successors.values_list("pk", "name")),
    )
