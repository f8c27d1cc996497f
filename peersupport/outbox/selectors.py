"""Reads of the email outbox, for LGA staff (the views check the permission)."""

from django.db.models import Count, QuerySet

from peersupport.models import OutboxEmail, OutboxStatus


def emails_for_outbox(*, status: str | None = None) -> QuerySet[OutboxEmail]:
    """Every email in the outbox, newest first; only those with `status` when it is given."""
    emails = OutboxEmail.objects.order_by("-created_at", "-id")
    return emails.filter(status=status) if status else emails


def outbox_counts() -> dict[str, int]:
    """How many emails the outbox holds in each status, every status named (0 for none)."""
    counts = dict.fromkeys(OutboxStatus.values, 0)
    for row in OutboxEmail.objects.order_by().values("status").annotate(count=Count("id")):
        counts[row["status"]] = row["count"]
    return counts
