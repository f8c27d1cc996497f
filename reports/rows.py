"""A report version as a row of its panel (the challenge page's feedback report and
presentation, the progress review's report): what the row says and what the user may do with
the version. One home for both the panel and the row the page fetches again while the version
is being prepared (reports/views/report.py), so that the two never differ."""

from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from peersupport.links import record_url
from reports.choices import ReportKind, ReportStatus

# The data-testid of each kind's table and cells, as the browser journeys know them.
TESTIDS = {
    ReportKind.FEEDBACK: "report",
    ReportKind.PROGRESS_REVIEW: "progress-review-report",
    ReportKind.FEEDBACK_SLIDES: "slides",
}

FAILED_FOR_OTHERS = "Preparing the report failed. LGA staff have been told."


def report_page_url(report) -> str:
    """The page the version's panel is on: the progress review's for its report, the
    challenge's for the others."""
    if report.kind == ReportKind.PROGRESS_REVIEW:
        return record_url("challenges:progress-review", report.challenge_id)
    return record_url("challenges:challenge-detail", report.challenge_id)


def report_version_name(report) -> str:
    """"Version 2 of the feedback report": how the panel and the messages name a version."""
    return f"Version {report.version} of the {report.get_kind_display().lower()}"


def report_status_label(report) -> str:
    """The version's status in words: the slides are never published, so a ready deck is just "Ready"."""
    if report.kind == ReportKind.FEEDBACK_SLIDES and report.status == ReportStatus.READY:
        return "Ready"
    return report.get_status_display()


def report_progress(report, *, now=None) -> str:
    """Where a version being prepared has got to, in words ("" once it is finished)."""
    if report.status == ReportStatus.QUEUED:
        return "Queued — waiting for a worker"
    if report.status != ReportStatus.RENDERING:
        return ""
    if report.started_at is None:
        return "Being prepared"
    seconds = max(0, int(((now or timezone.now()) - report.started_at).total_seconds()))
    waited = f"{seconds} s" if seconds < 120 else f"{seconds // 60} min"
    return f"Being prepared — started {waited} ago"


def document_file_facts(document) -> str:
    """"12 pages, 1.2 MB": the pages and size of a rendered document (a report's or a committee
    paper's PDF), as far as they are known."""
    facts = []
    if document.page_count:
        facts.append(f"{document.page_count} page{'' if document.page_count == 1 else 's'}")
    if document.file_size:
        facts.append(filesizeformat(document.file_size))
    return ", ".join(facts)


def report_file_facts(report) -> str:
    """"PDF, 12 pages, 1.2 MB": what a link to the file gives, as GOV.UK asks of a link to a file."""
    facts = document_file_facts(report)
    return f"PDF, {facts}" if facts else "PDF"


def report_row(report, *, now=None) -> dict:
    """The row of a version read by `reports.selectors.report_versions_for` (which marks what
    the user may do): its status and progress, its file, and the actions the user may take.

    A failed version shows its error to the LGA staff who oversee the challenge, and a plain
    sentence to everyone else; a version stuck in the pipeline offers those staff to send it to
    the workers again."""
    failed = report.status == ReportStatus.FAILED
    return {
        "report": report,
        "testid": TESTIDS[report.kind],
        "status": report_status_label(report),
        "name": report_version_name(report),
        "page_url": report_page_url(report),
        "progress": report_progress(report, now=now),
        "download_url": report.get_download_url() if report.may_download and report.file else "",
        "file_facts": report_file_facts(report),
        # Publishing is for good: it has a confirmation page of its own.
        "publish_url": record_url("reports:report-publish-confirm", report.pk) if report.may_publish and report.is_newest else "",
        "retry": bool(report.may_retry),
        "requeue": bool(report.may_requeue),
        "error": (report.error_message if report.may_see_error else FAILED_FOR_OTHERS) if failed else "",
    }
