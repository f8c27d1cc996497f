"""The outbox's Celery tasks: thin wrappers of the services, an email kept when the broker is
down, and (when CELERY_BROKER_URL is set) an email sent through a real worker and Redis."""

import logging
import time

import pytest
from django.db import transaction

from peersupport import tasks
from peersupport.celery import app
from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.outbox.services import email_queue

pytestmark = pytest.mark.integration



def _queue_committed(django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            email = email_queue(
                **{"to": ["contact@avon.example.org"], "subject": "Peer challenge confirmed", "body": "Dates: 8 to 11 March 2027\n", **fields}
            )
    assert len(callbacks) == 1
    return email


def test_tasks_registered_under_their_names():
    assert (app.tasks["peersupport.email_send"], app.tasks["peersupport.emails_send_due"]) == (tasks.email_send, tasks.emails_send_due)


def test_email_queue_broker_down_keeps_the_email_for_the_sweep(db, broker_down, mailoutbox, django_capture_on_commit_callbacks, caplog):
    with caplog.at_level(logging.WARNING, logger="peersupport.outbox.services"):
        email = _queue_committed(django_capture_on_commit_callbacks)  # the change is committed: nothing raised

    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at, mailoutbox) == (OutboxStatus.PENDING, 0, None, [])
    assert [record.getMessage().split(": ")[0] for record in caplog.records] == [
        f"Email {email.pk} stays in the outbox for the next sweep"
    ]

    broker_down()  # the broker is back
    assert tasks.emails_send_due.delay().result == 1

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.SENT, 1)
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["contact@avon.example.org"], "Peer challenge confirmed", "Dates: 8 to 11 March 2027\n")
    ]
    assert tasks.emails_send_due.delay().result == 0
    assert len(mailoutbox) == 1


def test_email_send_task_sends_a_waiting_email(db, mailoutbox):
    email = OutboxEmail.objects.create(recipients="adviser@lga.example.org", subject="Challenge requested", body="Avon.\n")

    assert tasks.email_send.delay(email.pk).result is None

    email.refresh_from_db()
    assert (email.status, [m.subject for m in mailoutbox]) == (OutboxStatus.SENT, ["Challenge requested"])


def test_email_send_task_for_a_removed_email_returns_quietly(db, mailoutbox):
    assert (tasks.email_send.delay(987654).result, mailoutbox) == (None, [])


# Through a real worker and broker


@pytest.fixture
def outbox_worker(transactional_db, django_db_serialized_rollback, request, monkeypatch, tmp_path):
    """A real Celery worker (conftest's `celery_worker`) whose emails go to files in a folder
    of the test's own, which it returns. Asks for the committed database itself: the worker
    is started only once EMAIL_URL is set, too late for pytest-django to choose it."""
    mail_folder = tmp_path / "mail"
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{mail_folder}")  # the worker reads it at start
    request.getfixturevalue("celery_worker")
    return mail_folder


@pytest.mark.celery_worker
def test_email_real_worker_sends_it_once_committed(outbox_worker):
    with transaction.atomic():
        email = email_queue(to=["contact@avon.example.org"], subject="Peer challenge confirmed", body="Dates: 8 to 11 March 2027\n")

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status != OutboxStatus.PENDING or email.attempts:
            break
        time.sleep(0.25)

    assert (email.status, email.attempts, email.last_error) == (OutboxStatus.SENT, 1, "")
    [sent] = list(outbox_worker.iterdir())
    headers, _, body = sent.read_text().partition("\n\n")
    assert {line for line in headers.splitlines() if line.split(":")[0] in {"Subject", "From", "To"}} == {
        "Subject: Peer challenge confirmed", "From: Fire peer support <peer.support@local.gov.uk>", "To: contact@avon.example.org",
    }
    assert body.startswith("Dates: 8 to 11 March 2027\n")
