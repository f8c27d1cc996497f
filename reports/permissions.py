"""Who may see and act on feedback reports: one rule each, registered as the permissions that
views check, templates ask and selectors scope querysets by (see peersupport/rules.py)."""

from django.db.models import Q

from challenges.permissions import can_see_findings, oversees_challenge, writes_report
from peersupport.rules import add_perm, record_rule
from reports.choices import ReportStatus


def _in_status(status):
    @record_rule(scope=lambda user: Q(status=status))
    def has_status(user, report) -> bool:
        return report is not None and report.status == status

    has_status.name = f"is_{status}"
    return has_status


is_published = _in_status(ReportStatus.PUBLISHED)
is_ready = _in_status(ReportStatus.READY)
is_failed = _in_status(ReportStatus.FAILED)

# Published reports are public documents; a draft is for those who can see its challenge
# (LGA staff in scope and the team; the authority's own contacts see only what is published). The lead peer and challenge manager ask for the report;
# those who oversee the challenge publish a ready version; either asks again for a failed one.
can_view_report = is_published | can_see_findings.via("challenge")
add_perm("reports.view_report", can_view_report, refusal="You cannot see this report.")
add_perm("reports.request_report", writes_report, refusal="You cannot ask for this challenge's report.")
can_publish_report = is_ready & oversees_challenge.via("challenge")
can_retry_report = is_failed & (writes_report | oversees_challenge).via("challenge")
add_perm("reports.publish_report", can_publish_report, refusal="You cannot publish this report.")
add_perm("reports.retry_report", can_retry_report, refusal="You cannot retry this report.")
