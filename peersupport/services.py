"""The project's write kit, shared by every app's services."""


def save_with_history(record, *, by):
    """Validate and save, naming `by` in the history record also outside a request
    (HistoryRequestMiddleware names the user only within one)."""
    record.full_clean()
    record._history_user = by
    record.save()
    return record
