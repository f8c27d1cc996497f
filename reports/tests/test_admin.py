"""A failed report can be asked for again from the Django admin, through report_retry."""

import pytest

from authorities.tests.factories import LgaAdminFactory
from reports.choices import ReportStatus

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]


def test_admin_render_again_queues_failed_reports_and_refuses_others(client, challenge):
    client.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))
    failed, ready = FeedbackReportFactory(challenge=challenge, failed=True), FeedbackReportFactory(challenge=challenge, ready=True)

    response = client.post(
        "/admin/reports/feedbackreport/", {"action": "render_again", "_selected_action": [failed.pk, ready.pk]}, follow=True
    )

    failed.refresh_from_db()
    ready.refresh_from_db()
    assert (failed.status, ready.status) == (ReportStatus.QUEUED, ReportStatus.READY)
    texts = [str(message) for message in response.context["messages"]]
    assert texts == [
        f"Version {ready.version} of {challenge}: Only a report that failed can be tried again",
        f"Version {failed.version} of {challenge} is queued again",
    ]
