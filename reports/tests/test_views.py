import datetime
import json

import pytest
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType, TeamRole
from challenges.tests.factories import ChallengeFactory, FindingFactory
from challenges.tests.journeys import confirm, monday_in, visit_page, walk
from peersupport.tests.html import notifications, page, visible_text
from reports.choices import ReportStatus
from reports.models import FeedbackReport

from .factories import FAKE_PDF, FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def published(challenge):
    """Version 1 of the Avon challenge's report, published."""
    return FeedbackReportFactory(challenge=challenge, version=1, published=True)


@pytest.fixture
def ready(challenge):
    """Version 1 of the Avon challenge's report, rendered but not published."""
    return FeedbackReportFactory(challenge=challenge, version=1, ready=True)


@pytest.fixture
def failed(challenge):
    return FeedbackReportFactory(challenge=challenge, version=1, failed=True)


def _download(response):
    return b"".join(response.streaming_content)


# The public list of published reports


def test_report_list_public_shows_only_published_reports(client, published, challenge):
    kent = FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="kent")), published=True)
    FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="cornwall")), ready=True)
    FeedbackReportFactory(challenge=ChallengeFactory(authority=Authority.objects.get(slug="cleveland")), failed=True)
    FeedbackReportFactory(challenge=challenge, version=2, status=ReportStatus.QUEUED)

    response = client.get("/reports/")

    assert response.status_code == 200
    assert sorted(r["pk"] for r in response.context["reports"]) == sorted([published.pk, kent.pk])
    assert page(response).count("/download/") == 2
    # Cornwall is in the authority filter's list; its ready draft is not in the table.
    assert "Cornwall" not in visible_text(response).split("Published reports matching the filters", 1)[1]


def test_report_list_row_reads_right(client, published):
    response = client.get("/reports/")

    today = timezone.localdate()
    assert (
        f"Avon Fire Authority Operational Assessment and fire peer challenge March 2027 {today.day} {today:%B %Y} "
        "Download the Avon report (PDF)"
    ) in visible_text(response)
    assert f'href="/reports/{published.pk}/download/"' in page(response)


def test_report_list_latest_published_first(client, db):
    older = FeedbackReportFactory(published=True, published_at=timezone.now() - datetime.timedelta(days=30))
    newer = FeedbackReportFactory(published=True)

    assert [r["pk"] for r in client.get("/reports/").context["reports"]] == [newer.pk, older.pk]


def test_report_list_empty_says_so(client, db):
    assert "No reports have been published yet." in visible_text(client.get("/reports/"))


def test_report_list_superseded_version_replaced_by_the_new_one(client, challenge):
    FeedbackReportFactory(challenge=challenge, version=1, published=True, status=ReportStatus.SUPERSEDED)
    current = FeedbackReportFactory(challenge=challenge, version=2, published=True)

    assert [r["pk"] for r in client.get("/reports/").context["reports"]] == [current.pk]


def test_report_list_queries_do_not_grow_with_reports(client, db, django_assert_num_queries):
    FeedbackReportFactory(published=True)
    # The page of reports, its count, the authorities for the filter's list, and the savepoint pair.
    with django_assert_num_queries(5):
        one = client.get("/reports/")

    FeedbackReportFactory.create_batch(9, published=True)
    with django_assert_num_queries(5):
        ten = client.get("/reports/")

    assert (len(one.context["reports"]), len(ten.context["reports"])) == (1, 10)


# Downloads


def test_report_download_published_for_anyone(client, published):
    response = client.get(f"/reports/{published.pk}/download/")

    assert response.status_code == 200
    assert _download(response) == FAKE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="avon-fire-authority-operational-assessment-2027-03-v1.pdf"'


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("fra_contact", 404),  # the authority's own contact: not until it is published
        ("other_fra_contact", 404),
        ("other_peer_user", 404),
        ("other_adviser", 404),
        ("lead_peer", 200),
        ("team_peer", 200),
        ("lga_admin", 200),
        ("adviser", 200),
    ],
)
def test_report_download_unpublished_by_role(client, sign_in, ready, role, status):
    sign_in(role)

    response = client.get(f"/reports/{ready.pk}/download/")

    assert response.status_code == status
    if status == 200:
        assert _download(response) == FAKE_PDF


@pytest.mark.parametrize(("role", "status"), [("anonymous", 200), ("fra_contact", 200), ("lga_admin", 200)])
def test_report_download_superseded_stays_public(client, sign_in, challenge, role, status):
    old = FeedbackReportFactory(challenge=challenge, version=1, published=True, status=ReportStatus.SUPERSEDED)
    FeedbackReportFactory(challenge=challenge, version=2, published=True)
    sign_in(role)

    assert client.get(f"/reports/{old.pk}/download/").status_code == status


def test_report_download_not_yet_rendered_not_found(client, sign_in, challenge):
    report = FeedbackReportFactory(challenge=challenge, status=ReportStatus.QUEUED)
    sign_in("lga_admin")

    assert client.get(f"/reports/{report.pk}/download/").status_code == 404


