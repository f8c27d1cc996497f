"""Writing emails to the outbox and sending them.

An email is a row first, written in the caller's transaction: undone with the change that
caused it, kept with it. Once the transaction commits, a task is queued to send it; whenever
that cannot happen (the broker is down, the mail server refuses), the row stays waiting and
the periodic sweep (`emails_send_due`, every minute through Celery beat, or
`manage.py run_periodic_work`) sends it later, after a growing pause.

Delivery is at least once: an email whose sending succeeded but whose row could not then be
marked sent is sent again. The row lock while sending keeps two workers from sending one email."""

import datetime
import logging
from collections.abc import Iterable

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from peersupport import tasks
from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.rules import require

logger = logging.getLogger(__name__)

# How long to wait after each failed attempt before the next; after MAX_ATTEMPTS the email is
# failed, for LGA staff to see and send again. About five and a half hours in all, long
# enough to outlast most mail server outages without leaving a message unsent overnight.
RETRY_DELAYS = tuple(datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

# What queuing a task raises when the broker cannot be reached: Celery wraps most connection
# errors in kombu's OperationalError, but some reach us as the transport's own.
BROKER_UNREACHABLE = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError, OSError)


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


def email_send(*, email_id) -> OutboxEmail | None:
    """Send one waiting email and mark it sent; a failure counts an attempt and sets when to
    try again (see RETRY_DELAYS), or marks it failed after the last. An email since removed,
    already sent or failed is left alone. Mail server errors are recorded, not raised."""
    with transaction.atomic():
        email = OutboxEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is not None and email.status == OutboxStatus.PENDING:
            _send_locked(email)
        return email


def emails_send_due() -> int:
    """Send every waiting email whose next attempt is due, oldest first, each in a transaction
    of its own; returns how many were sent.

    On PostgreSQL an email another sweep or a worker is sending at that moment is skipped
    (it holds the row lock), so that no email is sent twice; SQLite serialises writes anyway."""
    now = timezone.now()
    due = OutboxEmail.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    sent = 0
    for email_id in list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)):
        with transaction.atomic():
            # Asked again under the lock: it may have been sent since the list was read.
            email = due.select_for_update(**lock).filter(pk=email_id).first()
            if email is not None and _send_locked(email):
                sent += 1
    return sent


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


def _send_locked(email: OutboxEmail) -> bool:
    """Send an email whose row the caller has locked, and record the outcome. Sent while
    holding the lock, so that no one else sends it meanwhile."""
    try:
        EmailMessage(
            subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=email.recipient_list
        ).send()
    except Exception as error:  # whatever the mail backend raises, the email waits to be tried again
        _record_failure(email, error)
        return False
    email.status = OutboxStatus.SENT
    email.sent_at = timezone.now()
    email.attempts += 1
    email.last_error = ""
    email.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return True


def _record_failure(email: OutboxEmail, error: Exception) -> None:
    email.attempts += 1
    email.last_error = str(error) or type(error).__name__
    if email.attempts >= MAX_ATTEMPTS:
        email.status = OutboxStatus.FAILED
        logger.error("Email %s failed after %s attempts: %s", email.pk, email.attempts, email.last_error)
    else:
        email.next_attempt_at = timezone.now() + RETRY_DELAYS[email.attempts - 1]
        logger.warning("Email %s could not be sent (attempt %s): %s", email.pk, email.attempts, email.last_error)
    email.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])


def _queue_send_on_commit(email: OutboxEmail) -> None:
    email_id = email.pk
    transaction.on_commit(lambda: _queue_send(email_id))


def _queue_send(email_id) -> None:
    try:
        tasks.email_send.delay(email_id)
    except BROKER_UNREACHABLE as error:
        # The change is committed and the email with it: the periodic sweep sends it.
        logger.warning("Email %s stays in the outbox for the next sweep: the task queue is unreachable (%s)", email_id, error)
