"""What the demo holds once `seed_demo` has run: read by every test here from one run of the
command per test process (it renders seven reports, about 15 s), in a transaction rolled back
after the module, as Django's setUpTestData does. The runs that change the data (a second run,
a fresh database) are in test_seed_demo.py."""

import hashlib
import io
import re
from io import StringIO
from xml.etree import ElementTree

import pypdf
import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.html import escape

from authorities.choices import Role
from authorities.models import AuthorityContact, Inspection, Peer, User
from challenges.choices import ChallengeStatus, FindingKind
from challenges.insight.period import InsightPeriod
from challenges.models import Challenge, FactualCheck, TeamMembership
from challenges.selectors.insight import programme_insight
from peersupport.models import OutboxEmail, OutboxStatus
from reports.choices import ReportKind, ReportStatus
from reports.management.commands.seed_demo import (
    AVON_WITHDRAWAL_REASON,
    DEMO_PASSWORD,
    DEMO_REPORT_TEXT,
    DEMO_USERS,
    HAMPSHIRE_CORRECTED_TEXT,
    HAMPSHIRE_CORRECTION_NOTE,
)
from reports.models import CommitteePaper, FeedbackReport
from reports.services.documents import TEMPLATE_VERSION
from reports.services.pipeline import TIME_LIMIT_ERROR

from .test_seed_demo import _counts, _reports

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("seeded", "db")]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module as `make setup` does (DEBUG on, queued renders run
    in-process); returns what the command printed."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("seeded-media")):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            with override_settings(DEBUG=True), TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_seed_demo_creates_the_demo_data():

    assert _counts() == {
        "User": 10,
        "Peer": 70,
        "PeerTag": 1,
        "TrainingRecord": 70,
        "Unavailability": 1,
        "Challenge": 21,
        "TeamMembership": 25,
        "Finding": 39,
        "FeedbackReport": 10,
        "AuthorityContact": 5,
        "Inspection": 2,
        "InspectionResult": 22,
        "HistoricalInspectionResult": 22,
        "FindingTemplate": 6,
        "FactualCheck": 2,
        "FactualCheckComment": 3,
        "ProgressReview": 2,
        "ActionPlan": 2,
        "Evaluation": 13,
        "CommitteePaper": 1,
    }


def test_seed_demo_renders_and_publishes_its_reports_in_one_run():

    assert [(slug, kind, version, status) for slug, kind, version, status, *_ in _reports()] == [
        ("devon-and-somerset", ReportKind.FEEDBACK, 1, ReportStatus.PUBLISHED),
        ("dorset-and-wiltshire", ReportKind.FEEDBACK_SLIDES, 1, ReportStatus.READY),
        ("avon", ReportKind.FEEDBACK, 1, ReportStatus.FAILED),
        ("hampshire-and-isle-of-wight", ReportKind.FEEDBACK, 1, ReportStatus.SUPERSEDED),
        ("hampshire-and-isle-of-wight", ReportKind.FEEDBACK, 2, ReportStatus.PUBLISHED),
        ("greater-manchester", ReportKind.FEEDBACK, 1, ReportStatus.PUBLISHED),
        ("cornwall", ReportKind.FEEDBACK, 1, ReportStatus.PUBLISHED),
        ("essex", ReportKind.FEEDBACK, 1, ReportStatus.PUBLISHED),
        ("avon", ReportKind.FEEDBACK, 1, ReportStatus.WITHDRAWN),
        ("humberside", ReportKind.FEEDBACK, 1, ReportStatus.PUBLISHED),
    ]
    for report in FeedbackReport.objects.exclude(status=ReportStatus.FAILED):
        pdf = report.file.read()
        assert (pdf[:5], hashlib.sha256(pdf).hexdigest(), report.template_version) == (b"%PDF-", report.sha256, TEMPLATE_VERSION)
        assert hashlib.sha256(report.html_file.read()).hexdigest() == report.html_sha256


def test_seed_demo_creates_one_login_per_role(client):

    logins = User.objects.filter(email__in=[spec["email"] for spec in DEMO_USERS])
    assert sorted(logins.values_list("role", flat=True)) == sorted(Role.values)
    assert User.objects.get(email="cornwall.contact@example.org").has_usable_password() is False
    for user in logins:
        response = client.post("/sign-in/", {"username": user.email, "password": DEMO_PASSWORD})
        assert (user.email, response.status_code, response.url) == (user.email, 302, "/")
        client.logout()


