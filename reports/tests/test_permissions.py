"""The rules of reports/permissions.py: each answers the same for one report as its scope does
for the whole table, for every role and report."""

import pytest

from authorities.models import Authority
from challenges.tests.factories import ChallengeFactory
from reports.models import FeedbackReport
from reports.permissions import can_publish_report, can_retry_report, can_view_report, is_failed, is_published, is_ready

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "other_peer_user", "fra_contact", "anonymous"]


@pytest.fixture
def reports(challenge, team_peer):
    """Every state of report at Avon (whose team the lead peer leads) and at Kent."""
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    for on in (challenge, kent):
        FeedbackReportFactory(challenge=on)
        FeedbackReportFactory(challenge=on, ready=True)
        FeedbackReportFactory(challenge=on, failed=True)
        FeedbackReportFactory(challenge=on, published=True)
    return FeedbackReport.objects.select_related("challenge__authority").order_by("pk")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "rule", [is_published, is_ready, is_failed, can_view_report, can_publish_report, can_retry_report], ids=lambda rule: rule.name
)
def test_report_rules_agree_with_their_scope_for_every_report(reports, user_for, role, rule):
    user = user_for(role)
    in_scope = set(rule.filter(reports, user))

    assert [(r.pk, rule.test(user, r)) for r in reports] == [(r.pk, r in in_scope) for r in reports]
