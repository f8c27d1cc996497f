"""`manage.py run_periodic_work`: every task in CELERY_BEAT_SCHEDULE, run once in-process, on
the embedded default where no beat process runs."""

import io

import pytest
from django.core.management import CommandError, call_command

from peersupport.celery import app
from peersupport.models import OutboxEmail, OutboxStatus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEND_DUE_EMAILS = {"task": "peersupport.emails_send_due", "schedule": 60.0}


@pytest.fixture(autouse=True)
def schedule(settings):
    """The outbox's entry alone, whatever other apps add to the schedule; tests add to it."""
    settings.CELERY_BEAT_SCHEDULE = {"send-due-emails": SEND_DUE_EMAILS}
    return settings.CELERY_BEAT_SCHEDULE


def test_beat_schedule_sends_due_emails_every_minute():
    """As Celery beat reads it, from the project's settings (not the test's copy above)."""
    assert app.conf.beat_schedule["send-due-emails"] == SEND_DUE_EMAILS


def _run():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("run_periodic_work", stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def test_run_periodic_work_sends_the_emails_that_are_due(mailoutbox):
    email = OutboxEmail.objects.create(recipients="adviser@lga.example.org", subject="Challenge requested", body="Avon.\n")

    assert _run() == ("send-due-emails: peersupport.emails_send_due returned 1\n", "", None)

    email.refresh_from_db()
    assert (email.status, [(m.to, m.subject) for m in mailoutbox]) == (OutboxStatus.SENT, [(["adviser@lga.example.org"], "Challenge requested")])
    assert _run() == ("send-due-emails: peersupport.emails_send_due returned 0\n", "", None)


def test_run_periodic_work_runs_every_scheduled_task_with_its_arguments(settings, mailoutbox):
    email = OutboxEmail.objects.create(recipients="adviser@lga.example.org", subject="Challenge requested", body="Avon.\n")
    settings.CELERY_BEAT_SCHEDULE = {
        **settings.CELERY_BEAT_SCHEDULE,
        "send-one-email": {"task": "peersupport.email_send", "schedule": 3600.0, "args": (email.pk,)},
        "render-a-removed-report": {"task": "reports.report_render", "schedule": 3600.0, "kwargs": {"report_id": 987654}},
    }

    assert _run() == (
        "send-due-emails: peersupport.emails_send_due returned 1\n"
        "send-one-email: peersupport.email_send returned None\n"
        "render-a-removed-report: reports.report_render returned None\n",
        "",
        None,
    )
    assert len(mailoutbox) == 1  # sent by the first task; the second found it sent


def test_run_periodic_work_reports_a_task_that_fails_or_does_not_exist_and_runs_the_rest(settings, mailoutbox):
    OutboxEmail.objects.create(recipients="adviser@lga.example.org", subject="Challenge requested", body="Avon.\n")
    settings.CELERY_BEAT_SCHEDULE = {
        "misspelt": {"task": "peersupport.emails_send_soon", "schedule": 60.0},
        "bad-argument": {"task": "peersupport.email_send", "schedule": 60.0, "args": ("twelve",)},
        **settings.CELERY_BEAT_SCHEDULE,
    }

    assert _run() == (
        "send-due-emails: peersupport.emails_send_due returned 1\n",
        "misspelt: no task is named peersupport.emails_send_soon\n"
        "bad-argument: peersupport.email_send failed: ValueError(\"Field 'id' expected a number but got 'twelve'.\")\n",
        "Periodic work failed: misspelt, bad-argument",
    )
    assert len(mailoutbox) == 1