def test_seed_demo_links_the_lead_peer_login_to_their_peer_record():

    peer = Peer.objects.get(user__email="lead.peer@example.org")
    assert (peer.full_name, peer.can_lead, peer.home_authority.slug) == ("Alex Morgan", True, "kent")
    assert peer.memberships.get(challenge__authority__slug="devon-and-somerset").role == "lead_peer"


def test_seed_demo_shows_a_challenge_at_every_stage_of_its_life():

    assert sorted(set(Challenge.objects.values_list("status", flat=True))) == sorted(ChallengeStatus.values)
    assert list(Challenge.objects.exclude(late_step="").values_list("authority__slug", flat=True)) == ["kent"]
    assert OutboxEmail.objects.exclude(status=OutboxStatus.SENT).count() == 0
    assert OutboxEmail.objects.filter(subject__startswith="Peer challenge running late").count() == 1
    # 42 before issue 10 (with Devon's report late until a second run published it), then the
    # invitations and evaluations of the library's five past challenges and Dorset's invitation,
    # and the email telling the Avon deep dive's LGA staff that its report could not be prepared;
    # then (issue 11) Humberside's three invitations to its team, the email telling its staff
    # that one was declined, and two invitations to evaluate it.
    assert OutboxEmail.objects.filter(subject__startswith="Report could not be prepared: Avon Fire Authority").count() == 1
    assert OutboxEmail.objects.count() == 56


def test_seed_demo_shows_teams_in_every_state_with_a_concern_pins_and_bans():
    from challenges.models import TeamBan, TeamConcern, TeamPin

    assert sorted(set(TeamMembership.objects.values_list("state", flat=True))) == [
        "accepted", "declined", "invited", "proposed",
    ]
    assert TeamMembership.objects.get(peer__email="lead.peer@example.org", state="invited").challenge.authority.slug == "isles-of-scilly"
    concern = TeamConcern.objects.get()
    assert (concern.place.peer.email, concern.raised_by.email, concern.answered_at) == ("p.laing@example.org", "contact@example.org", None)
    assert list(TeamPin.objects.values_list("challenge__authority__slug", "peer__email")) == [("surrey", "r.shah@example.org")]
    assert list(TeamBan.objects.values_list("challenge__authority__slug", "peer__email")) == [("norfolk", "t.clarke@example.org")]


def test_seed_demo_lists_the_logins(seeded):
    out = seeded

    assert "Every demo login uses the password 'fire-peer-demo':" in out
    for email in ["admin@example.org", "adviser@example.org", "lead.peer@example.org", "contact@example.org"]:
        assert email in out


def test_seed_demo_records_contacts_and_inspections_under_the_demo_admin():

    assert sorted(AuthorityContact.objects.values_list("authority__slug", "role")) == [
        ("avon", "authority_chair"),
        ("avon", "chief_fire_officer"),
        ("avon", "improvement_lead"),
        ("devon-and-somerset", "authority_chair"),
        ("devon-and-somerset", "chief_fire_officer"),
    ]
    assert [(i.round_name, i.grade_scale, i.results.count()) for i in Inspection.objects.filter(authority__slug="avon")] == [
        ("Round 3 (2023 to 2025)", "five_grade", 11),
        ("Round 2 (2021 to 2022)", "four_grade", 11),
    ]
    assert {h.history_user.email for h in Inspection.history.all()} == {"admin@example.org"}


def test_seed_demo_shows_the_work_after_the_visit():
    """Findings of every kind with a draft waiting and one rejected; the overdue factual check
    the demo contact can comment on; a check answered with a correction kept in the history;
    and, once the report is published, the final action plan, answered evaluations and the
    progress review scheduled."""

    cleveland = Challenge.objects.get(authority__slug="cleveland")
    assert sorted(set(cleveland.findings.values_list("kind", flat=True))) == sorted(FindingKind.values)
    assert sorted(cleveland.findings.values_list("state", flat=True)).count("draft") == 1
    assert cleveland.findings.get(state="rejected").rejection_reason.startswith("The team did not look at the fleet")
    assert cleveland.findings.filter(template__isnull=False).count() == 1
    avon = FactualCheck.objects.get(challenge__authority__slug="avon")
    assert (avon.submitted_at, avon.deadline < timezone.localdate(), avon.comments.count()) == (None, True, 1)
    devon = Challenge.objects.get(authority__slug="devon-and-somerset")
    corrected = devon.findings.get(kind=FindingKind.RECOMMENDATION)
    assert corrected.text.startswith("Review the capacity of the protection team against the re-planned")
    assert corrected.history.first().history_change_reason == "Factual accuracy check: correction accepted"
    assert devon.action_plan.is_final and devon.action_plan.responses.get().actions.count() == 2
    assert devon.evaluations.filter(answered_at__isnull=False).count() == 2
    assert devon.progress_review.scheduled_for > timezone.localdate()
    hampshire = Challenge.objects.get(authority__slug="hampshire-and-isle-of-wight")
    assert (hampshire.status, hampshire.progress_review.assessments.count()) == (ChallengeStatus.PROGRESS_REVIEW, 1)


