"""The email outbox's services: an email is written with the change that causes it, sent once
that commits, tried again after a growing pause when the mail server refuses, and sent again
by LGA staff. "Now" is fixed, so that every time is exact."""

import datetime
import runpy
import smtplib
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction

from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.outbox import sending
from peersupport.outbox.sending import MAX_ATTEMPTS, email_send, emails_send_due
from peersupport.outbox.services import email_queue, email_resend
from peersupport.tests.clock import NOW

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MINUTE = datetime.timedelta(minutes=1)
REFUSING_BACKEND = "peersupport.tests.test_outbox_services.RefusingBackend"
REFUSAL = "Connection unexpectedly closed"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected(REFUSAL)


@pytest.fixture
def queue(django_capture_on_commit_callbacks):
    """Queue an email in a transaction of its own and run what it queued once committed:
    the send task, in-process."""

    def queue(**fields):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with transaction.atomic():
                email = email_queue(**{"to": ["contact@avon.example.org"], "subject": "Peer challenge confirmed", "body": "Dates: 8 to 11 March 2027\n", **fields})
        assert len(callbacks) == 1
        email.refresh_from_db()
        return email

    return queue


def _state(email):
    email.refresh_from_db()
    return email.status, email.attempts, email.last_error, email.next_attempt_at, email.sent_at


def _waiting(**fields) -> OutboxEmail:
    """An email in the outbox, waiting and due now, written without queuing a task."""
    return OutboxEmail.objects.create(
        **{"recipients": "adviser@lga.example.org", "subject": "Challenge requested", "body": "Avon asked for a challenge.\n",
           "next_attempt_at": NOW, **fields}
    )


# email_queue


def test_email_queue_sends_once_committed(clock, queue, mailoutbox):
    email = queue(to=["contact@avon.example.org", "adviser@lga.example.org"], about_url="/challenges/12/")

    assert [(m.from_email, m.to, m.subject, m.body) for m in mailoutbox] == [
        ("Fire peer support <peer.support@local.gov.uk>", ["contact@avon.example.org", "adviser@lga.example.org"],
         "Peer challenge confirmed", "Dates: 8 to 11 March 2027\n"),
    ]
    assert _state(email) == (OutboxStatus.SENT, 1, "", NOW, NOW)
    assert (email.recipients, email.about_url, email.created_at) == (
        "contact@avon.example.org, adviser@lga.example.org", "/challenges/12/", NOW
    )


def test_email_queue_one_address_as_a_string(clock, queue, mailoutbox):
    queue(to="contact@avon.example.org")

    assert [m.to for m in mailoutbox] == [["contact@avon.example.org"]]


def test_email_queue_sends_nothing_before_the_commit(clock, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = email_queue(to=["contact@avon.example.org"], subject="Peer challenge confirmed", body="Dates\n")

    assert (len(callbacks), mailoutbox) == (1, [])
    assert _state(email) == (OutboxStatus.PENDING, 0, "", NOW, None)


def test_email_queue_in_a_transaction_rolled_back_is_never_written_nor_sent(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError, match="^the change failed$"):
            with transaction.atomic():
                email_queue(to=["contact@avon.example.org"], subject="Peer challenge confirmed", body="Dates\n")
                raise RuntimeError("the change failed")

    assert (OutboxEmail.objects.count(), callbacks, mailoutbox) == (0, [], [])


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"to": []}, {"recipients": ["Enter an email address"]}),
        ({"to": ["contact@avon.example.org", "not an address"]}, {"recipients": ["Enter an email address in the correct format, like name@example.com"]}),
        ({"to": ["Avon <contact@avon.example.org>"]}, {"recipients": ["Enter an email address in the correct format, like name@example.com"]}),
        ({"subject": "Confirmed\nBcc: everyone@example.org"}, {"subject": ["Subject must be on one line"]}),
        ({"subject": "x" * 201}, {"subject": ["Ensure this value has at most 200 characters (it has 201)."]}),
        ({"body": "Dates\u202e"}, {"body": ["Body must not include hidden or control characters"]}),
        ({"about_url": "//elsewhere.example.org/"}, {"about_url": ["Enter the path of a page of the service, like /challenges/12/"]}),
        ({"about_url": "javascript:alert(1)"}, {"about_url": ["Enter the path of a page of the service, like /challenges/12/"]}),
    ],
)
def test_email_queue_refuses_what_cannot_be_sent(db, mailoutbox, fields, errors):
    with pytest.raises(ValidationError) as error:
        email_queue(**{"to": ["contact@avon.example.org"], "subject": "Confirmed", "body": "Dates\n", **fields})

    assert error.value.message_dict == errors
    assert (OutboxEmail.objects.count(), mailoutbox) == (0, [])


# Failures and trying again


