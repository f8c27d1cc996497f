"""The report panels as people see them (reports/rows.py, templates/reports/panel/): each
version's row by role, the status the page follows, the row it fetches again, asking for the
slides, and sending a stuck version to the workers again."""

import datetime
import json
import re

import pytest
from django.utils import dateformat, timezone

from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.tests.factories import FindingFactory, ProgressReviewFactory
from peersupport.tests.html import inline_code, notifications, page, section_text
from reports.choices import ReportKind, ReportStatus
from reports.models import FeedbackReport
from reports.rows import FAILED_FOR_OTHERS, report_file_facts, report_progress
from reports.services import pipeline
from reports.services.correction import report_correction_open

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

ERROR = "The report could not be prepared (RuntimeError). Try again, or contact the service team if it fails again."


def _asked(report):
    """How the row says who asked and when, in the service's time zone."""
    return f"Requested by Sam Patel, {dateformat.format(timezone.localtime(report.requested_at), 'j M Y, H:i')}"


def _version(challenge, **kwargs):
    return FeedbackReportFactory(challenge=challenge, requested_by__full_name="Sam Patel", **kwargs)


def _stuck(report):
    """As if the version had been sent to the workers longer ago than the pipeline waits."""
    long_ago = timezone.now() - pipeline.STUCK_AFTER - datetime.timedelta(minutes=1)
    FeedbackReport.objects.filter(pk=report.pk).update(queued_at=long_ago, started_at=long_ago, requested_at=long_ago)
    report.refresh_from_db()
    return report


def _row(html, report):
    """The version's <tr> in the page."""
    match = re.search(rf'<tr class="govuk-table__row" data-testid="[a-z-]+-row"(?:(?!</tr>).)*?/reports/{report.pk}/(?:(?!</tr>).)*</tr>', html, re.S)
    assert match, f"No row for version {report.pk}"
    return match.group(0)


# Each version's row, by role


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", f"Failed {ERROR} Try again"),
        ("adviser", f"Failed {ERROR} Try again"),
        ("lead_peer", f"Failed {FAILED_FOR_OTHERS} Try again"),
        ("challenge_manager", f"Failed {FAILED_FOR_OTHERS} Try again"),
        ("team_peer", f"Failed {FAILED_FOR_OTHERS}"),
    ],
)
def test_panel_failed_version_error_for_staff_plain_words_for_others(client, sign_in, challenge, role, expected):
    report = _version(challenge, version=1, failed=True)
    sign_in(role)

    response = client.get(f"/challenges/{challenge.pk}/")

    writes = role in ("lead_peer", "challenge_manager")
    assert section_text(response, "report-panel") == (
        f"Feedback report Feedback report versions Version Status Actions Version 1 {_asked(report)} {expected}"
        + (" Ask for the feedback report" if writes else "")
    )


def test_panel_ready_version_for_the_adviser_downloads_and_links_to_publishing(client, sign_in, challenge):
    report = _version(challenge, version=1, ready=True, page_count=12, file_size=1_250_000)
    sign_in("adviser")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert section_text(response, "report-panel") == (
        f"Feedback report Feedback report versions Version Status Actions Version 1 {_asked(report)} Ready to publish "
        "Download version 1 (PDF, 12 pages, 1.2 MB) Publish this version"
    )
    row = _row(page(response), report)
    assert f'href="/reports/{report.pk}/download/" data-testid="report-download"' in row
    assert f'<a href="/reports/{report.pk}/publish/" role="button"' in row  # the confirmation page
    assert "data-module=\"app-report-status\"" not in row  # finished: nothing to follow


def test_panel_offers_publishing_only_the_newest_version(client, sign_in, challenge):
    older = _version(challenge, version=1, ready=True)
    newest = _version(challenge, version=2, ready=True)
    sign_in("adviser")

    html = page(client.get(f"/challenges/{challenge.pk}/"))

    assert f'<a href="/reports/{older.pk}/publish/"' not in _row(html, older)
    assert f'<a href="/reports/{newest.pk}/publish/" role="button"' in _row(html, newest)


@pytest.mark.parametrize(("correction", "offered"), [(False, False), (True, True)])
def test_panel_asks_for_a_new_report_after_publication_only_in_a_correction(client, sign_in, challenge, lga_admin, correction, offered):
    published = _version(challenge, version=1, published=True)
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.PUBLISHED)
    if correction:
        report_correction_open(by=lga_admin, challenge=published.challenge, change_note="Corrects a date.")
    sign_in("lead_peer")

    html = page(client.get(f"/challenges/{challenge.pk}/"))

    assert ('data-testid="report-request"' in html, 'data-testid="slides-request"' in html) == (offered, True)


