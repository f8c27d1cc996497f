"""The progress review's pages: who may see, schedule and record it, what the page shows, its
report asked for from the page, and hostile input to every form."""

import datetime

import pytest
from django.utils import timezone

from challenges.choices import ChallengeStatus, FindingKind
from challenges.models import ProgressReview, RecommendationProgress
from peersupport.tests.html import error_summary, inline_code, notifications, visible_text
from reports.models import FeedbackReport

from .factories import FindingFactory, PlannedActionFactory, ProgressReviewFactory, RecommendationResponseFactory

pytestmark = pytest.mark.integration

ROLES = [
    "lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "other_peer_user", "fra_contact", "other_fra_contact",
    "anonymous",
]
SEE = {"lga_admin", "adviser", "lead_peer", "team_peer"}
SCHEDULE = {"lga_admin", "adviser"}
RECORD = {"lga_admin", "adviser", "lead_peer"}


@pytest.fixture
def published(challenge):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    first = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Review protection capacity.", position=1)
    PlannedActionFactory(
        response=RecommendationResponseFactory(recommendation=first, plan__challenge=challenge), action="Recruit two inspectors",
    )
    return challenge


@pytest.fixture
def scheduled(published, lga_admin):
    ProgressReviewFactory(challenge=published, scheduled_for=datetime.date(2026, 1, 12), scheduled_by=lga_admin)
    return published


def _base(challenge):
    return f"/challenges/{challenge.pk}/progress-review/"


def _state():
    return (
        list(ProgressReview.objects.values_list("scheduled_for", "summary", "completed_at")),
        list(RecommendationProgress.objects.values_list("progress", "assessment")),
        FeedbackReport.objects.count(),
    )


def _expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 404


@pytest.mark.parametrize("role", ROLES)
def test_review_page_seen_by_lga_staff_overseeing_and_the_team(client, sign_in, scheduled, team_peer, role):
    sign_in(role)

    assert client.get(_base(scheduled)).status_code == _expected(role, SEE)


@pytest.mark.parametrize("role", ROLES)
def test_schedule_only_for_lga_staff_overseeing(client, sign_in, published, team_peer, role):
    sign_in(role)
    url = f"{_base(published)}schedule/"

    got = client.get(url).status_code
    posted = client.post(url, {"scheduled_for_0": "12", "scheduled_for_1": "1", "scheduled_for_2": "2026"}).status_code

    assert got == _expected(role, SCHEDULE)
    if role in SCHEDULE:
        assert posted == 302
        assert ProgressReview.objects.get().scheduled_for == datetime.date(2026, 1, 12)
    else:
        assert posted == got
        assert not ProgressReview.objects.exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", ["record", "summary", "complete"])
def test_recording_pages_only_for_those_who_record(client, sign_in, scheduled, team_peer, role, page_name):
    recommendation = scheduled.findings.get()
    url = {"record": f"{_base(scheduled)}recommendations/{recommendation.pk}/", "summary": f"{_base(scheduled)}summary/",
           "complete": f"{_base(scheduled)}complete/"}[page_name]
    before = _state()
    sign_in(role)

    got = client.get(url).status_code
    posted = client.post(url, {"progress": "Done", "assessment": "achieved", "summary": "Good"}).status_code

    assert got == _expected(role, RECORD)
    if role not in RECORD:
        assert posted == got
        assert _state() == before


def test_schedule_suggests_ten_months_after_the_visit(client, sign_in, published):
    sign_in("adviser")

    content = client.get(f"{_base(published)}schedule/").content.decode()

    assert ('value="6"' in content, 'value="1"' in content, 'value="2026"' in content) == (True, True, True)


def test_recording_and_completing_the_review(client, sign_in, scheduled):
    recommendation = scheduled.findings.get()
    sign_in("lead_peer")

    client.post(f"{_base(scheduled)}recommendations/{recommendation.pk}/", {"progress": "Two recruited.", "assessment": "achieved"})
    refused = client.post(f"{_base(scheduled)}complete/")
    client.post(f"{_base(scheduled)}summary/", {"summary": "Strong progress."})
    page = client.get(_base(scheduled))
    done = client.post(f"{_base(scheduled)}complete/", follow=True)

    scheduled.refresh_from_db()
    assert scheduled.status == ChallengeStatus.PROGRESS_REVIEW
    assert error_summary(refused) == ["Write the overall summary"]
    text = visible_text(page)
    assert ("Recommendation 1 Change the progress on recommendation 1 Recommendation Review protection capacity. "
            "The authority's actions Recruit two inspectors (Head of protection, by 31 March 2026) Not started "
            "Progress found Two recruited. Assessment Achieved") in text
    assert inline_code(page) == []
    assert notifications(done)[-1] == "The progress review is complete: its report can now be prepared"
    assert "Prepare the progress review report" in visible_text(done)
    assert ProgressReview.objects.get().completed_at is not None


