"""Reads of feedback reports, scoped by the rules in reports/permissions.py."""

from django.db.models import QuerySet

from challenges.permissions import can_view_challenge
from reports.choices import ReportKind
from reports.models import FeedbackReport
from reports.permissions import can_publish_report, can_view_report, is_published


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


def report_latest_for_challenge(*, challenge) -> FeedbackReport | None:
    return reports_for_challenge(challenge=challenge).first()


def reports_published_for_authority(*, authority) -> QuerySet[FeedbackReport]:
    return reports_published().filter(challenge__authority=authority)
