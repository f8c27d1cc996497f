"""Sending the emails waiting in the outbox (services.py writes and queues them): one at a
time under its row's lock, or every one that is due, for the periodic sweep. The tasks in
peersupport/tasks.py call these."""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from peersupport.models import OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

# How long to wait after each failed attempt before the next; after MAX_ATTEMPTS the email is
# failed, for LGA staff to see and send again. About five and a half hours in all, long
# enough to outlast most mail server outages without leaving a message unsent overnight.
RETRY_DELAYS = tuple(datetime.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


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


def _send_locked(email: OutboxEmail) -> bool:
    """Send an email whose row the caller has locked, and record the outcome. Sent while
    holding the lock, so that no one else sends it meanwhile."""
    try:
        EmailMessage(
            subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=email.recipient_list
        ).send()
    except SoftTimeLimitExceeded:
        raise  # the task's time is up: not the mail server's failure, and the sweep must stop
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