def test_report_asked_for_from_the_review_page(client, sign_in, scheduled, lga_admin, team_peer, media_root):
    ProgressReview.objects.update(summary="Good", completed_at=timezone.now(), completed_by=lga_admin)
    url = f"/reports/challenge/{scheduled.pk}/progress-review/request/"
    sign_in("team_peer")
    assert client.post(url).status_code == 404
    assert not FeedbackReport.objects.exists()
    sign_in("lead_peer")

    response = client.post(url)

    assert response.status_code == 302 and response["Location"] == _base(scheduled)
    assert list(FeedbackReport.objects.values_list("kind", "version")) == [("progress_review", 1)]
    text = visible_text(client.get(_base(scheduled)))
    assert "Progress review report Progress review report versions Version Status Actions Version 1" in text
    assert "Queued Queued — waiting for a worker. Check again" in text


def test_challenge_panel_shows_the_review(client, sign_in, scheduled):
    sign_in("adviser")

    assert "Progress review Status Scheduled 12 January 2026 See the progress review" in visible_text(
        client.get(f"/challenges/{scheduled.pk}/")
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"scheduled_for_0": "31", "scheduled_for_1": "2", "scheduled_for_2": "2026"}, "The date of the review must be a real date"),
        ({"scheduled_for_0": "1", "scheduled_for_1": "1", "scheduled_for_2": "0001"}, "The date of the review must be on or after"),
        ({"scheduled_for_0": "1", "scheduled_for_1": "1", "scheduled_for_2": "9999"}, "The date of the review must be on or before"),
        ({"scheduled_for_0": "<b>", "scheduled_for_1": "1", "scheduled_for_2": "2026"}, "The date of the review must be a real date"),
        ({"scheduled_for_0": "1\x00", "scheduled_for_1": "1", "scheduled_for_2": "2026"}, "The date of the review must be a real date"),
        ({}, "Enter the date of the review"),
        # Found in the browser: a review was scheduled years before the visit it follows up.
        ({"scheduled_for_0": "1", "scheduled_for_1": "1", "scheduled_for_2": "2020"},
         "The date of the review must be after the visit, which ended on 6 March 2025"),
        ({"scheduled_for_0": "6", "scheduled_for_1": "3", "scheduled_for_2": "2025"},
         "The date of the review must be after the visit, which ended on 6 March 2025"),
    ],
)
def test_schedule_hostile_input(client, sign_in, published, data, message):
    sign_in("adviser")

    response = client.post(f"{_base(published)}schedule/", data)

    assert response.status_code == 200
    assert len(error_summary(response)) == 1 and error_summary(response)[0].startswith(message)
    assert not ProgressReview.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"progress": "x" * 5000, "assessment": "achieved"}, "Progress found must be 3,000 characters or fewer"),
        ({"progress": "Done\x07", "assessment": "achieved"}, "Progress found must not include hidden or control characters"),
        ({"progress": "\u202eDone", "assessment": "achieved"}, "Progress found must not include hidden or control characters"),
        ({"progress": "Done\x00", "assessment": "achieved"}, "Progress found must not include"),
        ({"progress": "Done", "assessment": "<script>alert(1)</script>"}, "Choose an assessment from the list"),
        ({"progress": "", "assessment": "achieved"}, "Enter the progress found"),
    ],
)
def test_progress_hostile_input(client, sign_in, scheduled, data, message):
    sign_in("lead_peer")

    response = client.post(f"{_base(scheduled)}recommendations/{scheduled.findings.get().pk}/", data)

    assert response.status_code == 200
    assert len(error_summary(response)) == 1 and error_summary(response)[0].startswith(message)
    assert not RecommendationProgress.objects.exists()


@pytest.mark.parametrize(
    ("summary", "message"),
    [("x" * 6000, "Overall summary must be 5,000 characters or fewer"), ("Good\x1b", "Overall summary must not include"),
     ("\u2066Good", "Overall summary must not include"), ("", "Enter the overall summary")],
)
def test_summary_hostile_input(client, sign_in, scheduled, summary, message):
    sign_in("adviser")

    response = client.post(f"{_base(scheduled)}summary/", {"summary": summary})

    assert len(error_summary(response)) == 1 and error_summary(response)[0].startswith(message)
    assert ProgressReview.objects.get().summary == ""


def test_summary_html_shown_escaped(client, sign_in, scheduled):
    sign_in("adviser")

    client.post(f"{_base(scheduled)}summary/", {"summary": "<script>alert(1)</script>" + "y" * 4000})
    content = client.get(_base(scheduled)).content.decode()

    assert ("<script>alert(1)" in content, "&lt;script&gt;alert(1)&lt;/script&gt;" in content) == (False, True)


def test_complete_page_offers_no_button_while_something_is_missing(client, sign_in, scheduled):
    sign_in("lead_peer")

    text = visible_text(client.get(f"{_base(scheduled)}complete/"))

    assert "The review cannot be completed yet. It still needs:" in text
    assert "Go back to the review to record what it needs" in text
    assert "Complete the review" not in text.replace("Complete the progress review", "")