def test_panel_ready_version_for_the_lead_peer_downloads_only(client, sign_in, challenge):
    report = _version(challenge, version=1, ready=True)
    sign_in("lead_peer")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert section_text(response, "report-panel") == (
        f"Feedback report Feedback report versions Version Status Actions Version 1 {_asked(report)} Ready to publish "
        "Download version 1 (PDF, 1 page, 42 bytes) Ask for the feedback report"
    )


def test_panel_correction_says_what_it_changes(client, sign_in, challenge):
    _version(challenge, version=1, published=True, status=ReportStatus.SUPERSEDED)
    correction = _version(challenge, version=2, published=True, change_note="The response times in Prevention were wrong.")
    sign_in("lga_admin")

    row = _row(page(client.get(f"/challenges/{challenge.pk}/")), correction)

    assert '<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-testid="report-change-note">' \
        "Correction: The response times in Prevention were wrong.</p>" in row


def test_panel_queued_version_is_followed_and_can_be_checked_again(client, sign_in, challenge):
    report = _version(challenge, version=1)
    sign_in("lead_peer")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert section_text(response, "report-panel") == (
        f"Feedback report Feedback report versions Version Status Actions Version 1 {_asked(report)} Queued "
        "Queued — waiting for a worker. Check again Ask for the feedback report"
    )
    row = _row(page(response), report)
    assert row.startswith(
        f'<tr class="govuk-table__row" data-testid="report-row" data-version="1" data-module="app-report-status" '
        f'data-status-url="/reports/{report.pk}/status/" data-row-url="/reports/{report.pk}/row/" '
        f'data-name="Version 1 of the feedback report" data-status="queued">'
    )
    assert f'<a class="govuk-link" href="/challenges/{challenge.pk}/">Check again</a>' in row
    assert inline_code(response) == []


def test_panel_version_being_prepared_says_since_when(client, sign_in, challenge):
    _version(challenge, version=1, status=ReportStatus.RENDERING, started_at=timezone.now() - datetime.timedelta(seconds=30.5))
    sign_in("lead_peer")

    assert "Being prepared Being prepared — started 30 s ago. Check again" in section_text(client.get(f"/challenges/{challenge.pk}/"), "report-panel")


@pytest.mark.parametrize(("role", "offered"), [("lga_admin", True), ("adviser", True), ("lead_peer", False), ("other_adviser", None)])
def test_panel_stuck_version_offered_to_staff_to_send_again(client, sign_in, challenge, role, offered):
    report = _stuck(_version(challenge, version=1, status=ReportStatus.RENDERING))
    sign_in(role)

    response = client.get(f"/challenges/{challenge.pk}/")

    if offered is None:
        assert response.status_code == 404
        return
    assert (f'action="/reports/{report.pk}/requeue/"' in page(response)) is offered
    assert ("Send to the workers again" in section_text(response, "report-panel")) is offered


def test_panel_version_not_stuck_not_offered_to_send_again(client, sign_in, challenge):
    _version(challenge, version=1, status=ReportStatus.RENDERING, started_at=timezone.now())
    sign_in("lga_admin")

    assert "/requeue/" not in page(client.get(f"/challenges/{challenge.pk}/"))


def test_panel_drafts_hidden_from_the_authority_until_published(client, sign_in, challenge):
    first = _version(challenge, version=1, published=True, status=ReportStatus.SUPERSEDED)
    published = _version(challenge, version=2, published=True)
    _version(challenge, version=3, failed=True)
    sign_in("fra_contact")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert [row["report"].pk for row in response.context["reports"]] == [published.pk, first.pk]
    assert "Version 3" not in section_text(response, "report-panel")


def test_panel_queries_do_not_grow_with_versions(client, sign_in, challenge, django_assert_num_queries):
    FindingFactory(challenge=challenge)
    sign_in("lead_peer")
    _version(challenge, version=1, ready=True)
    with django_assert_num_queries(13):
        client.get(f"/challenges/{challenge.pk}/")

    for version in range(2, 10):
        _version(challenge, version=version, failed=True)
    _version(challenge, version=10, published=True)
    for version in range(1, 4):
        _version(challenge, version=version, kind=ReportKind.FEEDBACK_SLIDES, ready=True)
    with django_assert_num_queries(13):
        response = client.get(f"/challenges/{challenge.pk}/")

    assert (len(response.context["reports"]), len(response.context["slides"])) == (10, 3)


# The feedback presentation (slides)


