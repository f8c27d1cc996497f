"""Publication: the confirmation page and publishing, the frozen version and its checked
downloads, corrections, withdrawal, and who sees drafts, published and withdrawn versions."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from challenges.choices import ChallengeStatus, FindingKind
from challenges.models import Challenge, FactualCheck
from challenges.services.finding import FROZEN, finding_edit, finding_record
from challenges.tests.factories import FactualCheckFactory, FindingFactory
from peersupport.tests.html import error_summary, notifications, page, visible_text
from reports.choices import ReportKind, ReportStatus
from reports.models import FeedbackReport
from reports.services.correction import report_correction_open
from reports.services.pipeline import report_render
from reports.services.publication import LATER_VERSION_PUBLISHED, NOT_A_CORRECTION, report_publish
from reports.services.request import report_request, report_retry
from reports.services.withdrawal import report_withdraw

from .factories import FAKE_HTML, FAKE_PDF, FAKE_PDF_SHA256, FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def drafting(challenge):
    """The Avon challenge, drafting its report."""
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.REPORT_DRAFTING)
    challenge.refresh_from_db()
    return challenge


@pytest.fixture
def ready(drafting):
    return FeedbackReportFactory(challenge=drafting, version=1, ready=True)


@pytest.fixture
def published(ready, adviser):
    return report_publish(by=adviser, report=ready)


def _download(response):
    return b"".join(response.streaming_content)


def _overwrite(field, data: bytes):
    """Change a stored file's bytes behind the service's back, as a tampered disk would."""
    storage, name = field.storage, field.name
    storage.delete(name)
    storage.save(name, ContentFile(data))


# Publishing: the confirmation page, then the POST


def test_publish_confirm_page_says_what_will_be_published(client, sign_in, ready):
    sign_in("adviser")

    response = client.get(f"/reports/{ready.pk}/publish/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Publish version 1 of the feedback report" in text
    assert f"Version 1 Pages 1 Size 42 bytes SHA-256 {FAKE_PDF_SHA256}" in text
    assert (
        "Once published, this version is public: anyone can read it in the published reports, download its PDF and "
        "follow it in the feed. It is frozen: its file and its checksum never change." in text
    )
    assert 'data-testid="publish-replaces"' not in page(response)
    assert 'value="Publish this version"' in page(response)


def test_publish_confirm_page_warns_of_an_unchecked_draft_and_a_missing_summary(client, sign_in, ready, fra_contact):
    sign_in("adviser")
    url = f"/reports/{ready.pk}/publish/"
    warnings = 'data-testid="publish-warning"'

    text = visible_text(client.get(url))

    assert "Warning The authority has not submitted a factual accuracy check of this report." in text
    assert "Warning The executive summary is not written: the report says so in its place." in text

    FactualCheckFactory(challenge=ready.challenge, submitted_at=timezone.now(), submitted_by=fra_contact)
    Challenge.objects.filter(pk=ready.challenge_id).update(executive_summary="The service knows its communities.")

    assert page(client.get(url)).count(warnings) == 0


def test_publish_confirm_page_says_which_version_it_replaces(client, sign_in, published, adviser):
    report_correction_open(by=adviser, challenge=published.challenge, change_note="Corrects a date.")
    corrected = FeedbackReportFactory(challenge=published.challenge, version=2, ready=True, change_note="Corrects a date.")
    sign_in("adviser")

    text = visible_text(client.get(f"/reports/{corrected.pk}/publish/"))

    assert "Change note Corrects a date." in text
    assert f"It replaces version 1, published on {published.published_at.day} " in text
    assert "which stays public as an earlier version." in text


@pytest.mark.parametrize(
    "role", ["lead_peer", "challenge_manager", "team_peer", "other_adviser", "fra_contact", "other_peer_user"]
)
def test_publish_confirm_page_not_found_for_anyone_who_does_not_oversee(client, sign_in, ready, role):
    sign_in(role)

    assert client.get(f"/reports/{ready.pk}/publish/").status_code == 404
    assert client.post(f"/reports/{ready.pk}/publish/").status_code == 404
    assert FeedbackReport.objects.get(pk=ready.pk).status == ReportStatus.READY


def test_publish_confirm_page_anonymous_sent_to_sign_in(client, ready):
    response = client.get(f"/reports/{ready.pk}/publish/")

    assert (response.status_code, response.url) == (302, f"/sign-in/?next=/reports/{ready.pk}/publish/")


def test_publish_post_publishes_and_returns_to_the_challenge(client, sign_in, ready, drafting):
    adviser = sign_in("adviser")

    response = client.post(f"/reports/{ready.pk}/publish/")

    assert (response.status_code, response.url) == (302, drafting.get_absolute_url())
    assert notifications(client.get(response.url)) == ["Version 1 of the feedback report is published"]
    report = FeedbackReport.objects.get(pk=ready.pk)
    assert (report.status, report.published_by, report.file.name, report.sha256) == (
        ReportStatus.PUBLISHED, adviser, ready.file.name, FAKE_PDF_SHA256
    )
    assert Challenge.objects.get(pk=drafting.pk).status == ChallengeStatus.PUBLISHED


def test_publish_supersedes_the_earlier_version_which_stays_public(client, published, adviser):
    report_correction_open(by=adviser, challenge=published.challenge, change_note="Corrects a date.")
    second = FeedbackReportFactory(challenge=published.challenge, version=2, ready=True)

    report_publish(by=adviser, report=second)

    statuses = dict(FeedbackReport.objects.values_list("version", "status"))
    assert statuses == {1: ReportStatus.SUPERSEDED, 2: ReportStatus.PUBLISHED}
    assert _download(client.get(f"/reports/{published.pk}/download/")) == FAKE_PDF


# Frozen once published


def test_publish_again_refused(published, adviser):
    with pytest.raises(ValidationError) as refused:
        report_publish(by=adviser, report=published)

    assert refused.value.messages == ["This version has already been published and cannot change"]


def test_publish_page_of_a_published_version_not_found(client, sign_in, published):
    sign_in("adviser")

    assert client.get(f"/reports/{published.pk}/publish/").status_code == 404


def test_slides_never_published(drafting, adviser):
    slides = FeedbackReportFactory(challenge=drafting, kind=ReportKind.FEEDBACK_SLIDES, version=1, ready=True)

    with pytest.raises(ValidationError) as refused:
        report_publish(by=adviser, report=slides)

    assert refused.value.messages == ["The slides for the verbal feedback are never published"]
    assert adviser.has_perm("reports.publish_report", slides) is False


def test_render_of_a_published_version_leaves_its_file_alone(published):
    report_render(report_id=published.pk)

    report = FeedbackReport.objects.get(pk=published.pk)
    assert (report.status, report.file.name, report.sha256, report.file.read()) == (
        ReportStatus.PUBLISHED, published.file.name, FAKE_PDF_SHA256, FAKE_PDF
    )


def test_publish_of_a_version_older_than_one_published_refused(drafting, adviser):
    older = FeedbackReportFactory(challenge=drafting, version=1, ready=True)
    newer = report_publish(by=adviser, report=FeedbackReportFactory(challenge=drafting, version=2, ready=True))
    report_correction_open(by=adviser, challenge=drafting, change_note="Corrects a date.")

    with pytest.raises(ValidationError) as refused:
        report_publish(by=adviser, report=older)

    assert refused.value.messages == [LATER_VERSION_PUBLISHED]
    assert dict(FeedbackReport.objects.values_list("version", "status")) == {
        1: ReportStatus.READY, 2: ReportStatus.PUBLISHED
    }
    assert FeedbackReport.objects.get(pk=newer.pk).status == ReportStatus.PUBLISHED


def test_publish_of_a_version_not_asked_for_in_a_correction_refused(published, adviser):
    """A version asked for before publication, or while no correction is open, would replace
    the published report without a change note: only a correction's version may."""
    second = FeedbackReportFactory(challenge=published.challenge, version=2, ready=True)

    with pytest.raises(ValidationError) as without_correction:
        report_publish(by=adviser, report=second)
    report_correction_open(by=adviser, challenge=published.challenge, change_note="Corrects a date.")
    with pytest.raises(ValidationError) as asked_before_it:
        report_publish(by=adviser, report=second)

    assert without_correction.value.messages == asked_before_it.value.messages == [NOT_A_CORRECTION]
    assert dict(FeedbackReport.objects.values_list("version", "status")) == {
        1: ReportStatus.PUBLISHED, 2: ReportStatus.READY
    }


