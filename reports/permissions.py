"""Who may see and act on feedback reports: one rule each, registered as the permissions that
views check, templates ask and selectors scope querysets by (see peersupport/rules.py)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from authorities.permissions import is_lga_staff
from challenges.models import FactualCheck
from challenges.permissions import can_see_findings, is_challenged_authority, oversees_challenge, writes_report
from peersupport.rules import add_perm, record_rule
from reports.choices import ONCE_PUBLISHED_STATUSES, PUBLISHABLE_KINDS, ReportKind, ReportStatus


def _in_status(status):
    @record_rule(scope=lambda user: Q(status=status))
    def has_status(user, report) -> bool:
        return report is not None and report.status == status

    has_status.name = f"is_{status}"
    return has_status


is_published = _in_status(ReportStatus.PUBLISHED)
is_ready = _in_status(ReportStatus.READY)
is_failed = _in_status(ReportStatus.FAILED)

is_withdrawn = _in_status(ReportStatus.WITHDRAWN)


@record_rule(scope=lambda user: Q(kind__in=PUBLISHABLE_KINDS))
def is_publishable_kind(user, report) -> bool:
    """A feedback or progress review report: the slides for the verbal feedback never are."""
    return report is not None and report.kind in PUBLISHABLE_KINDS


@record_rule(scope=lambda user: Q(status__in=ONCE_PUBLISHED_STATUSES))
def was_published(user, report) -> bool:
    """Published once: the current version, one a correction replaced, or one withdrawn."""
    return report is not None and report.status in ONCE_PUBLISHED_STATUSES


@record_rule(
    scope=lambda user: Q(kind=ReportKind.FEEDBACK, challenge_id__in=FactualCheck.objects.values("challenge_id"))
)
def is_draft_sent_for_factual_check(user, report) -> bool:
    """A feedback report whose draft went to the authority to check its facts."""
    return (
        report is not None and report.kind == ReportKind.FEEDBACK
        and FactualCheck.objects.filter(challenge_id=report.challenge_id).exists()
    )


# Every version once published is a public page (a withdrawn one says why it was withdrawn);
# a draft of any kind is for LGA staff who oversee the challenge and its team, and a feedback
# report's drafts also for the authority once its draft was sent for the factual check. The
# slides are never published, so they stay with the team. The lead peer and challenge manager ask for the report;
# those who oversee the challenge publish a ready version; either asks again for a failed one.
can_view_report = (
    was_published | can_see_findings.via("challenge")
    | (is_draft_sent_for_factual_check & is_challenged_authority.via("challenge"))
)
# A withdrawn version's file stays stored, for LGA staff only.
can_download_report = (can_view_report & ~is_withdrawn) | (is_withdrawn & is_lga_staff)
add_perm("reports.view_report", can_view_report, refusal="You cannot see this report.")
add_perm("reports.download_report", can_download_report, refusal="You cannot download this report.")
add_perm("reports.request_report", writes_report, refusal="You cannot ask for this challenge's report.")
can_publish_report = is_ready & is_publishable_kind & oversees_challenge.via("challenge")
can_retry_report = is_failed & (writes_report | oversees_challenge).via("challenge")
add_perm("reports.publish_report", can_publish_report, refusal="You cannot publish this report.")
add_perm("reports.retry_report", can_retry_report, refusal="You cannot retry this report.")
# A version queued or being prepared for longer than this has lost its message (the broker was
# down) or its worker: LGA staff who oversee the challenge may send it to the workers again
# (reports/services/request.py report_requeue), before the pipeline's sweep does.
STUCK_AFTER = datetime.timedelta(minutes=2)


def _stuck_scope(user) -> Q:
    cutoff = timezone.now() - STUCK_AFTER
    rendering = Q(status=ReportStatus.RENDERING) & (Q(started_at__isnull=True) | Q(started_at__lte=cutoff))
    queued = Q(status=ReportStatus.QUEUED) & (Q(queued_at__lte=cutoff) | Q(queued_at__isnull=True, requested_at__lte=cutoff))
    return rendering | queued


@record_rule(scope=_stuck_scope)
def is_stuck(user, report) -> bool:
    """Queued that long ago and not taken up, or started that long ago and not finished."""
    if report is None or report.status not in (ReportStatus.QUEUED, ReportStatus.RENDERING):
        return False
    since = report.started_at if report.status == ReportStatus.RENDERING else (report.queued_at or report.requested_at)
    return since is None or since <= timezone.now() - STUCK_AFTER


can_requeue_report = is_stuck & oversees_challenge.via("challenge")
add_perm("reports.requeue_report", can_requeue_report, refusal="You cannot send this report to the workers again.")
# Why a render failed is for the LGA staff who oversee the challenge, who are told of it;
# everyone else reads that it failed and that staff know.
can_see_report_error = oversees_challenge.via("challenge")
add_perm("reports.see_report_error", can_see_report_error, refusal="You cannot see why this report failed.")
# Publication (reports/services/publication.py, correction.py, withdrawal.py): LGA staff who
# oversee the challenge open a correction of its published feedback report, and withdraw a
# public version.
can_withdraw_report = (is_published | _in_status(ReportStatus.SUPERSEDED)) & oversees_challenge.via("challenge")
add_perm("reports.withdraw_report", can_withdraw_report, refusal="You cannot withdraw this report.")
add_perm(
    "reports.open_correction", oversees_challenge,
    refusal="Only LGA staff who oversee the challenge can correct its published report.",
)
# The programme's committee paper (reports/services/committee_paper.py): for LGA staff, as
# the insight page it is asked for from. They ask for its PDF, download a ready one and ask
# again for one that failed, whose error they read.
add_perm("reports.see_committee_papers", is_lga_staff, refusal="Only LGA staff can see the committee papers.")
add_perm("reports.request_committee_paper", is_lga_staff, refusal="Only LGA staff can ask for the committee paper.")
can_download_committee_paper = is_ready & is_lga_staff
can_retry_committee_paper = is_failed & is_lga_staff
add_perm(
    "reports.download_committee_paper", can_download_committee_paper, refusal="You cannot download this committee paper."
)
add_perm("reports.retry_committee_paper", can_retry_committee_paper, refusal="You cannot try this committee paper again.")