def test_seed_demo_publishes_reports_in_the_house_style_and_corrects_one(client):
    """Devon and Somerset's report with its summary and approach, and no action plan (it was not
    final when the report was rendered); Hampshire's corrected: version 2 carries the change note,
    the corrected recommendation and the final plan as its appendix; version 1 stays public."""

    devon = FeedbackReport.objects.get(challenge__authority__slug="devon-and-somerset")
    reader, text = _pdf_text(devon)
    assert reader.metadata.title == "Devon and Somerset Fire and Rescue Service: Operational Assessment and fire peer challenge feedback report"
    assert (devon.page_count, len(reader.pages)) == (8, 8)
    for words in (DEMO_REPORT_TEXT["executive_summary"][:60], "Clyst St George", "On-call availability shared live"):
        assert words in text
    assert "Appendix" not in text
    page = client.get(f"/reports/{devon.pk}/").content.decode()
    assert '<h2 class="govuk-heading-l" id="report-summary">Executive summary</h2>' in page
    assert DEMO_REPORT_TEXT["executive_summary"][:60] in page

    first, second = FeedbackReport.objects.filter(challenge__authority__slug="hampshire-and-isle-of-wight").order_by("version")
    assert [(r.version, r.status, r.change_note) for r in (first, second)] == [
        (1, ReportStatus.SUPERSEDED, ""), (2, ReportStatus.PUBLISHED, HAMPSHIRE_CORRECTION_NOTE),
    ]
    assert first.published_at < second.published_at < devon.published_at
    _, first_text = _pdf_text(first)
    _, second_text = _pdf_text(second)
    assert (HAMPSHIRE_CORRECTED_TEXT in first_text, "Appendix" in first_text) == (False, False)
    assert (HAMPSHIRE_CORRECTED_TEXT in second_text, "Appendix: the action plan" in second_text) == (True, True)
    earlier = client.get(f"/reports/{first.pk}/").content.decode()
    assert "read the current version (version 2)" in earlier
    assert escape(HAMPSHIRE_CORRECTION_NOTE) in client.get(f"/reports/{second.pk}/").content.decode()
    assert Challenge.objects.get(authority__slug="hampshire-and-isle-of-wight").correction_opened_at is None


def test_seed_demo_shows_a_withdrawn_report_a_failed_render_and_the_slides(client):

    withdrawn = FeedbackReport.objects.get(status=ReportStatus.WITHDRAWN)
    assert (withdrawn.challenge.authority.slug, withdrawn.challenge.status, withdrawn.withdrawal_reason) == (
        "avon", ChallengeStatus.CLOSED, AVON_WITHDRAWAL_REASON,
    )
    assert f"{escape(AVON_WITHDRAWAL_REASON)}</div>" in client.get(f"/reports/{withdrawn.pk}/").content.decode()

    failed = FeedbackReport.objects.get(status=ReportStatus.FAILED)
    assert (failed.challenge.status, failed.error_message, failed.attempts, failed.file.name) == (
        ChallengeStatus.FACTUAL_CHECK, TIME_LIMIT_ERROR, 1, "",
    )
    adviser, contact = User.objects.get(email="adviser@example.org"), User.objects.get(email="contact@example.org")
    assert [adviser.has_perm(perm, failed) for perm in ("reports.see_report_error", "reports.retry_report")] == [True, True]
    assert [contact.has_perm(perm, failed) for perm in ("reports.see_report_error", "reports.retry_report")] == [False, False]

    slides = FeedbackReport.objects.get(kind=ReportKind.FEEDBACK_SLIDES)
    reader, text = _pdf_text(slides)
    box = reader.pages[0].mediabox
    assert (slides.challenge.status, slides.page_count, box.width > box.height) == (ChallengeStatus.ON_SITE, len(reader.pages), True)
    assert "Follow-up visits are not recorded in the same system as the first." in text


