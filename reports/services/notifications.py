"""Who hears of what happens to a report, by email through the outbox (peersupport/outbox):
written in the same transaction as the change, sent after it commits, never lost."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from challenges.services.notifications import challenge_staff
from peersupport.outbox.services import email_queue


def report_failed_notify(*, report, error: str):
    """A version could not be prepared: the challenge's LGA staff (or its region's advisers) are
    told, with the error, so that someone tries again or calls the service team."""
    challenge = report.challenge
    url = f"{settings.SITE_URL}{challenge.get_absolute_url()}"
    subject, _, body = render_to_string(
        "reports/email/report_failed.txt", {"report": report, "challenge": challenge, "error": error, "url": url}
    ).strip().partition("\n")
    return email_queue(
        to=challenge_staff(challenge), subject=subject.strip(), body=body.strip() + "\n", about_url=challenge.get_absolute_url()
    )


def committee_paper_failed_notify(*, paper, error: str):
    """A committee paper's PDF could not be prepared: the officer who asked for it is told,
    with the error, and where to try again (the insight page of its period)."""
    path = f"{reverse('challenges:insight')}?{urlencode(paper.period.query())}"
    subject, _, body = render_to_string(
        "reports/email/committee_paper_failed.txt",
        {"paper": paper, "period": paper.period, "error": error, "url": f"{settings.SITE_URL}{path}"},
    ).strip().partition("\n")
    return email_queue(to=paper.requested_by.email, subject=subject.strip(), body=body.strip() + "\n", about_url=path)
