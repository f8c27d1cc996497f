"""The progress review's report through the pipeline: asked for once the review is complete,
rendered to a tagged PDF holding each recommendation's progress and assessment, and kept
apart from the feedback report (its versions, publication and the library)."""

import datetime
import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from challenges.choices import ChallengeStatus, FindingKind, ProgressAssessment
from challenges.tests.factories import (
    FindingFactory,
    PlannedActionFactory,
    ProgressReviewFactory,
    RecommendationProgressFactory,
    RecommendationResponseFactory,
)
from reports.choices import ReportKind, ReportStatus
from reports.selectors import reports_for_challenge, reports_published
from reports.services.publication import report_publish
from reports.services.request import report_request

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def reviewed(challenge, lga_admin):
    """A published challenge whose progress review is complete: two recommendations, one with
    an action of the authority's."""
    challenge.status = ChallengeStatus.PROGRESS_REVIEW
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    review = ProgressReviewFactory(
        challenge=challenge, summary="Strong progress on protection.", completed_by=lga_admin, completed_at=timezone.now(),
    )
    first = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Review **protection** capacity.", position=1)
    second = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Publish the prevention strategy.", position=2)
    RecommendationProgressFactory(review=review, recommendation=first, progress="Two inspectors recruited.",
                                  assessment=ProgressAssessment.ACHIEVED)
    RecommendationProgressFactory(review=review, recommendation=second, progress="A draft is out for consultation.",
                                  assessment=ProgressAssessment.LITTLE_PROGRESS)
    PlannedActionFactory(response=RecommendationResponseFactory(recommendation=first, plan__challenge=challenge),
                         action="Recruit two inspectors")
    return challenge


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    def render(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(**kwargs)
        report.refresh_from_db()
        return report

    return render


def _pdf(report):
    with report.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def test_progress_review_report_renders_a_tagged_pdf_with_the_assessments(reviewed, lead_peer, render):
    report = render(by=lead_peer.user, challenge=reviewed, kind=ReportKind.PROGRESS_REVIEW)

    text, reader = _pdf(report)
    assert (report.kind, report.version, report.status) == (ReportKind.PROGRESS_REVIEW, 1, ReportStatus.READY)
    assert "Recommendation 1 (medium priority) Review protection capacity." in text
    assert "Recruit two inspectors (Head of protection, by 31 March 2026): not started" in text
    assert "Progress found Two inspectors recruited. Assessment: Achieved" in text
    assert "Progress found A draft is out for consultation. Assessment: Little or no progress" in text
    assert "Overall summary Strong progress on protection." in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == "Avon Fire Authority: Operational Assessment and fire peer challenge progress review report"
    assert report.file.name == f"reports/avon/challenge-{reviewed.pk}-progress-review-v1.pdf"
    assert report.download_filename == "avon-fire-authority-operational-assessment-2025-03-progress-review-v1.pdf"


def test_progress_review_report_refused_until_the_review_is_complete(reviewed, lead_peer):
    reviewed.progress_review.completed_at = reviewed.progress_review.completed_by = None
    reviewed.progress_review.save()

    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=reviewed, kind=ReportKind.PROGRESS_REVIEW)

    assert error.value.messages == ["Complete the progress review before asking for its report"]
    assert not reviewed.reports.exists()


@pytest.mark.parametrize("role", ["team_peer", "fra_contact", "other_adviser"])
def test_progress_review_report_refused_to_those_who_do_not_record_the_review(reviewed, user_for, role):
    with pytest.raises(PermissionDenied):
        report_request(by=user_for(role), challenge=reviewed, kind=ReportKind.PROGRESS_REVIEW)

    assert not reviewed.reports.exists()


def test_progress_review_report_versions_apart_from_the_feedback_report(reviewed, adviser, render, lga_admin):
    FeedbackReportFactory(challenge=reviewed, version=1, published=True,
                          file="reports/avon/x.pdf")

    report = render(by=adviser, challenge=reviewed, kind=ReportKind.PROGRESS_REVIEW)
    report_publish(by=lga_admin, report=report)

    reviewed.refresh_from_db()
    assert report.version == 1
    assert reviewed.status == ChallengeStatus.PROGRESS_REVIEW
    assert list(reports_for_challenge(challenge=reviewed).values_list("kind", "status")) == [("feedback", "published")]
    assert list(reports_for_challenge(challenge=reviewed, kind=ReportKind.PROGRESS_REVIEW).values_list("status", flat=True)) == [
        "published"
    ]
    assert list(reports_published().values_list("kind", flat=True)) == ["feedback"]