def test_email_send_failure_leaves_it_waiting_for_a_minute(clock, queue, mailoutbox, settings):
    settings.EMAIL_BACKEND = REFUSING_BACKEND

    email = queue()

    assert _state(email) == (OutboxStatus.PENDING, 1, REFUSAL, NOW + MINUTE, None)
    assert mailoutbox == []


def test_email_send_failures_back_off_then_fail_after_the_last_attempt(clock, queue, settings):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    email = queue()
    seen = [_state(email)[:2] + (email.next_attempt_at - clock.now,)]

    for _ in range(MAX_ATTEMPTS - 1):
        clock.now = email.next_attempt_at - datetime.timedelta(seconds=1)
        assert emails_send_due() == 0  # not yet due: left alone
        clock.now = email.next_attempt_at
        assert emails_send_due() == 0
        seen.append(_state(email)[:2] + (email.next_attempt_at - clock.now,))

    assert seen == [
        (OutboxStatus.PENDING, 1, MINUTE),
        (OutboxStatus.PENDING, 2, 5 * MINUTE),
        (OutboxStatus.PENDING, 3, 15 * MINUTE),
        (OutboxStatus.PENDING, 4, 60 * MINUTE),
        (OutboxStatus.PENDING, 5, 240 * MINUTE),
        (OutboxStatus.FAILED, 6, datetime.timedelta(0)),
    ]
    assert MAX_ATTEMPTS == 6
    clock.now += datetime.timedelta(days=30)
    assert emails_send_due() == 0
    assert _state(email) == (OutboxStatus.FAILED, 6, REFUSAL, NOW + 321 * MINUTE, None)


def test_email_sent_by_the_sweep_once_the_mail_server_is_back(clock, queue, settings, mailoutbox):
    settings.EMAIL_BACKEND = REFUSING_BACKEND
    email = queue()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.now = NOW + MINUTE

    assert emails_send_due() == 1

    assert _state(email) == (OutboxStatus.SENT, 2, "", NOW + MINUTE, NOW + MINUTE)
    assert [m.subject for m in mailoutbox] == ["Peer challenge confirmed"]


def test_email_send_error_without_a_message_records_its_kind(clock, monkeypatch):
    email = _waiting()

    def refuse(self, fail_silently=False):
        raise TimeoutError

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    email_send(email_id=email.pk)

    assert _state(email) == (OutboxStatus.PENDING, 1, "TimeoutError", NOW + MINUTE, None)


# email_send: what it leaves alone


def test_email_send_removed_email_returns_quietly(db, mailoutbox):
    assert (email_send(email_id=987654), mailoutbox) == (None, [])


@pytest.mark.parametrize("status", [OutboxStatus.SENT, OutboxStatus.FAILED])
def test_email_send_leaves_sent_and_failed_alone(clock, mailoutbox, status):
    email = _waiting(status=status, attempts=1 if status == OutboxStatus.SENT else MAX_ATTEMPTS, sent_at=NOW if status == OutboxStatus.SENT else None)

    email_send(email_id=email.pk)

    assert (mailoutbox, _state(email)[:2]) == ([], (status, email.attempts))


# emails_send_due


def test_emails_send_due_sends_only_waiting_emails_that_are_due_oldest_first(clock, mailoutbox):
    later = _waiting(subject="Due now", next_attempt_at=NOW)
    earlier = _waiting(subject="Due since a minute", next_attempt_at=NOW - MINUTE)
    not_yet = _waiting(subject="Due in a minute", next_attempt_at=NOW + MINUTE)
    _waiting(subject="Sent already", status=OutboxStatus.SENT, sent_at=NOW - MINUTE, attempts=1)
    _waiting(subject="Given up", status=OutboxStatus.FAILED, attempts=MAX_ATTEMPTS)

    assert emails_send_due() == 2

    assert [m.subject for m in mailoutbox] == ["Due since a minute", "Due now"]
    assert [_state(email)[0] for email in (earlier, later, not_yet)] == [OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.PENDING]
    assert emails_send_due() == 0
    assert len(mailoutbox) == 2


