"""Reads of feedback reports, scoped to who may see them."""

from django.db.models import Q, QuerySet

from challenges.selectors.challenge import challenges_managed_by, challenges_visible_to

from .choices import ReportStatus
from .models import FeedbackReport


def reports_published() -> QuerySet[FeedbackReport]:
    """Every published report: public documents, for anyone."""
    return (
        FeedbackReport.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("challenge__authority")
        .order_by("-published_at", "-id")
    )


def reports_visible_to(*, user) -> QuerySet[FeedbackReport]:
    """Published reports for everyone; drafts only for people who can see the challenge
    (LGA staff in scope and the peer team). An FRA contact sees only published reports until
    the factual-accuracy check gives them the draft."""
    published = Q(status=ReportStatus.PUBLISHED)
    if user.is_authenticated and (user.is_lga_staff or user.is_peer):
        scope = published | Q(challenge__in=challenges_visible_to(user=user).values("pk"))
    else:
        scope = published
    return FeedbackReport.objects.filter(scope).select_related("challenge__authority")


def reports_publishable_by(*, user) -> QuerySet[FeedbackReport]:
    """Ready reports of challenges the user oversees (LGA administrators and the region's
    principal adviser)."""
    return FeedbackReport.objects.filter(
        status=ReportStatus.READY, challenge__in=challenges_managed_by(user=user).values("pk")
    ).select_related("challenge__authority")


def reports_for_challenge(*, challenge) -> QuerySet[FeedbackReport]:
    return challenge.reports.order_by("-version")


def report_latest_for_challenge(*, challenge) -> FeedbackReport | None:
    return reports_for_challenge(challenge=challenge).first()


def reports_published_for_authority(*, authority) -> QuerySet[FeedbackReport]:
    return reports_published().filter(challenge__authority=authority)