def test_publish_confirm_page_of_a_version_that_may_not_replace_the_published_one_refuses_before_the_button(
    client, sign_in, published
):
    second = FeedbackReportFactory(challenge=published.challenge, version=2, ready=True)
    sign_in("adviser")

    response = client.get(f"/reports/{second.pk}/publish/", follow=True)

    assert response.redirect_chain == [(f"/challenges/{published.challenge_id}/", 302)]
    assert error_summary(response) == [] and notifications(response) == [NOT_A_CORRECTION]
    assert FeedbackReport.objects.get(pk=second.pk).status == ReportStatus.READY


def test_retry_of_a_published_version_refused(published, adviser):
    with pytest.raises(ValidationError):
        report_retry(by=adviser, report=published)

    assert FeedbackReport.objects.get(pk=published.pk).status == ReportStatus.PUBLISHED


# Every download checks the file against its checksum


def test_download_checked_and_named(client, published):
    response = client.get(f"/reports/{published.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="avon-fire-authority-operational-assessment-2027-03-v1.pdf"'
    assert _download(response) == FAKE_PDF


def test_download_of_a_changed_file_refused(client, published, caplog):
    _overwrite(published.file, FAKE_PDF.replace(b"stored", b"altered"))

    with caplog.at_level(logging.ERROR, logger="reports.integrity"):
        response = client.get(f"/reports/{published.pk}/download/")

    assert response.status_code == 409
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert (
        "Sorry, this report cannot be shown The PDF of version 1 of this report no longer matches the version that was "
        "published, so we have not shown it. The service team has been told and will put it right." in visible_text(response)
    )
    assert b"altered" not in response.content
    assert [record.getMessage() for record in caplog.records] == [
        f"Refused to serve a stored report file: The PDF of report {published.pk} ({published}) no longer matches its "
        "recorded SHA-256"
    ]


def test_download_of_a_missing_file_refused(client, published):
    published.file.storage.delete(published.file.name)

    response = client.get(f"/reports/{published.pk}/download/")

    assert response.status_code == 410
    assert "The PDF of version 1 of this report can no longer be found, so we have not shown it." in visible_text(response)


def test_report_page_with_a_changed_html_version_refused(client, published):
    _overwrite(published.html_file, FAKE_HTML.replace(b"stored", b"<script>altered</script>"))

    response = client.get(f"/reports/{published.pk}/")

    assert response.status_code == 409
    assert "The HTML version of version 1 of this report no longer matches" in visible_text(response)
    assert b"altered" not in response.content


# Corrections


def test_correction_open_page_asks_for_the_change_note(client, sign_in, published, drafting):
    sign_in("adviser")

    response = client.post(f"/reports/challenge/{drafting.pk}/correction/", {"correction_note": " "})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter what the correction changes"]
    assert Challenge.objects.get(pk=drafting.pk).correction_opened_at is None


def test_correction_open_page_opens_the_correction(client, sign_in, published, drafting):
    adviser = sign_in("adviser")
    url = f"/reports/challenge/{drafting.pk}/correction/"

    assert "Version 1, published on" in visible_text(client.get(url))
    response = client.post(url, {"correction_note": "Corrects the number of stations."})

    assert (response.status_code, response.url) == (302, drafting.get_absolute_url())
    challenge = Challenge.objects.get(pk=drafting.pk)
    assert (challenge.correction_note, challenge.correction_opened_by) == ("Corrects the number of stations.", adviser)
    assert challenge.correction_opened_at is not None
    assert client.get(url).status_code == 404  # open already


@pytest.mark.parametrize("role", ["lead_peer", "other_adviser", "fra_contact", "team_peer"])
def test_correction_open_page_not_found_for_anyone_who_does_not_oversee(client, sign_in, published, drafting, role):
    sign_in(role)

    assert client.get(f"/reports/challenge/{drafting.pk}/correction/").status_code == 404


def test_correction_open_page_not_found_before_publication(client, sign_in, ready, drafting):
    sign_in("adviser")

    assert client.get(f"/reports/challenge/{drafting.pk}/correction/").status_code == 404


def test_correction_refused_twice_and_before_publication(ready, drafting, adviser):
    with pytest.raises(ValidationError) as unpublished:
        report_correction_open(by=adviser, challenge=drafting, change_note="A fix.")
    report_publish(by=adviser, report=ready)
    report_correction_open(by=adviser, challenge=drafting, change_note="A fix.")
    with pytest.raises(ValidationError) as twice:
        report_correction_open(by=adviser, challenge=drafting, change_note="Another fix.")

    assert unpublished.value.messages == ["Only a published feedback report can be corrected"]
    assert twice.value.messages == ["A correction of this report is already open"]


def test_correction_refused_to_the_lead_peer(published, drafting, lead_peer):
    with pytest.raises(PermissionDenied):
        report_correction_open(by=lead_peer.user, challenge=drafting, change_note="A fix.")


def test_correction_end_to_end_findings_frozen_open_then_frozen_again(
    client, drafting, adviser, lead_peer, django_capture_on_commit_callbacks
):
    """The report is rendered for real (eagerly), published, corrected and published again:
    the findings are frozen after publication, open during the correction, frozen after."""
    finding = finding_record(
        by=lead_peer.user, challenge=drafting, kind=FindingKind.STRENGTH, area="prevention", text="Strong prevention work."
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = report_request(by=lead_peer.user, challenge=drafting)
    first.refresh_from_db()
    assert first.status == ReportStatus.READY
    report_publish(by=adviser, report=first)
    finding.refresh_from_db()

    with pytest.raises(ValidationError) as frozen:
        finding_edit(by=lead_peer.user, finding=finding, version=finding.version, text="Changed after publication.")
    assert frozen.value.messages == [FROZEN]

    report_correction_open(by=adviser, challenge=drafting, change_note="Corrects the prevention finding.")
    finding = finding_edit(by=lead_peer.user, finding=finding, version=finding.version, text="Very strong prevention work.")
    with django_capture_on_commit_callbacks(execute=True):
        second = report_request(by=lead_peer.user, challenge=drafting)
    second.refresh_from_db()
    assert (second.version, second.status) == (2, ReportStatus.READY)
    report_publish(by=adviser, report=second)

    challenge = Challenge.objects.get(pk=drafting.pk)
    assert (challenge.correction_opened_at, challenge.correction_opened_by, challenge.correction_note) == (None, None, "")
    with pytest.raises(ValidationError) as frozen_again:
        finding_edit(by=lead_peer.user, finding=finding, version=finding.version, text="Changed once more.")
    assert frozen_again.value.messages == [FROZEN]
    assert dict(FeedbackReport.objects.values_list("version", "status")) == {
        1: ReportStatus.SUPERSEDED, 2: ReportStatus.PUBLISHED
    }
    # Both versions stay public, each file as it was published.
    first.refresh_from_db()
    assert client.get(f"/reports/{first.pk}/download/").status_code == 200
    assert client.get(f"/reports/{second.pk}/download/").status_code == 200
    assert first.sha256 != second.sha256


def test_correction_version_carries_the_change_note(published, drafting, adviser, lead_peer, django_capture_on_commit_callbacks):
    """H1a's report_request copies the open correction's note into the new version."""
    FindingFactory(challenge=drafting)
    report_correction_open(by=adviser, challenge=drafting, change_note="Corrects a date.")

    with django_capture_on_commit_callbacks(execute=False):
        second = report_request(by=lead_peer.user, challenge=drafting)

    assert (second.version, second.change_note) == (2, "Corrects a date.")


def test_second_version_refused_while_published_without_correction(published, drafting, lead_peer):
    """H1a's rule: no new version of a published report unless a correction is open."""
    FindingFactory(challenge=drafting)

    with pytest.raises(ValidationError) as refused:
        report_request(by=lead_peer.user, challenge=drafting)

    assert refused.value.messages == ["The report is published. Open a correction to publish a corrected version"]


# Withdrawal


def test_withdraw_page_asks_for_the_reason(client, sign_in, published):
    sign_in("adviser")

    response = client.post(f"/reports/{published.pk}/withdraw/", {"withdrawal_reason": ""})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter the reason for withdrawing the report"]
    assert FeedbackReport.objects.get(pk=published.pk).status == ReportStatus.PUBLISHED


def test_withdraw_page_withdraws(client, sign_in, published):
    adviser = sign_in("adviser")
    url = f"/reports/{published.pk}/withdraw/"
    assert "It leaves the published reports and the feed. This cannot be undone." in visible_text(client.get(url))

    response = client.post(url, {"withdrawal_reason": "Published in error."})

    assert (response.status_code, response.url) == (302, f"/reports/{published.pk}/")
    report = FeedbackReport.objects.get(pk=published.pk)
    assert (report.status, report.withdrawn_by, report.withdrawal_reason) == (
        ReportStatus.WITHDRAWN, adviser, "Published in error."
    )
    assert (report.file.name, report.sha256) == (published.file.name, FAKE_PDF_SHA256)  # kept, unchanged
    assert notifications(client.get(response.url)) == ["Version 1 of the feedback report is withdrawn"]
    assert client.get(url).status_code == 404  # withdrawn already


@pytest.mark.parametrize("role", ["lead_peer", "other_adviser", "fra_contact", "anonymous"])
def test_withdraw_refused_to_anyone_who_does_not_oversee(client, sign_in, published, role):
    sign_in(role)

    response = client.post(f"/reports/{published.pk}/withdraw/", {"withdrawal_reason": "No."})

    assert response.status_code == (302 if role == "anonymous" else 404)
    assert FeedbackReport.objects.get(pk=published.pk).status == ReportStatus.PUBLISHED


def test_withdraw_of_a_draft_refused(ready, adviser):
    with pytest.raises(ValidationError) as refused:
        report_withdraw(by=adviser, report=ready, reason="Not yet.")

    assert refused.value.messages == ["Only a published report can be withdrawn"]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("fra_contact", 404), ("lead_peer", 404), ("lga_admin", 200), ("adviser", 200), ("other_adviser", 200)],
)
def test_withdrawn_file_for_lga_staff_only(client, sign_in, published, adviser, role, status):
    report_withdraw(by=adviser, report=published, reason="Published in error.")
    sign_in(role)

    response = client.get(f"/reports/{published.pk}/download/")

    assert response.status_code == status
    if status == 200:
        assert _download(response) == FAKE_PDF