def test_emails_send_due_skips_an_email_another_sweep_is_sending(transactional_db, django_db_serialized_rollback, clock, mailoutbox):
    """Two sweeps at once (or a sweep and the on-commit task): the one that holds the row
    sends it, the other passes it by. SQLite locks the whole database instead of a row."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks to skip: the PostgreSQL run (CI) tests this")
    email = _waiting()
    outcome = []

    def sweep():
        try:
            outcome.append(emails_send_due())
        finally:
            connection.close()

    with transaction.atomic():  # another sweep holds the email while it sends it
        OutboxEmail.objects.select_for_update().get(pk=email.pk)
        other = threading.Thread(target=sweep)
        other.start()
        other.join(timeout=30)

    assert (outcome, mailoutbox, _state(email)[0]) == ([0], [], OutboxStatus.PENDING)
    assert emails_send_due() == 1
    assert len(mailoutbox) == 1


# email_resend


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
@pytest.mark.parametrize("status", [OutboxStatus.FAILED, OutboxStatus.PENDING])
def test_email_resend_by_lga_staff_queues_it_at_once(clock, user_for, django_capture_on_commit_callbacks, mailoutbox, role, status):
    email = _waiting(status=status, attempts=MAX_ATTEMPTS if status == OutboxStatus.FAILED else 3,
                     last_error=REFUSAL, next_attempt_at=NOW + 60 * MINUTE)
    staff = user_for(role)

    with django_capture_on_commit_callbacks() as callbacks:
        email_resend(by=staff, email=email)

    assert (_state(email), len(callbacks)) == ((OutboxStatus.PENDING, 0, "", NOW, None), 1)
    callbacks[0]()  # the send task, as the commit runs it
    assert _state(email) == (OutboxStatus.SENT, 1, "", NOW, NOW)
    assert [(m.to, m.subject) for m in mailoutbox] == [(["adviser@lga.example.org"], "Challenge requested")]


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact", "anonymous"])
def test_email_resend_refused_to_anyone_but_lga_staff(clock, user_for, mailoutbox, role):
    email = _waiting(status=OutboxStatus.FAILED, attempts=MAX_ATTEMPTS, last_error=REFUSAL)

    with pytest.raises(PermissionDenied, match="^Only LGA staff can see the outbox.$"):
        email_resend(by=user_for(role), email=email)

    assert (_state(email), mailoutbox) == ((OutboxStatus.FAILED, MAX_ATTEMPTS, REFUSAL, NOW, None), [])


def test_email_resend_of_a_sent_email_refused(clock, lga_admin, mailoutbox, django_capture_on_commit_callbacks):
    email = _waiting(status=OutboxStatus.SENT, attempts=1, sent_at=NOW)

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as error:
        email_resend(by=lga_admin, email=email)

    assert (error.value.messages, callbacks, mailoutbox) == (["This email has already been sent"], [], [])
    assert _state(email) == (OutboxStatus.SENT, 1, "", NOW, NOW)


# The database's share of the rules


def test_outbox_email_sent_without_sent_at_refused_by_the_database(db):
    with pytest.raises(IntegrityError, match="outbox_email_sent_has_sent_at"), transaction.atomic():
        OutboxEmail.objects.bulk_create([OutboxEmail(recipients="a@example.org", subject="s", body="b", status=OutboxStatus.SENT)])


def test_outbox_email_negative_attempts_refused_by_the_database(db):
    with pytest.raises(IntegrityError, match="outbox_email_attempts_not_negative"), transaction.atomic():
        OutboxEmail.objects.bulk_create([OutboxEmail(recipients="a@example.org", subject="s", body="b", attempts=-1)])


def test_retry_delays_one_fewer_than_attempts():
    assert [delay // MINUTE for delay in sending.RETRY_DELAYS] == [1, 5, 15, 60, 240]


# Where emails go: the settings read from the environment


def _base_settings(monkeypatch, **variables):
    monkeypatch.setenv("SECRET_KEY", "test-only-secret-key")
    for name in ("EMAIL_URL", "DEFAULT_FROM_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(django_settings.BASE_DIR) / "peersupport" / "settings" / "base.py"))


def test_email_settings_embedded_default_writes_files_to_build_mail(monkeypatch):
    values = _base_settings(monkeypatch)

    assert (values["EMAIL_BACKEND"], values["EMAIL_FILE_PATH"], values["DEFAULT_FROM_EMAIL"]) == (
        "django.core.mail.backends.filebased.EmailBackend", Path(django_settings.BASE_DIR) / "build" / "mail",
        "Fire peer support <peer.support@local.gov.uk>",
    )


def test_email_settings_from_email_url(monkeypatch):
    values = _base_settings(
        monkeypatch, EMAIL_URL="smtp+tls://peer.support:s%40cret@smtp.example.org:587",
        DEFAULT_FROM_EMAIL="Peer support <peers@example.org>",
    )

    assert {name: values[name] for name in values if name.startswith("EMAIL_") or name == "DEFAULT_FROM_EMAIL"} == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "peer.support", "EMAIL_HOST_PASSWORD": "s@cret", "EMAIL_USE_TLS": True, "EMAIL_FILE_PATH": "",
        "EMAIL_TIMEOUT": 30, "DEFAULT_FROM_EMAIL": "Peer support <peers@example.org>",
    }


def test_email_send_stops_when_the_tasks_time_is_up(clock, monkeypatch, mailoutbox):
    """Celery's soft time limit is not the mail server failing: it stops the sweep, and the
    email is not counted as a failed attempt."""
    from celery.exceptions import SoftTimeLimitExceeded

    email = _waiting()

    def time_up(self, fail_silently=False):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr("django.core.mail.EmailMessage.send", time_up)

    with pytest.raises(SoftTimeLimitExceeded):
        emails_send_due()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxStatus.PENDING, 0)
