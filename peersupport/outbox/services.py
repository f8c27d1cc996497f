"""Writing emails to the outbox, and queuing them to be sent (sending.py sends them).

An email is a row first, written in the caller's transaction: undone with the change that
caused it, kept with it. Once the transaction commits, a task is queued to send it; whenever
that cannot happen (the broker is down, the mail server refuses), the row stays waiting and
the periodic sweep (`emails_send_due`, every minute through Celery beat, or
`manage.py run_periodic_work`) sends it later, after a growing pause.

Delivery is at least once: an email whose sending succeeded but whose row could not then be
marked sent is sent again. The row lock while sending keeps two workers from sending one email."""

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peersupport import tasks
from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.queueing import task_send_on_commit
from peersupport.rules import require

logger = logging.getLogger(__name__)


def email_queue(*, to: str | Iterable[str], subject: str, body: str, about_url: str = "") -> OutboxEmail:
    """Write an email to the outbox in the caller's transaction, to be sent once it commits.

    `to` is one address or several; `about_url` is the path of the record the email is about,
    shown in the outbox. Raises ValidationError for a missing or malformed address, a subject
    that is too long or not on one line, or hidden characters; a transaction rolled back
    takes the email with it, unsent."""
    addresses = [to] if isinstance(to, str) else list(to)
    email = OutboxEmail(
        recipients=", ".join(address.strip() for address in addresses),
        subject=subject,
        body=body,
        about_url=about_url,
        next_attempt_at=timezone.now(),
    )
    email.full_clean()
    email.save()
    _queue_send_on_commit(email)
    return email


def email_resend(*, by, email: OutboxEmail) -> OutboxEmail:
    """Put a failed or waiting email back in the queue at once, with its attempts counted
    afresh, and send it once committed. Only LGA staff may; an email already sent is refused
    (ValidationError), so that no one receives it twice."""
    require("peersupport.see_outbox", by)
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().get(pk=email.pk)
        if email.status == OutboxStatus.SENT:
            raise ValidationError("This email has already been sent")
        email.status = OutboxStatus.PENDING
        email.attempts = 0
        email.last_error = ""
        email.next_attempt_at = timezone.now()
        email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
        _queue_send_on_commit(email)
    return email


def _queue_send_on_commit(email: OutboxEmail) -> None:
    # A broker that is down leaves the email waiting, committed, for the periodic sweep.
    task_send_on_commit(
        tasks.email_send, email.pk, logger=logger, waiting=f"Email {email.pk} stays in the outbox for the next sweep"
    )