def test_report_download_file_missing_from_storage_gone(client, published):
    published.file.storage.delete(published.file.name)

    assert client.get(f"/reports/{published.pk}/download/").status_code == 410


def test_report_download_unknown_report_not_found(client, db):
    assert client.get("/reports/424242/download/").status_code == 404


# Status, for the challenge page to follow


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "lead_peer", "team_peer"])
def test_report_status_json_for_those_who_see_the_challenge(client, sign_in, ready, role):
    sign_in(role)

    response = client.get(f"/reports/{ready.pk}/status/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ready", "label": "Ready to publish", "colour": "yellow", "finished": True, "progress": "",
        "row_url": f"/reports/{ready.pk}/row/",
    }


@pytest.mark.parametrize("role", ["other_adviser", "other_peer_user", "fra_contact", "other_fra_contact"])
def test_report_status_unpublished_not_found_for_anyone_else(client, sign_in, ready, role):
    sign_in(role)

    assert client.get(f"/reports/{ready.pk}/status/").status_code == 404


def test_report_status_published_for_the_authority_contact(client, sign_in, published):
    sign_in("fra_contact")

    assert json.loads(client.get(f"/reports/{published.pk}/status/").content) == {
        "status": "published", "label": "Published", "colour": "green", "finished": True, "progress": "",
        "row_url": f"/reports/{published.pk}/row/",
    }


def test_report_status_anonymous_redirected_to_sign_in(client, ready):
    response = client.get(f"/reports/{ready.pk}/status/")

    assert (response.status_code, response.url) == (302, f"/sign-in/?next=/reports/{ready.pk}/status/")


# POST-only actions: publish, request, retry


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 302),
        ("adviser", 302),
        ("other_adviser", 404),
        ("lead_peer", 404),
        ("challenge_manager", 404),
        ("team_peer", 404),
        ("fra_contact", 404),
    ],
)
def test_report_publish_by_role(client, sign_in, challenge, ready, role, status):
    sign_in(role)

    response = client.post(f"/reports/{ready.pk}/publish/")

    assert response.status_code == status
    ready.refresh_from_db()
    challenge.refresh_from_db()
    if status == 302:
        assert response.url == f"/challenges/{challenge.pk}/"
        assert (ready.status, challenge.status) == (ReportStatus.PUBLISHED, ChallengeStatus.PUBLISHED)
        assert notifications(client.get(response.url)) == ["Version 1 of the feedback report is published"]
    else:
        assert ready.status == ReportStatus.READY


def test_report_publish_not_ready_not_found(client, sign_in, failed):
    sign_in("lga_admin")

    assert client.post(f"/reports/{failed.pk}/publish/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead_peer", 302),
        ("challenge_manager", 302),
        ("lga_admin", 404),
        ("adviser", 404),
        ("team_peer", 404),
        ("other_peer_user", 404),
        ("fra_contact", 404),
    ],
)
def test_report_request_by_role(client, sign_in, challenge, role, status):
    FindingFactory(challenge=challenge)
    sign_in(role)

    response = client.post(f"/reports/challenge/{challenge.pk}/request/")

    assert response.status_code == status
    assert FeedbackReport.objects.count() == (1 if status == 302 else 0)


def test_report_request_renders_and_says_so(client, sign_in, challenge, django_capture_on_commit_callbacks):
    FindingFactory(challenge=challenge)
    sign_in("lead_peer")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/challenge/{challenge.pk}/request/")

    assert (response.status_code, response.url) == (302, f"/challenges/{challenge.pk}/")
    assert notifications(client.get(response.url)) == ["Version 1 of the feedback report has been requested"]
    assert FeedbackReport.objects.get().status == ReportStatus.READY


def test_report_request_without_findings_shows_the_reason(client, sign_in, challenge):
    sign_in("lead_peer")

    response = client.post(f"/reports/challenge/{challenge.pk}/request/", follow=True)

    assert response.redirect_chain == [(f"/challenges/{challenge.pk}/", 302)]
    assert notifications(response) == ["Record at least one finding before asking for the report"]
    assert "There is a problem" in visible_text(response)
    assert FeedbackReport.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lead_peer", 302),
        ("challenge_manager", 302),
        ("lga_admin", 302),
        ("adviser", 302),
        ("team_peer", 404),
        ("other_adviser", 404),
        ("other_peer_user", 404),
        ("fra_contact", 404),
    ],
)
def test_report_retry_by_role(client, sign_in, failed, role, status):
    sign_in(role)

    response = client.post(f"/reports/{failed.pk}/retry/")

    assert response.status_code == status
    failed.refresh_from_db()
    assert failed.status == (ReportStatus.QUEUED if status == 302 else ReportStatus.FAILED)