@pytest.mark.parametrize(
    ("role", "section", "can_ask"),
    [
        ("lead_peer", True, True),
        ("challenge_manager", True, True),
        ("lga_admin", True, False),
        ("adviser", True, False),
        ("team_peer", False, False),
        ("fra_contact", False, False),
    ],
)
def test_panel_slides_section_for_the_writers_and_staff(client, sign_in, challenge, role, section, can_ask):
    sign_in(role)

    response = client.get(f"/challenges/{challenge.pk}/")

    assert ('data-testid="slides-panel"' in page(response)) is section
    assert (f'action="/reports/challenge/{challenge.pk}/slides/request/"' in page(response)) is can_ask
    if section:
        expected = "Feedback presentation Slides for the verbal feedback on the last day on site: one area a slide, " \
            "with its strengths and areas for consideration. They are for the team and are never published."
        assert section_text(response, "slides-panel") == expected + (" Ask for the slides" if can_ask else "")


def test_slides_request_by_the_lead_peer_renders_and_says_so(client, sign_in, challenge, django_capture_on_commit_callbacks):
    FindingFactory(challenge=challenge)
    sign_in("lead_peer")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/challenge/{challenge.pk}/slides/request/")

    assert (response.status_code, response.url) == (302, f"/challenges/{challenge.pk}/")
    after = client.get(response.url)
    assert notifications(after) == ["Version 1 of the feedback presentation has been requested"]
    slides = challenge.reports.get()
    assert (slides.kind, slides.status) == (ReportKind.FEEDBACK_SLIDES, ReportStatus.READY)
    assert re.fullmatch(
        rf"Feedback presentation .* never published\. Feedback presentation versions Version Status Actions "
        rf"Version 1 {re.escape(_asked_by(slides))} Ready Download version 1 \(PDF, \d+ pages?, [\d.]+ KB\) Ask for the slides",
        section_text(after, "slides-panel"),
    )


@pytest.mark.parametrize("role", ["lga_admin", "team_peer", "other_peer_user"])
def test_slides_request_by_anyone_else_not_found(client, sign_in, challenge, role):
    FindingFactory(challenge=challenge)
    sign_in(role)

    assert client.post(f"/reports/challenge/{challenge.pk}/slides/request/").status_code == 404
    assert FeedbackReport.objects.count() == 0


def _asked_by(report):
    return f"Requested by {report.requested_by.full_name}, {dateformat.format(timezone.localtime(report.requested_at), 'j M Y, H:i')}"


# The progress review's panel shares the row


def test_progress_review_panel_failed_version_plain_words_for_the_lead_peer(client, sign_in, challenge, lead_peer):
    challenge.status = ChallengeStatus.PROGRESS_REVIEW
    challenge.save(update_fields=["status"])
    ProgressReviewFactory(challenge=challenge, completed_at=timezone.now(), completed_by=lead_peer.user)
    report = _version(challenge, version=1, kind=ReportKind.PROGRESS_REVIEW, failed=True)
    sign_in("lead_peer")

    response = client.get(f"/challenges/{challenge.pk}/progress-review/")

    assert section_text(response, "progress-review-report-panel") == (
        "Progress review report Progress review report versions Version Status Actions "
        f"Version 1 {_asked(report)} Failed {FAILED_FOR_OTHERS} Try again Prepare the progress review report"
    )


# The status the page follows


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        ({}, {"status": "queued", "label": "Queued", "colour": "grey", "finished": False,
              "progress": "Queued — waiting for a worker"}),
        ({"status": ReportStatus.RENDERING, "started_at": None},
         {"status": "rendering", "label": "Being prepared", "colour": "blue", "finished": False, "progress": "Being prepared"}),
        ({"ready": True}, {"status": "ready", "label": "Ready to publish", "colour": "yellow", "finished": True, "progress": ""}),
        ({"failed": True}, {"status": "failed", "label": "Failed", "colour": "red", "finished": True, "progress": ""}),
        ({"published": True}, {"status": "published", "label": "Published", "colour": "green", "finished": True, "progress": ""}),
    ],
)
def test_report_status_json_exact_for_each_status(client, sign_in, challenge, traits, expected):
    report = _version(challenge, version=1, **traits)
    sign_in("lead_peer")

    response = client.get(f"/reports/{report.pk}/status/")

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {**expected, "row_url": f"/reports/{report.pk}/row/"}


def test_report_status_queries(client, sign_in, challenge, django_assert_num_queries):
    report = _version(challenge, version=1)
    sign_in("lead_peer")

    # The session and its user, then, in the request's transaction (a savepoint and its release), the version scoped to what the user may see.
    with django_assert_num_queries(5):
        client.get(f"/reports/{report.pk}/status/")