def test_seed_demo_fills_the_public_library(client):

    def authorities(query=""):
        page = client.get(f"/reports/{query}").content.decode()
        return re.findall(r'data-testid="report-page-link">([^<]+)</a>', page)

    assert authorities() == [
        "Devon and Somerset Fire and Rescue Service", "Humberside Fire Authority", "Hampshire and Isle of Wight Fire and Rescue Authority",
        "Essex Police, Fire and Crime Commissioner", "Cornwall Council (Cornwall Fire and Rescue Service)",
        "Greater Manchester Combined Authority",
    ]
    assert authorities("?region=south_west") == [
        "Devon and Somerset Fire and Rescue Service", "Cornwall Council (Cornwall Fire and Rescue Service)",
    ]
    assert authorities("?type=leadership_governance") == ["Essex Police, Fire and Crime Commissioner"]
    years = sorted({report.published_at.year for report in FeedbackReport.objects.filter(status=ReportStatus.PUBLISHED)})
    assert len(years) == 3
    assert [len(authorities(f"?year={year}")) for year in years] == [
        FeedbackReport.objects.filter(status=ReportStatus.PUBLISHED, published_at__year=year).count() for year in years
    ]

    practice = client.get("/reports/notable-practice/").content.decode()
    assert re.findall(r'<h3 class="govuk-summary-card__title">([^<]+)</h3>', practice) == [
        "On-call availability shared live", "Staff-led culture board", "Community flood exercises", "Joint high-rise inspections",
    ]
    feed = ElementTree.fromstring(client.get("/reports/feed/").content)
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert titles == [
        "Devon and Somerset Fire and Rescue Service: feedback report",
        "Humberside Fire Authority: feedback report",
        "Hampshire and Isle of Wight Fire and Rescue Authority: feedback report, corrected version 2",
        "Hampshire and Isle of Wight Fire and Rescue Authority: feedback report",
        "Essex Police, Fire and Crime Commissioner: feedback report",
        "Cornwall Council (Cornwall Fire and Rescue Service): feedback report",
        "Greater Manchester Combined Authority: feedback report",
    ]


def _pdf_text(report):
    reader = pypdf.PdfReader(io.BytesIO(report.file.read()))
    return reader, " ".join(" ".join(page.extract_text().split()) for page in reader.pages)




def test_seed_demo_prepares_this_years_committee_paper_and_gives_its_insight_something_in_every_section(client):
    today = timezone.localdate()
    paper = CommitteePaper.objects.get()
    pdf = paper.file.read()
    assert (paper.period, paper.status, paper.requested_by.email) == (
        InsightPeriod.containing(today), ReportStatus.READY, "admin@example.org"
    )
    assert (pdf[:5], hashlib.sha256(pdf).hexdigest(), paper.page_count) == (
        b"%PDF-", paper.sha256, len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )
    client.force_login(paper.requested_by)
    page = client.get(f"/challenges/insight/?year_kind=financial&year={paper.year}").content.decode()
    assert f'href="/reports/committee-paper/{paper.pk}/download/"' in page

    # Humberside's challenge counts in this year (but on the year's first day, when it cannot
    # yet: then in the year before), with its report out and evaluated.
    humberside = Challenge.objects.get(authority__slug="humberside")
    period = InsightPeriod.containing(humberside.end_date)
    assert period == InsightPeriod.containing(today) or today == InsightPeriod.containing(today).first_day
    figures = {section.slug: section.figures for section in programme_insight(period=period, today=today).sections}
    assert figures["pipeline"]["delivered"] >= 1
    assert all(measure["measured"] for measure in figures["lead-times"]["measures"][:2])  # request to visit, and to report
    assert (humberside.end_date - humberside.requested_on).days == 120
    assert figures["coverage"]["challenged_within_three_years"] >= 1
    assert (figures["peers"]["places_filled"] >= 2, figures["peers"]["declined"] >= 1) == (True, True)
    assert (figures["themes"]["reports"] >= 1, figures["themes"]["strengths"][0]["count"] >= 1) == (True, True)
    assert (figures["evaluations"]["answered"], figures["evaluations"]["averages"]["preparation_rating"]) == (2, 4.5)