def test_report_retry_renders_and_says_so(client, sign_in, failed, challenge, django_capture_on_commit_callbacks):
    FindingFactory(challenge=challenge)
    sign_in("lead_peer")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{failed.pk}/retry/")

    assert notifications(client.get(response.url)) == ["Version 1 of the feedback report has been queued again"]
    failed.refresh_from_db()
    assert (failed.status, failed.error_message) == (ReportStatus.READY, "")


def test_report_retry_of_a_report_that_did_not_fail_shows_the_reason(client, sign_in, ready):
    sign_in("lead_peer")

    response = client.post(f"/reports/{ready.pk}/retry/", follow=True)

    assert notifications(response) == ["Only a report that failed can be tried again"]
    ready.refresh_from_db()
    assert ready.status == ReportStatus.READY


# Publishing answers GET with its confirmation page (reports/views/publication.py).
@pytest.mark.parametrize("action", ["retry", "requeue", "request"])
def test_report_actions_get_not_allowed(client, sign_in, challenge, ready, action):
    sign_in("lga_admin" if action != "request" else "lead_peer")
    path = f"/reports/challenge/{challenge.pk}/request/" if action == "request" else f"/reports/{ready.pk}/{action}/"

    response = client.get(path)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("action", ["publish", "retry", "request"])
def test_report_actions_anonymous_redirected_to_sign_in(client, challenge, ready, action):
    path = f"/reports/challenge/{challenge.pk}/request/" if action == "request" else f"/reports/{ready.pk}/{action}/"

    response = client.post(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    ready.refresh_from_db()
    assert (ready.status, FeedbackReport.objects.count()) == (ReportStatus.READY, 1)


# The report panel on the challenge page


def test_challenge_page_offers_publish_to_the_adviser_not_the_lead_peer(client, sign_in, challenge, ready):
    sign_in("adviser")
    adviser_page = page(client.get(f"/challenges/{challenge.pk}/"))
    sign_in("lead_peer")
    peer_page = page(client.get(f"/challenges/{challenge.pk}/"))

    # Publishing has a confirmation page: the panel links to it.
    assert f'<a href="/reports/{ready.pk}/publish/" role="button"' in adviser_page
    assert f'/reports/{ready.pk}/publish/' not in peer_page
    assert f'href="/reports/{ready.pk}/download/"' in peer_page


def test_challenge_page_pending_report_is_followed_for_its_status(client, sign_in, challenge):
    report = FeedbackReportFactory(challenge=challenge, status=ReportStatus.QUEUED)
    sign_in("lead_peer")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert f'data-status-url="/reports/{report.pk}/status/"' in page(response)
    assert "Queued Queued — waiting for a worker. Check again" in visible_text(response)


# The authority contact's view


def test_authority_page_lists_the_published_report_with_a_working_link(client, sign_in, published):
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    link = f"/reports/{published.pk}/download/"
    today = timezone.localdate()
    assert f'<a class="govuk-link" href="{link}">' in page(response)
    assert f"Operational Assessment and fire peer challenge, March 2027 (PDF, published {today.day} {today:%B %Y})" in visible_text(response)
    download = client.get(link)
    assert (download.status_code, _download(download)) == (200, FAKE_PDF)


def test_authority_page_hides_an_unpublished_report_from_the_contact(client, sign_in, ready):
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    assert "/download/" not in page(response)
    assert "No reports have been published yet." in visible_text(response)


def test_whole_journey_book_to_public_download(client, sign_in, avon, lead_peer, django_capture_on_commit_callbacks):
    """An adviser books and staffs a challenge (the lead peer accepts the invitation), the lead peer records a finding and asks for
    the report, the adviser publishes it, and anyone can download it."""
    sign_in("adviser")
    start = monday_in(12)
    confirm(client, walk(client, "/challenges/book/", [
        {"authority": avon.pk}, {"challenge_type": ChallengeType.TARGETED},
        visit_page(start, start + datetime.timedelta(days=3)), {"second_phase": "no"},
    ]))
    challenge = avon.challenges.get()
    client.post(f"/challenges/{challenge.pk}/team/add/", {"peer": lead_peer.pk, "role": TeamRole.LEAD_PEER})
    client.post(f"/challenges/{challenge.pk}/team/invitations/")
    client.logout()
    token = challenge.team.get(peer=lead_peer).invitation_token
    client.post(f"/challenges/invitations/{token}/", {"answer": "accept"})  # from the email's link
    sign_in("lead_peer")
    client.post(f"/challenges/{challenge.pk}/findings/add/", {"kind": "strength", "area": "response", "text": "Crews arrive fast."})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/challenge/{challenge.pk}/request/")
    report = challenge.reports.get()
    sign_in("adviser")
    client.post(f"/reports/{report.pk}/publish/")  # the confirmation page's button
    client.logout()

    download = client.get(f"/reports/{report.pk}/download/")

    assert download.status_code == 200
    assert _download(download).startswith(b"%PDF-")
    assert download["Content-Disposition"] == f'attachment; filename="avon-fire-authority-targeted-{start:%Y-%m}-v1.pdf"'
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.PUBLISHED
