"""The whole journey of a challenge in a real browser, as the three people who make it:
the principal adviser books it and forms the team, the lead peer records findings and asks
for the report, the adviser publishes it, and the authority and the public download it.
axe-core audits every page on the way."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import PASSWORD, FraContactFactory, PeerFactory, PeerUserFactory, PrincipalAdviserFactory
from challenges.models import Challenge
from peersupport.formats import long_date
from reports.choices import ReportStatus
from reports.tests.factories import FeedbackReportFactory

from .pages import ChallengePages

pytestmark = pytest.mark.e2e

# Booked three months ahead, as peers ask, however far off today is.
VISIT_START = timezone.localdate() + datetime.timedelta(days=90)

STRENGTH = "Home fire safety visits reach the residents most at risk first."
RECOMMENDATION = "Review how protection officers are trained."


def _pdf_text(path):
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_challenge_journey_from_booking_to_public_download(browser_page, report_worker, transactional_db):
    page, audit = browser_page
    avon = Authority.objects.get(slug="avon")
    adviser = PrincipalAdviserFactory(email="adviser@example.org", region=Region.SOUTH_WEST)
    PeerFactory(full_name="Alex Morgan", can_lead=True, home_authority=Authority.objects.get(slug="kent"),
                user=PeerUserFactory(email="lead.peer@example.org"))
    FraContactFactory(email="contact@example.org", authority=avon)
    service = ChallengePages(page, audit, PASSWORD)

    # 1. The principal adviser books a challenge for Avon.
    service.sign_in(adviser.email).book(
        authority="Avon Fire Authority",
        challenge_type="Deep-dive themed peer challenge",
        start=VISIT_START,
        end=VISIT_START + datetime.timedelta(days=3),
    )
    assert service.notification() == "Challenge booked for Avon Fire Authority"
    assert service.heading() == "Avon Fire Authority"

    # 2. They propose the lead peer from the team page's suggestions, and invite them.
    service.open_team().propose_team_member(peer_name="Alex Morgan", role_in_sentence="lead peer")
    assert service.notification() == "Alex Morgan proposed for the team as lead peer"
    service.send_invitations()
    assert service.notification() == "1 invitation sent"
    service.follow("Back to the challenge")
    assert page.get_by_test_id("team-table").locator("tbody tr").all_inner_texts() == ["Alex Morgan\tLead peer\tKent"]
    service.sign_out()

    # 3. The lead peer accepts from their home page, and records findings.
    service.sign_in("lead.peer@example.org")
    service.follow("Avon: Deep-dive themed peer challenge", within=page.get_by_test_id("peer-invitations"))
    service.answer_invitation(accept=True)
    assert service.notification() == "Thank you: you have accepted your place as lead peer"
    service.open_challenge("Avon")
    service.record_finding(kind="Strength", area="Prevention", text=STRENGTH)
    assert service.notification() == "Strength saved"
    service.record_finding(kind="Recommendation", area="Protection", text=RECOMMENDATION)
    assert service.notification() == "Recommendation saved"
    service.follow("Avon")  # back from the findings page to the challenge's

    # 4. They ask for the feedback report; the page follows it until it is ready.
    service.press("Ask for the feedback report")
    assert service.notification() == "Version 1 of the feedback report has been requested"
    service.wait_for_report_status("Ready to publish")
    service.sign_out()

    # 5. The adviser publishes it.
    service.sign_in(adviser.email).open_challenge("Avon")
    service.navigate_by(page.get_by_role("button", name="Publish this version"))  # to the confirmation page
    service.press("Publish this version")
    assert service.notification() == "Version 1 of the feedback report is published"
    assert service.report_status() == "Published"
    service.sign_out()

    # 6. The authority's contact downloads it from their authority's page...
    service.sign_in("contact@example.org").follow("Your authority")
    assert service.heading() == "Avon Fire Authority"
    main = page.get_by_role("main")
    from_authority = service.download(main.get_by_role("link", name=f"Deep-dive themed peer challenge, {VISIT_START:%B %Y}"))
    assert from_authority.suggested_filename == f"avon-fire-authority-deep-dive-{VISIT_START:%Y-%m}-v1.pdf"
    assert STRENGTH in _pdf_text(from_authority.path()) and RECOMMENDATION in _pdf_text(from_authority.path())
    service.sign_out()

    # ...and anyone can, without signing in, from the home page.
    service.open("/").follow("Published peer challenge reports")
    rows = page.get_by_test_id("published-report-table").locator("tbody tr")
    cells = [" ".join(text.split()) for text in rows.locator("td").all_inner_texts()]
    # Published today, as the service's clock (Europe/London) has it, not the machine's (UTC).
    assert cells == ["Avon Fire Authority", "Deep-dive themed peer challenge", f"{VISIT_START:%B %Y}",
                     long_date(timezone.localdate()), "Download the Avon report (PDF)", "Not yet published"]
    public = service.download(rows.get_by_role("link", name="Download the Avon report (PDF)"))
    assert _pdf_text(public.path()) == _pdf_text(from_authority.path())
    assert Challenge.objects.get().reports.get().status == ReportStatus.PUBLISHED


def test_unpublished_report_is_not_found_for_the_public_or_another_authority(browser_page, transactional_db):
    page, audit = browser_page
    draft = FeedbackReportFactory(ready=True)
    FraContactFactory(email="cleveland@example.org", authority=Authority.objects.get(slug="cleveland"))
    service = ChallengePages(page, audit, PASSWORD)

    assert page.goto(draft.get_download_url()).status == 404
    audit.check()
    service.sign_in("cleveland@example.org")
    assert page.goto(draft.get_download_url()).status == 404
    audit.check()
    assert service.heading() == "Page not found"