# Who sees which version: drafts of every kind, published and withdrawn versions


ROLES = [
    "lga_admin", "adviser", "other_adviser", "lead_peer", "challenge_manager", "team_peer", "other_peer_user",
    "fra_contact", "other_fra_contact", "anonymous",
]
TEAM_AND_OVERSEERS = {"lga_admin", "adviser", "lead_peer", "challenge_manager", "team_peer"}


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("role", ROLES)
def test_draft_seen_by_team_and_overseers_only(client, sign_in, drafting, team_peer, challenge_manager, kind, role):
    draft = FeedbackReportFactory(challenge=drafting, kind=kind, version=1, ready=True)
    sign_in(role)

    assert client.get(f"/reports/{draft.pk}/").status_code == (200 if role in TEAM_AND_OVERSEERS else 404)
    assert client.get(f"/reports/{draft.pk}/download/").status_code == (200 if role in TEAM_AND_OVERSEERS else 404)


@pytest.mark.parametrize("kind", list(ReportKind))
@pytest.mark.parametrize("role", ROLES)
def test_draft_sent_for_factual_check_also_seen_by_the_authority(
    client, sign_in, drafting, team_peer, challenge_manager, adviser, kind, role
):
    FactualCheck.objects.create(challenge=drafting, sent_by=adviser, deadline=drafting.end_date)
    draft = FeedbackReportFactory(challenge=drafting, kind=kind, version=1, ready=True)
    sign_in(role)
    # The authority checks the feedback report's facts: the slides and the progress review's report stay with the team.
    sees = role in TEAM_AND_OVERSEERS or (role == "fra_contact" and kind == ReportKind.FEEDBACK)

    assert client.get(f"/reports/{draft.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/reports/{draft.pk}/download/").status_code == (200 if sees else 404)


@pytest.mark.parametrize("kind", [ReportKind.FEEDBACK, ReportKind.PROGRESS_REVIEW])
@pytest.mark.parametrize("role", ROLES)
def test_published_and_superseded_versions_public(client, sign_in, drafting, adviser, kind, role):
    first = FeedbackReportFactory(challenge=drafting, kind=kind, version=1, ready=True)
    report_publish(by=adviser, report=first)
    if kind == ReportKind.FEEDBACK:
        report_correction_open(by=adviser, challenge=drafting, change_note="Corrects a date.")
    second = FeedbackReportFactory(challenge=drafting, kind=kind, version=2, ready=True)
    report_publish(by=adviser, report=second)
    sign_in(role)

    for version in (first, second):
        assert client.get(f"/reports/{version.pk}/").status_code == 200
        assert client.get(f"/reports/{version.pk}/download/").status_code == 200
