"""Reads of feedback reports, scoped by the rules in reports/permissions.py."""

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from challenges.choices import FindingKind, FindingState
from challenges.models import Challenge, FactualCheck, Finding
from challenges.permissions import can_view_challenge, oversees_challenge
from reports.choices import ONCE_PUBLISHED_STATUSES, PUBLISHABLE_KINDS, ReportKind, ReportStatus
from reports.models import CommitteePaper, FeedbackReport
from reports.permissions import (
    can_download_committee_paper,
    can_download_report,
    can_publish_report,
    can_requeue_report,
    can_retry_committee_paper,
    can_retry_report,
    can_see_report_error,
    can_view_report,
    can_withdraw_report,
    is_published,
)

# The statuses of a version the public reads: the current one and those a correction replaced.
PUBLIC_STATUSES = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)


def reports_published() -> QuerySet[FeedbackReport]:
    """Every published report: public documents, for anyone."""
    return is_published.filter(
        FeedbackReport.objects.filter(kind=ReportKind.FEEDBACK).select_related("challenge__authority"), None
    ).order_by("-published_at", "-id")


# What the public library lists of each report: fetched as values, not records, for speed.
LIBRARY_FIELDS = (
    "pk", "published_at", "challenge__start_date", "challenge__challenge_type", "challenge__authority__name",
    "challenge__authority__short_name",
)


def reports_published_for_library() -> QuerySet:
    """Every published report, latest first, as the values the public library shows."""
    return reports_published().values(*LIBRARY_FIELDS)


def reports_visible_to(*, user) -> QuerySet[FeedbackReport]:
    """Published reports for everyone; drafts only for people who can see the challenge
    (LGA staff in scope and the peer team). An FRA contact sees only published reports until
    the factual-accuracy check gives them the draft."""
    return can_view_report.filter(FeedbackReport.objects.select_related("challenge__authority"), user)


def reports_of_challenges_visible_to(*, user) -> QuerySet[FeedbackReport]:
    """Every version of the reports of the challenges the user can see, drafts included."""
    return can_view_challenge.via("challenge").filter(FeedbackReport.objects.select_related("challenge__authority"), user)


def reports_publishable_by(*, user) -> QuerySet[FeedbackReport]:
    """Ready reports of challenges the user oversees (LGA administrators and the region's
    principal adviser)."""
    return can_publish_report.filter(FeedbackReport.objects.select_related("challenge__authority"), user)


def reports_for_challenge(*, challenge, kind=ReportKind.FEEDBACK) -> QuerySet[FeedbackReport]:
    """The versions of one of the challenge's reports (its feedback report unless `kind` says), latest first."""
    return challenge.reports.filter(kind=kind).order_by("-version")


def report_versions_for(*, user, reports) -> QuerySet[FeedbackReport]:
    """Those of `reports` the user may see, latest first, with who asked for each, and each
    marked with what the user may do with it (`may_download`, `may_publish`, `may_retry`,
    `may_requeue`, `may_see_error`) and whether it is the newest of its kind (`is_newest`), in the one query that reads them: for the report panels,
    whose rows show each version's actions."""
    return (
        can_view_report.filter(reports, user)
        .select_related("challenge__authority", "requested_by")
        .annotate(
            may_download=can_download_report.annotation(user),
            may_publish=can_publish_report.annotation(user),
            may_retry=can_retry_report.annotation(user),
            may_requeue=can_requeue_report.annotation(user),
            may_see_error=can_see_report_error.annotation(user),
            # Only the newest version of a kind is offered for publishing: an older one would
            # bring back earlier words (reports/services/publication.py refuses it anyway).
            is_newest=~Exists(
                FeedbackReport.objects.filter(challenge=OuterRef("challenge"), kind=OuterRef("kind"), version__gt=OuterRef("version"))
            ),
        )
        .order_by("-version")
    )


def reports_requeueable_by(*, user) -> QuerySet[FeedbackReport]:
    """Versions stuck in the pipeline of challenges the user oversees: theirs to send to the
    workers again."""
    return can_requeue_report.filter(FeedbackReport.objects.select_related("challenge__authority"), user)


def report_latest_for_challenge(*, challenge) -> FeedbackReport | None:
    return reports_for_challenge(challenge=challenge).first()


def reports_published_for_authority(*, authority) -> QuerySet[FeedbackReport]:
    return reports_published().filter(challenge__authority=authority)


# Publication and the public library (reports/views/library.py, reports/feeds.py).


def report_versions_published(*, report) -> QuerySet[FeedbackReport]:
    """Every version of the report's document (its challenge's report of its kind) that was
    published, the withdrawn ones included, latest first: the public page lists them all."""
    return FeedbackReport.objects.filter(
        challenge_id=report.challenge_id, kind=report.kind, status__in=ONCE_PUBLISHED_STATUSES
    ).order_by("-version")


