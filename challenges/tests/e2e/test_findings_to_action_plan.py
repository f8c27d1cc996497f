"""From the visit's findings to the authority's published action plan, in a real browser: a
member of the peer team drafts a finding and the lead peer accepts it, adds findings of every
kind and reorders them with the keyboard; the principal adviser sends the draft for the
authority's factual accuracy check; the FRA contact comments and submits the check; the lead
peer answers, a correction changing the finding; the report is published; and the authority
records its action plan, downloads it as CSV and marks it final, for anyone to read beside the
report. axe-core audits every page."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.models import Authority
from authorities.tests.factories import (
    PASSWORD,
    FraContactFactory,
    PeerFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
)
from challenges.choices import ChallengeStatus, CommentOutcome, FindingState, TeamRole
from challenges.models import Finding
from challenges.services.factual_check import factual_check_deadline_default
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from peersupport.calendar import is_working_day
from peersupport.formats import long_date

from .pages import ChallengePages

pytestmark = pytest.mark.e2e

TODAY = timezone.localdate()

STRENGTH = (
    "Home fire safety visits now reach:\n\n"
    "- residents over 80\n"
    "- people who live alone\n\n"
    "Partners value the **safe and well** visit."
)
AREA_FOR_CONSIDERATION = "Business safety audits fall behind the risk-based inspection programme."
PRACTICE_TITLE = "Safe and well partnership"
PRACTICE_TEXT = "Crews and the NHS share referrals for residents at most risk."
PRACTICE_WHY = "Other services could reach residents the NHS already knows."
PRACTICE_CONTACT = "Head of prevention, Avon Fire and Rescue Service"
FIRST_RECOMMENDATION = "Review how crews are trained for high-rise incidents."
SECOND_RECOMMENDATION = "Publish response standards for rural areas."
CORRECTED_RECOMMENDATION = "Publish the response standards for rural areas agreed in 2024."
FINDING_COMMENT = "The standards were agreed in 2024; they are not yet published."
AREA_COMMENT = "The audit backlog was cleared in the last quarter."
CORRECTION_REPLY = "Thank you: the recommendation now says so."
AREA_REPLY = "The team saw the backlog on site; the finding stands."

# The action plan: for each recommendation (numbered as in the report), the response and its action.
PLAN = [
    {
        "number": 1, "response": "Accepted. The standards go to the fire authority in June.",
        "action": "Publish the rural response standards on the website.", "owner": "Head of response",
        "milestone": TODAY + datetime.timedelta(days=120), "resources": "Two days of the web team's time",
        "measure": "The standards are published and reported on each quarter.", "status": "On track",
    },
    {
        "number": 2, "response": "Accepted in part: high-rise training is already under review.",
        "action": "Add a high-rise exercise to each watch's training year.", "owner": "Area manager, training",
        "milestone": TODAY + datetime.timedelta(days=200), "resources": "",
        "measure": "Every watch has had a high-rise exercise.", "status": "At risk",
    },
]


def _tidy(text):
    return " ".join(text.split())


def _finding(page, text):
    """A finding on the findings page, found by its words."""
    return page.get_by_test_id("finding").filter(has_text=text)


def _add_finding(service, *, kind, area, text, priority=None, practice=None):
    """From the findings page: add a finding through its form, and come back."""
    page = service.page
    service.navigate_by(page.get_by_test_id("add-finding"))
    page.get_by_role("radio", name=kind, exact=True).check()
    page.get_by_role("combobox", name="Area").select_option(label=area)
    page.get_by_label("Finding", exact=True).fill(text)
    if priority:
        page.get_by_role("radio", name=priority, exact=True).check()
    if practice:
        page.get_by_label("Title (notable practice only)").fill(practice["title"])
        page.get_by_label("Why it is worth sharing (notable practice only)").fill(practice["why"])
        page.get_by_label("Contact for the practice (notable practice only)").fill(practice["contact"])
        page.get_by_label("Share this practice across the sector").check()
    return service.press("Save finding")


def _answer_comment(service, within, *, outcome, reply):
    page = service.page
    service.navigate_by(within.get_by_role("link", name="Answer this comment", exact=False))
    assert service.heading() == "Answer the authority's comment"
    page.get_by_role("radio", name=outcome, exact=True).check()
    page.get_by_label("Your reply").fill(reply)
    return service.press("Send the answer")


def _csv_rows(download):
    text = download.path().read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_findings_to_factual_check_to_published_action_plan(browser_page, report_worker, transactional_db):
    page, audit = browser_page
    avon = Authority.objects.get(slug="avon")
    adviser = PrincipalAdviserFactory(email="adviser@example.org", full_name="Priya Shah", region=Region.SOUTH_WEST)
    contact = FraContactFactory(email="contact@example.org", full_name="Sam Fielding", authority=avon)
    # The visit finished three weeks ago; the team is drafting its report.
    challenge = ChallengeFactory(
        authority=avon, status=ChallengeStatus.REPORT_DRAFTING, principal_adviser=adviser,
        start_date=TODAY - datetime.timedelta(days=24), end_date=TODAY - datetime.timedelta(days=21),
    )
    lead = PeerFactory(full_name="Alex Morgan", can_lead=True, home_authority=Authority.objects.get(slug="kent"),
                       user=PeerUserFactory(email="lead.peer@example.org", full_name="Alex Morgan"))
    member = PeerFactory(full_name="Cllr Mary Adams", peer_type=PeerType.MEMBER, political_group=PoliticalGroup.LABOUR,
                         home_authority=Authority.objects.get(slug="lancashire"),
                         user=PeerUserFactory(email="member.peer@example.org", full_name="Cllr Mary Adams"))
    TeamMembershipFactory(challenge=challenge, peer=lead, role=TeamRole.LEAD_PEER)
    TeamMembershipFactory(challenge=challenge, peer=member, role=TeamRole.MEMBER_PEER)
    service = ChallengePages(page, audit, PASSWORD)

    # 1. The member peer drafts a strength, with a list and words in bold, for the lead to accept.
    service.sign_in("member.peer@example.org").open(challenge.get_absolute_url())
    service.navigate_by(page.get_by_test_id("findings-link"))
    assert service.heading() == "Findings"
    assert page.get_by_test_id("add-finding").inner_text() == "Draft a finding"
    _add_finding(service, kind="Strength", area="Prevention", text=STRENGTH)
    assert service.notification() == "Strength saved as a draft for the lead peer to accept"
    drafts = page.get_by_test_id("drafts")
    assert drafts.get_by_role("heading", level=2).inner_text() == "Your drafts waiting for the lead"
    assert "Drafted by Cllr Mary Adams" in drafts.inner_text()
    assert page.get_by_test_id("report-findings").get_by_test_id("finding").count() == 0
    service.sign_out()

    # 2. The lead peer accepts the draft into the report.
    service.sign_in("lead.peer@example.org").open_challenge("Avon")
    service.navigate_by(page.get_by_test_id("findings-link"))
    assert page.get_by_test_id("drafts").get_by_role("heading", level=2).inner_text() == "Drafts waiting for the lead"
    service.press("Accept strength drafted by Cllr Mary Adams")
    assert service.notification() == "Draft by Cllr Mary Adams accepted into the report"
    assert page.get_by_test_id("drafts").count() == 0

    # 3. They add findings of every other kind: two recommendations in the same area.
    _add_finding(service, kind="Area for consideration", area="Protection", text=AREA_FOR_CONSIDERATION)
    assert service.notification() == "Area for consideration saved"
    _add_finding(service, kind="Recommendation", area="Response", text=FIRST_RECOMMENDATION, priority="High")
    assert service.notification() == "Recommendation saved"
    _add_finding(service, kind="Notable practice", area="Prevention", text=PRACTICE_TEXT,
                 practice={"title": PRACTICE_TITLE, "why": PRACTICE_WHY, "contact": PRACTICE_CONTACT})
    assert service.notification() == "Notable practice saved"
    _add_finding(service, kind="Recommendation", area="Response", text=SECOND_RECOMMENDATION, priority="Medium")
    assert service.notification() == "Recommendation saved"
    assert page.get_by_test_id("finding-counts").locator("li").all_inner_texts() == [
        "1 strength", "1 area for consideration", "2 recommendations", "1 notable practice",
    ]
    report = page.get_by_test_id("report-findings")
    assert report.locator("h3").all_inner_texts() == ["Prevention", "Protection", "Response"]
    assert _finding(page, FIRST_RECOMMENDATION).locator("h4").inner_text() == "Recommendation 1"
    assert _finding(page, SECOND_RECOMMENDATION).locator("h4").inner_text() == "Recommendation 2"
    assert _finding(page, SECOND_RECOMMENDATION).get_by_test_id("priority").inner_text() == "Medium priority"

    # The Markdown is a list and bold words, not the characters typed.
    strength = _finding(page, "Home fire safety visits now reach:").get_by_test_id("finding-text")
    assert strength.locator("ul > li").all_inner_texts() == ["residents over 80", "people who live alone"]
    assert strength.locator("strong").all_inner_texts() == ["safe and well"]
    assert "**" not in strength.inner_text() and "- residents" not in strength.inner_text()
    practice = _finding(page, PRACTICE_TEXT)
    assert practice.locator("h4").inner_text() == f"Notable practice: {PRACTICE_TITLE}"
    assert [_tidy(row) for row in practice.locator(".govuk-summary-list__row").all_inner_texts()] == [
        f"Why it is worth sharing {PRACTICE_WHY}", f"Contact {PRACTICE_CONTACT}", "Shared across the sector Yes",
    ]

    # 4. They move the second recommendation up with the keyboard alone: a plain form's button,
    #    focused and pressed with Enter, that needs no script.
    move_up = page.get_by_role("button", name="Move up recommendation 2", exact=True)
    assert move_up.evaluate("button => button.form.method") == "post"
    move_up.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    audit.check()
    assert service.notification() == "Recommendation moved up"
    assert _finding(page, SECOND_RECOMMENDATION).locator("h4").inner_text() == "Recommendation 1"
    assert _finding(page, FIRST_RECOMMENDATION).locator("h4").inner_text() == "Recommendation 2"
    assert page.get_by_test_id("report-findings").get_by_test_id("finding-text").all_inner_texts()[-2:] == [
        SECOND_RECOMMENDATION, FIRST_RECOMMENDATION,
    ]
    # The moved one is now first in its area: it can only go down.
    assert page.get_by_role("button", name="Move down recommendation 1", exact=True).count() == 1
    assert page.get_by_role("button", name="Move up recommendation 1", exact=True).count() == 0
    service.sign_out()
    first_rec, second_rec = (Finding.objects.get(text=text) for text in (SECOND_RECOMMENDATION, FIRST_RECOMMENDATION))
    assert first_rec.state == FindingState.ACCEPTED and first_rec.position < second_rec.position

    # 5. The adviser sends the draft for the factual accuracy check, 10 working days by default.
    service.sign_in(adviser.email).open_challenge("Avon")
    service.navigate_by(page.get_by_test_id("status-moves").get_by_role("button", name="Send for the factual accuracy check"))
    assert service.heading() == "Send the draft report for the factual accuracy check"
    deadline = factual_check_deadline_default(today=TODAY)
    days_after_today = (TODAY + datetime.timedelta(days=n) for n in range(1, (deadline - TODAY).days + 1))
    assert sum(1 for day in days_after_today if is_working_day(day)) == 10 and is_working_day(deadline)
    deadline_group = page.get_by_role("group", name="Deadline for the authority's check")
    assert [deadline_group.get_by_label(part).input_value() for part in ("Day", "Month", "Year")] == [
        str(deadline.day), str(deadline.month), str(deadline.year),
    ]
    assert page.get_by_test_id("send-summary").inner_text().startswith("The 5 findings in the report go to Avon Fire Authority")
    service.press("Send the draft to the authority")
    assert service.notification() == f"The draft report has been sent to the authority, to check by {long_date(deadline)}"
    assert page.get_by_test_id("challenge-status").inner_text() == "Factual accuracy check"
    service.sign_out()

    # 6. The FRA contact reads the draft, comments on a recommendation with a correction and on
    #    an area as a whole, and submits the check.
    service.sign_in(contact.email).open(challenge.get_absolute_url())
    service.navigate_by(page.get_by_test_id("check-facts"))
    assert service.heading() == "Draft report: factual accuracy check"
    draft_rec = page.get_by_test_id(f"finding-{first_rec.pk}")
    assert _tidy(draft_rec.get_by_role("heading", level=3).inner_text()) == "Recommendation 1 Medium priority"
    service.follow("Comment on this finding (recommendation 1)")
    assert service.heading() == "Comment on this finding"
    page.get_by_label("Your comment").fill(FINDING_COMMENT)
    page.get_by_label("Proposed correction (optional)").fill(CORRECTED_RECOMMENDATION)
    service.press("Save the comment")
    assert service.notification() == "Your comment has been saved. The team will see it once you submit the check"
    service.follow("Comment on Protection as a whole")
    assert service.heading() == "Comment on Protection as a whole"
    page.get_by_label("Your comment").fill(AREA_COMMENT)
    service.press("Save the comment")
    service.navigate_by(page.get_by_test_id("submit-check"))
    assert service.heading() == "Submit the factual accuracy check"
    assert page.get_by_test_id("submit-summary").inner_text().startswith(
        "Your authority's 2 comments will go to the peer team, who will answer each."
    )
    service.press("Submit the factual accuracy check")
    assert service.notification() == "Your factual accuracy check has been submitted. The team will answer your comments"
    service.sign_out()

    # 7. The lead peer accepts the correction and does not accept the comment on the area.
    service.sign_in("lead.peer@example.org").open_challenge("Avon")
    service.follow("See the authority's comments and answer them")
    _answer_comment(service, page.get_by_test_id(f"finding-{first_rec.pk}"),
                    outcome="Yes, accept it and change the finding to the proposed correction", reply=CORRECTION_REPLY)
    assert service.notification() == "The comment has been answered: accepted"
    corrected = page.get_by_test_id(f"finding-{first_rec.pk}")
    assert corrected.get_by_test_id("corrected").inner_text() == "Corrected after the factual accuracy check"
    assert corrected.locator(".app-markdown").first.inner_text() == CORRECTED_RECOMMENDATION
    _answer_comment(service, page.get_by_test_id("area-protection"), outcome="No, do not accept it", reply=AREA_REPLY)
    assert service.notification() == "The comment has been answered: not accepted"
    # The findings page has the corrected words; the finding's history keeps the earlier ones.
    service.follow("The challenge")
    service.navigate_by(page.get_by_test_id("findings-link"))
    assert _finding(page, CORRECTED_RECOMMENDATION).locator("h4").inner_text() == "Recommendation 1"
    assert _finding(page, SECOND_RECOMMENDATION).count() == 0
    assert [record.text for record in first_rec.history.order_by("-history_date")][:2] == [
        CORRECTED_RECOMMENDATION, SECOND_RECOMMENDATION,
    ]
    comments = challenge.factual_checks.get().comments.order_by("pk")
    assert [(c.finding_id, c.area, c.outcome) for c in comments] == [
        (first_rec.pk, "", CommentOutcome.ACCEPTED), (None, "protection", CommentOutcome.REJECTED),
    ]

    # 8. They ask for the feedback report; the adviser publishes it.
    service.navigate_by(page.locator(".govuk-back-link"))
    service.press("Ask for the feedback report")
    assert service.notification() == "Version 1 of the feedback report has been requested"
    service.wait_for_report_status("Ready to publish")
    service.sign_out()
    service.sign_in(adviser.email).open_challenge("Avon")
    service.navigate_by(page.get_by_role("button", name="Publish this version"))  # to the confirmation page
    service.press("Publish this version")
    assert service.notification() == "Version 1 of the feedback report is published"
    assert page.get_by_test_id("challenge-status").inner_text() == "Report published"
    # Its findings are frozen now: a correction would be a new version of the report.
    service.navigate_by(page.get_by_test_id("findings-link"))
    assert page.get_by_test_id("findings-frozen").is_visible()
    service.sign_out()

    # 9. The FRA contact sees the team's answers, then records the action plan.
    service.sign_in(contact.email).open(challenge.get_absolute_url())
    service.follow("See your comments and the team's answers")
    answers = page.get_by_test_id(f"finding-{first_rec.pk}").inner_text()
    assert "Accepted by Alex Morgan" in answers and CORRECTION_REPLY in answers
    area_answers = page.get_by_test_id("area-protection").inner_text()
    assert "Not accepted by Alex Morgan" in area_answers and AREA_REPLY in area_answers
    service.follow("The challenge")
    service.navigate_by(page.get_by_test_id("action-plan-link"))
    assert service.heading() == "Action plan"
    for entry in PLAN:
        number = entry["number"]
        service.follow(f"Respond to recommendation {number}")
        assert service.heading() == f"Respond to recommendation {number}"
        page.get_by_label("Your response").fill(entry["response"])
        service.press("Save response")
        assert service.notification() == f"Response to recommendation {number} saved"
        service.follow(f"Add an action for recommendation {number}")
        assert service.heading() == f"Add an action for recommendation {number}"
        page.get_by_label("What will be done").fill(entry["action"])
        page.get_by_label("Owner").fill(entry["owner"])
        service.fill_date("Milestone date", entry["milestone"])
        page.get_by_label("Resources (optional)").fill(entry["resources"])
        page.get_by_label("How success is measured").fill(entry["measure"])
        page.get_by_role("radio", name=entry["status"], exact=True).check()
        service.press("Add action")
        assert service.notification() == f"Action added to recommendation {number}"
        card = page.get_by_test_id(f"recommendation-{number}")
        assert card.get_by_test_id("response").inner_text().strip() == entry["response"]
        rows = card.get_by_test_id("actions").locator("tbody tr")
        assert rows.count() == 1
        cells = [_tidy(text) for text in rows.first.locator("td").all_inner_texts()]
        assert cells[1:] == [entry["owner"], long_date(entry["milestone"]), entry["status"]]
    assert page.get_by_test_id("recommendation-1").inner_text().count(CORRECTED_RECOMMENDATION) == 1
    assert service.table_rows("action-plan-summary-table") == [
        ["Not started", "0"], ["On track", "1"], ["At risk", "1"], ["Complete", "0"],
    ]

    # The CSV: one row an action, the recommendations as the report has them.
    rows = _csv_rows(service.download(page.get_by_test_id("action-plan-csv")))
    assert rows == [
        ["Recommendation", "Recommendation text", "Priority", "Response", "Action", "Owner", "Milestone",
         "Resources", "How success is measured", "Status"],
        ["1", CORRECTED_RECOMMENDATION, "Medium", PLAN[0]["response"], PLAN[0]["action"], PLAN[0]["owner"],
         PLAN[0]["milestone"].isoformat(), PLAN[0]["resources"], PLAN[0]["measure"], "On track"],
        ["2", FIRST_RECOMMENDATION, "High", PLAN[1]["response"], PLAN[1]["action"], PLAN[1]["owner"],
         PLAN[1]["milestone"].isoformat(), "", PLAN[1]["measure"], "At risk"],
    ]

    # 10. They mark the plan final, from a page that says what that means.
    service.navigate_by(page.get_by_test_id("action-plan-finalise"))
    assert service.heading() == "Mark the action plan final"
    service.press("Mark the plan final and publish it")
    assert service.notification() == "The action plan is final and published beside the report"
    assert page.get_by_test_id("final-note").inner_text().startswith(
        f"Marked final on {long_date(TODAY)} by Sam Fielding, and published beside the report."
    )
    assert page.get_by_test_id("action-plan-finalise").count() == 0
    service.sign_out()

    # 11. Anyone finds it beside the report in the library of published reports.
    service.open("/").follow("Published peer challenge reports")
    service.navigate_by(page.get_by_test_id("action-plan-public-link"))
    assert service.heading() == "Action plan of Avon Fire Authority"
    assert service.table_rows("action-plan-summary-table") == [
        ["Not started", "0"], ["On track", "1"], ["At risk", "1"], ["Complete", "0"],
    ]
    for entry in PLAN:
        card = page.get_by_test_id(f"recommendation-{entry['number']}")
        assert card.get_by_test_id("response").inner_text().strip() == entry["response"]
        assert entry["action"] in card.get_by_test_id("actions").inner_text()
    assert page.get_by_role("link", name="Change the status").count() == 0