# The row the page fetches once a version is finished


def test_report_row_is_the_row_of_the_page(client, sign_in, challenge):
    report = _version(challenge, version=1, ready=True)
    sign_in("adviser")

    fragment = client.get(f"/reports/{report.pk}/row/")

    assert (fragment.status_code, fragment["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert page(fragment).strip() == _row(page(client.get(f"/challenges/{challenge.pk}/")), report)


def test_report_row_failed_for_the_lead_peer_in_plain_words(client, sign_in, challenge):
    report = _version(challenge, version=1, failed=True)
    sign_in("lead_peer")

    html = page(client.get(f"/reports/{report.pk}/row/"))

    assert f'<p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" data-testid="report-error">{FAILED_FOR_OTHERS}</p>' in html
    assert ERROR not in html
    assert f'action="/reports/{report.pk}/retry/"' in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("lga_admin", 200), ("adviser", 200), ("lead_peer", 200), ("team_peer", 200),
     ("other_adviser", 404), ("other_peer_user", 404), ("fra_contact", 404), ("other_fra_contact", 404)],
)
def test_report_row_scoped_to_those_who_see_the_version(client, sign_in, challenge, role, status):
    report = _version(challenge, version=1, ready=True)
    sign_in(role)

    assert client.get(f"/reports/{report.pk}/row/").status_code == status


def test_report_row_anonymous_redirected_to_sign_in(client, challenge):
    report = _version(challenge, version=1, ready=True)

    response = client.get(f"/reports/{report.pk}/row/")

    assert (response.status_code, response.url) == (302, f"/sign-in/?next=/reports/{report.pk}/row/")


def test_report_row_queries(client, sign_in, challenge, django_assert_num_queries):
    report = _version(challenge, version=1, failed=True)
    sign_in("lead_peer")

    # The session and its user, then, in the request's transaction (a savepoint and its release), the version with what the user may do with it.
    with django_assert_num_queries(5):
        client.get(f"/reports/{report.pk}/row/")


# Sending a stuck version to the workers again


@pytest.mark.parametrize(("role", "status"), [("lga_admin", 302), ("adviser", 302), ("lead_peer", 404), ("team_peer", 404),
                                               ("other_adviser", 404), ("fra_contact", 404)])
def test_report_requeue_by_role(client, sign_in, challenge, role, status):
    report = _stuck(_version(challenge, version=1, status=ReportStatus.RENDERING))
    sign_in(role)

    response = client.post(f"/reports/{report.pk}/requeue/")

    assert response.status_code == status
    if status == 302:
        assert response.url == f"/challenges/{challenge.pk}/"
        assert notifications(client.get(response.url)) == ["Version 1 of the feedback report has been sent to the workers again"]


@pytest.mark.parametrize("traits", [{"status": ReportStatus.QUEUED}, {"status": ReportStatus.RENDERING}, {"failed": True}, {"ready": True}])
def test_report_requeue_of_a_version_not_stuck_not_found(client, sign_in, challenge, traits):
    report = _version(challenge, version=1, started_at=timezone.now(), **traits)
    sign_in("lga_admin")

    assert client.post(f"/reports/{report.pk}/requeue/").status_code == 404
    assert FeedbackReport.objects.get().status == report.status


# Words


@pytest.mark.unit
@pytest.mark.parametrize(
    ("status", "started", "words"),
    [
        (ReportStatus.QUEUED, None, "Queued — waiting for a worker"),
        (ReportStatus.RENDERING, None, "Being prepared"),
        (ReportStatus.RENDERING, 12, "Being prepared — started 12 s ago"),
        (ReportStatus.RENDERING, 119, "Being prepared — started 119 s ago"),
        (ReportStatus.RENDERING, 185, "Being prepared — started 3 min ago"),
        (ReportStatus.READY, 12, ""),
        (ReportStatus.FAILED, 12, ""),
    ],
)
def test_report_progress_in_words(status, started, words):
    now = timezone.now()
    report = FeedbackReport(status=status, started_at=now - datetime.timedelta(seconds=started) if started is not None else None)

    assert report_progress(report, now=now) == words


@pytest.mark.unit
@pytest.mark.parametrize(
    ("pages", "size", "facts"),
    [(1, 42, "PDF, 1 page, 42\xa0bytes"), (12, 1_250_000, "PDF, 12 pages, 1.2\xa0MB"), (None, 2048, "PDF, 2.0\xa0KB"), (None, None, "PDF")],
)
def test_report_file_facts(pages, size, facts):
    assert report_file_facts(FeedbackReport(page_count=pages, file_size=size)) == facts
