"""A challenge's history of changes, as its history page shows it, in the form of the
authority's history (authorities/selectors/history.py): who changed what, when, and why."""

from authorities.models import Inspection, User
from authorities.selectors.history import HistoryEntry, record_history_entries
from challenges.choices import FOCUS_AREA_CHOICES

USER_FIELDS = ("principal_adviser", "challenge_manager", "requested_by")


def challenge_history(*, challenge) -> list[HistoryEntry]:
    """Every recorded change to the challenge, newest first, with the reason given for a
    reschedule, a postponement or a cancellation. Three queries whatever its length."""
    records = list(challenge.history.select_related("history_user"))
    user_ids = {getattr(record, f"{name}_id") for record in records for name in USER_FIELDS} - {None}
    inspection_ids = {record.inspection_id for record in records} - {None}
    users = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "full_name")) if user_ids else {}
    inspections = dict(Inspection.objects.filter(pk__in=inspection_ids).values_list("pk", "round_name")) if inspection_ids else {}
    names = {name: users for name in USER_FIELDS} | {"inspection": inspections, "focus_areas": dict(FOCUS_AREA_CHOICES)}
    entries = record_history_entries(records, lambda record: "Challenge", names, hide={"authority", "booked_by", "late_step"})
    return sorted((entry for _, entry in entries), key=lambda entry: entry.when, reverse=True)