def report_published_of_kind(*, challenge_id, kind) -> FeedbackReport | None:
    """The challenge's current published report of `kind`, if any."""
    return FeedbackReport.objects.filter(challenge_id=challenge_id, kind=kind, status=ReportStatus.PUBLISHED).first()


def reports_in_feed(*, limit=50) -> QuerySet[FeedbackReport]:
    """The latest publications, for the Atom feed: every version published of a feedback or
    progress review report and still public (a withdrawn one leaves the feed), latest first,
    each marked `is_correction` when an earlier version of it was published before."""
    earlier = FeedbackReport.objects.filter(
        challenge_id=OuterRef("challenge_id"), kind=OuterRef("kind"), status__in=ONCE_PUBLISHED_STATUSES,
        version__lt=OuterRef("version"),
    )
    return (
        FeedbackReport.objects.filter(status__in=PUBLIC_STATUSES, kind__in=PUBLISHABLE_KINDS)
        .select_related("challenge__authority")
        .annotate(is_correction=Exists(earlier))
        .order_by("-published_at", "-id")[:limit]
    )


def notable_practice_published() -> QuerySet[Finding]:
    """The notable practice in the reports published now (not withdrawn): accepted findings of
    challenges whose feedback report is published, each with `report_id`, that report's key,
    latest published first."""
    published = FeedbackReport.objects.filter(
        challenge_id=OuterRef("challenge_id"), kind=ReportKind.FEEDBACK, status=ReportStatus.PUBLISHED
    )
    return (
        Finding.objects.filter(kind=FindingKind.NOTABLE_PRACTICE, state=FindingState.ACCEPTED)
        .annotate(report_id=Subquery(published.values("pk")[:1]), published_at=Subquery(published.values("published_at")[:1]))
        .filter(report_id__isnull=False)
        .select_related("challenge__authority")
        .order_by("-published_at", "challenge_id", "position", "pk")
    )


def reports_downloadable_by(*, user) -> QuerySet[FeedbackReport]:
    """The rendered versions whose PDF the user may download: those they may see, except that
    a withdrawn version's file is for LGA staff only."""
    return can_download_report.filter(FeedbackReport.objects.select_related("challenge__authority"), user).exclude(file="")


def reports_withdrawable_by(*, user) -> QuerySet[FeedbackReport]:
    """Public versions of reports of challenges the user oversees."""
    return can_withdraw_report.filter(FeedbackReport.objects.select_related("challenge__authority"), user)


def challenges_correctable_by(*, user) -> QuerySet[Challenge]:
    """Challenges whose published feedback report the user may open for a correction."""
    return oversees_challenge.filter(Challenge.objects.select_related("authority"), user)


def report_publication_warnings(*, report) -> list[str]:
    """What LGA staff should know before publishing a feedback report version: the authority
    has not submitted its factual accuracy check, or the executive summary is not written
    (the report then says so). Publishing stays theirs to decide."""
    if report.kind != ReportKind.FEEDBACK:
        return []
    challenge = report.challenge
    warnings = []
    if not FactualCheck.objects.filter(challenge=challenge, submitted_at__isnull=False).exists():
        warnings.append("The authority has not submitted a factual accuracy check of this report.")
    if not challenge.executive_summary.strip():
        warnings.append("The executive summary is not written: the report says so in its place.")
    return warnings


# The programme's committee papers (reports/views/committee_paper.py, the insight page's panel).


def committee_papers_for(*, user, period) -> QuerySet[CommitteePaper]:
    """The PDF papers asked for of the period (its kind of year, year and region), newest
    first, for LGA staff (no one else: an empty list), with who asked for each, each marked with
    what the user may do with it (`may_download`, `may_retry`), in one query."""
    papers = CommitteePaper.objects.filter(year_kind=period.year_kind, year=period.year, region=period.region)
    if not user.has_perm("reports.see_committee_papers"):
        return papers.none()
    return papers.select_related("requested_by").annotate(
        may_download=can_download_committee_paper.annotation(user),
        may_retry=can_retry_committee_paper.annotation(user),
    ).order_by("-requested_at", "-id")


def committee_papers_downloadable_by(*, user) -> QuerySet[CommitteePaper]:
    """Ready committee papers, for those who may download them (LGA staff)."""
    return can_download_committee_paper.filter(CommitteePaper.objects.all(), user)


def committee_papers_retryable_by(*, user) -> QuerySet[CommitteePaper]:
    """Failed committee papers, for those who may ask for them again (LGA staff)."""
    return can_retry_committee_paper.filter(CommitteePaper.objects.all(), user)
