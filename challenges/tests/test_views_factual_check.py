"""The factual accuracy check's pages (challenges/views/factual_check.py): sending the draft,
the authority's draft page, its comments and submission, the team's answers and the panel on
the challenge page; who may open each, and hostile input to every form."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingKind, FindingState
from challenges.models import Challenge, FactualCheck, FactualCheckComment, Finding
from challenges.services.finding import finding_edit
from peersupport.calendar import working_days_after
from peersupport.models import OutboxEmail
from peersupport.tests.forms import date_fields, date_parts, long_date
from peersupport.tests.html import error_summary, inline_code, notifications, page, visible_text

from .factories import FactualCheckCommentFactory, FactualCheckFactory, FindingFactory
from .test_views_team import element_text

pytestmark = pytest.mark.integration

TODAY = timezone.localdate()
ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "other_peer_user", "fra_contact", "other_fra_contact"]
LONG_WORD = "x" * 5000


@pytest.fixture
def drafting(challenge, adviser, team_peer):
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.REPORT_DRAFTING, principal_adviser=adviser)
    challenge.refresh_from_db()
    return challenge


@pytest.fixture
def findings(drafting, lead_peer, team_peer):
    """A strength and a recommendation in the report, a team member's draft and a rejected finding."""
    return {
        "strength": FindingFactory(challenge=drafting, recorded_by=lead_peer.user, text="Bath has **two** stations.", position=1),
        "recommendation": FindingFactory(
            challenge=drafting, recorded_by=lead_peer.user, kind=FindingKind.RECOMMENDATION, text="Review the plan.", position=2
        ),
        "draft": FindingFactory(challenge=drafting, recorded_by=team_peer.user, state=FindingState.DRAFT, text="A draft of a team member"),
        "rejected": FindingFactory(
            challenge=drafting, recorded_by=team_peer.user, state=FindingState.REJECTED, text="A rejected finding", rejection_reason="No"
        ),
    }


@pytest.fixture
def check(drafting, findings, adviser):
    """The draft sent to the authority, due in five working days."""
    Challenge.objects.filter(pk=drafting.pk).update(status=ChallengeStatus.FACTUAL_CHECK)
    return FactualCheckFactory(challenge=drafting, sent_by=adviser, deadline=working_days_after(TODAY, 5))


@pytest.fixture
def comment(check, findings, fra_contact):
    return FactualCheckCommentFactory(
        factual_check=check, finding=findings["strength"], written_by=fra_contact, comment="We have three.",
        proposed_text="Bath has **three** stations.",
    )


@pytest.fixture
def submitted(check, comment, fra_contact):
    FactualCheck.objects.filter(pk=check.pk).update(submitted_at=timezone.now(), submitted_by=fra_contact)
    check.refresh_from_db()
    return check


def _url(challenge, tail=""):
    return f"/challenges/{challenge.pk}/factual-check/{tail}"


def _status(client, url):
    response = client.get(url)
    return response.status_code


# Sending the draft


def test_challenge_page_send_move_leads_to_the_send_page(client, sign_in, drafting, findings):
    sign_in("adviser")

    response = client.get(f"/challenges/{drafting.pk}/")

    assert f'href="/challenges/{drafting.pk}/factual-check/send/"' in page(response)
    assert f"/challenges/{drafting.pk}/status/factual_check/" not in page(response)


@pytest.mark.parametrize("method", ["get", "post"])
def test_generic_status_move_to_factual_check_redirects_to_the_send_page(client, sign_in, drafting, findings, method):
    sign_in("adviser")

    response = getattr(client, method)(f"/challenges/{drafting.pk}/status/factual_check/")

    assert (response.status_code, response.url) == (302, _url(drafting, "send/"))
    assert Challenge.objects.get(pk=drafting.pk).status == ChallengeStatus.REPORT_DRAFTING


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_send_page_by_role(client, sign_in, drafting, findings, role):
    sign_in(role)

    response = client.get(_url(drafting, "send/"))

    expected = {"lga_admin": 200, "adviser": 200, "anonymous": 302}.get(role, 404)
    assert response.status_code == expected


def test_send_page_defaults_the_deadline_to_ten_working_days(client, sign_in, drafting, findings):
    sign_in("adviser")
    default = working_days_after(TODAY, 10)

    response = client.get(_url(drafting, "send/"))

    assert re.findall(r'name="deadline_\d" value="(\d+)"', page(response)) == [str(default.day), str(default.month), str(default.year)]
    assert element_text(response, "send-summary") == (
        "The 2 findings in the report go to Avon Fire Authority's FRA contacts, who are emailed the deadline and a link to "
        "the draft. The challenge will go from ‘Report drafting’ to ‘Factual accuracy check’."
    )
    assert inline_code(response) == []


def test_send_opens_the_check_and_emails_the_authority(client, sign_in, drafting, findings, fra_contact):
    sign_in("adviser")
    deadline = working_days_after(TODAY, 8)

    response = client.post(_url(drafting, "send/"), date_fields("deadline", deadline), follow=True)

    check = FactualCheck.objects.get()
    assert (check.deadline, Challenge.objects.get(pk=drafting.pk).status) == (deadline, ChallengeStatus.FACTUAL_CHECK)
    assert notifications(response) == [f"The draft report has been sent to the authority, to check by {long_date(deadline)}"]
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (fra_contact.email, "Draft report for your factual accuracy check: Avon Fire Authority")
    assert email.body == (
        "The peer team's draft report on the operational assessment and fire peer challenge of Avon Fire Authority is "
        "ready for your factual accuracy check.\n\n"
        f"Please read it, comment on anything that is not accurate, and submit your check by {long_date(deadline)}.\n\n"
        f"Check the draft report's facts: {settings.SITE_URL}/challenges/{drafting.pk}/factual-check/\n"
    )


def test_send_without_findings_in_the_report_shows_why(client, sign_in, drafting, team_peer):
    sign_in("adviser")
    FindingFactory(challenge=drafting, recorded_by=team_peer.user, state=FindingState.DRAFT)

    response = client.post(_url(drafting, "send/"), date_fields("deadline", working_days_after(TODAY, 10)))

    assert error_summary(response) == ["Accept at least one finding into the report before sending it to the authority"]
    assert FactualCheck.objects.count() == 0


def test_send_page_not_found_once_sent(client, sign_in, check):
    sign_in("adviser")

    assert client.post(_url(check.challenge, "send/"), date_fields("deadline", working_days_after(TODAY, 10))).status_code == 404
    assert FactualCheck.objects.count() == 1


@pytest.mark.parametrize(("fields", "message"), [
    (date_fields("deadline", None), "Enter the deadline"),
    (date_parts("deadline", 31, 2, TODAY.year + 1), "The deadline must be a real date"),
    (date_parts("deadline", "<b>1</b>", "2", "2027"), "The deadline must be a real date"),
    (date_parts("deadline", "1\x00", "2", "2027"), "The deadline must be a real date"),
    (date_parts("deadline", "1", "", "2027"), "The deadline must include a day, month and year"),
    (date_fields("deadline", datetime.date(1, 1, 1)), "The deadline must be after today"),
    (date_fields("deadline", TODAY), "The deadline must be after today"),
    (date_fields("deadline", datetime.date(9999, 12, 31)),
     f"The deadline must be within 30 working days: on or before {long_date(working_days_after(TODAY, 30))}"),
])
def test_send_hostile_deadline_refused(client, sign_in, drafting, findings, fields, message):
    sign_in("adviser")

    response = client.post(_url(drafting, "send/"), fields)

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert (FactualCheck.objects.count(), OutboxEmail.objects.count()) == (0, 0)


def test_send_weekend_deadline_refused(client, sign_in, drafting, findings):
    sign_in("adviser")
    saturday = TODAY + datetime.timedelta(days=(5 - TODAY.weekday()) % 7 or 7)

    response = client.post(_url(drafting, "send/"), date_fields("deadline", saturday))

    assert error_summary(response) == ["The deadline must be a working day, not a weekend or bank holiday"]


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("lga_admin", "adviser")])
def test_send_post_without_permission_changes_nothing(client, sign_in, drafting, findings, role):
    sign_in(role)

    response = client.post(_url(drafting, "send/"), date_fields("deadline", working_days_after(TODAY, 10)))

    assert response.status_code == 404
    assert (FactualCheck.objects.count(), Challenge.objects.get(pk=drafting.pk).status) == (0, ChallengeStatus.REPORT_DRAFTING)


# The draft page


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_draft_page_by_role(client, sign_in, comment, role):
    sign_in(role)

    status = _status(client, _url(comment.factual_check.challenge))

    expected = {"lga_admin": 200, "adviser": 200, "lead_peer": 200, "fra_contact": 200, "anonymous": 302}.get(role, 404)
    assert status == expected


def test_draft_page_not_found_before_the_draft_is_sent(client, sign_in, drafting, findings):
    sign_in("fra_contact")

    assert client.get(_url(drafting)).status_code == 404


def test_draft_page_for_the_authority_shows_the_report_findings_only(client, sign_in, check, findings, comment, fra_contact):
    sign_in("fra_contact")

    response = client.get(_url(check.challenge))

    text = element_text(response, "area-prevention")
    assert text == (
        f"Prevention Strength Bath has two stations. Comment by {fra_contact.full_name}, {long_date(TODAY)} We have three. "
        "Proposed correction Bath has three stations. Change your comment Delete your comment "
        "Comment on this finding (strength in Prevention) "
        "Recommendation 1 Medium priority Review the plan. Comment on this finding (recommendation 1) "
        "Comment on Prevention as a whole"
    )
    assert "<strong>two</strong>" in page(response)
    assert "A draft of a team member" not in page(response)
    assert "A rejected finding" not in page(response)
    assert element_text(response, "check-summary") == (
        f"Sent to the authority {long_date(check.sent_at)} {check.sent_by.full_name} "
        f"Deadline {long_date(check.deadline)} 5 working days left Submitted Not yet"
    )
    assert 'data-testid="submit-check"' in page(response)
    assert inline_code(response) == []


def test_draft_page_for_the_lead_peer_hides_the_authoritys_comments_until_submitted(client, sign_in, comment):
    sign_in("lead_peer")

    response = client.get(_url(comment.factual_check.challenge))

    assert "We have three." not in page(response)
    assert "Comment on this finding" not in page(response)
    assert "The authority has not yet submitted its check." in visible_text(response)


def test_draft_page_for_lga_staff_shows_comments_as_they_are_written(client, sign_in, comment):
    sign_in("adviser")

    response = client.get(_url(comment.factual_check.challenge))

    assert "We have three." in visible_text(response)
    assert "Answer this comment" not in page(response)


def test_draft_page_for_the_team_after_submission_offers_answers(client, sign_in, submitted, comment):
    sign_in("lead_peer")

    response = client.get(_url(submitted.challenge))

    assert f'href="/challenges/{submitted.challenge.pk}/factual-check/comments/{comment.pk}/answer/"' in page(response)
    assert "Waiting for an answer" in visible_text(response)


def test_draft_page_tells_the_authority_lga_staff_see_its_comments_before_submission(client, sign_in, check, comment):
    # Found in the browser: the page said only the authority saw them, while LGA staff do.
    sign_in("fra_contact")
    authority_sees = visible_text(client.get(_url(check.challenge)))
    sign_in("adviser")
    adviser_sees = visible_text(client.get(_url(check.challenge)))

    assert "Until you submit the check only your authority and LGA staff see your comments" in authority_sees
    assert "We have three." in adviser_sees


def test_proposed_correction_reads_as_the_finding_would_on_the_draft_and_answer_pages(client, sign_in, submitted, comment):
    # Found in the browser: the proposed wording showed its Markdown stars and dashes.
    FactualCheckComment.objects.filter(pk=comment.pk).update(
        proposed_text="Bath has **three** stations:\n\n- Bath\n- Keynsham\n\n<script>alert(1)</script> [x](javascript:alert(1))"
    )
    sign_in("lead_peer")

    for response in (client.get(_url(submitted.challenge)), client.get(_answer_url(comment))):
        content = page(response)
        assert "<p>Bath has <strong>three</strong> stations:</p>\n<ul>\n<li>Bath</li>\n<li>Keynsham</li>\n</ul>" in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "<script>alert(1)" not in content and 'href="javascript:' not in content
        assert re.search(r'class="[^"]*app-markdown"[^>]*data-testid="proposed-text"', content)


def test_draft_page_shows_an_overdue_check(client, sign_in, check):
    FactualCheck.objects.filter(pk=check.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    sign_in("adviser")

    response = client.get(_url(check.challenge))

    assert element_text(response, "overdue") == (
        f"! Warning The authority's factual accuracy check is overdue: it was due on {long_date(TODAY - datetime.timedelta(days=1))}"
    )


# Commenting


def _comment_url(check, **query):
    (key, value), = query.items()
    return f"{_url(check.challenge, 'comment/')}?{key}={value}"


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_comment_page_by_role(client, sign_in, check, findings, role):
    sign_in(role)

    status = _status(client, _comment_url(check, finding=findings["strength"].pk))

    assert status == {"fra_contact": 200, "anonymous": 302}.get(role, 404)


@pytest.mark.parametrize("query", ["finding=draft", "finding=rejected", "finding=abc", "finding=99999999999999999999999",
                                   "area=response", "area=<script>", ""])
def test_comment_page_for_anything_not_in_the_draft_not_found(client, sign_in, check, findings, query):
    sign_in("fra_contact")
    if query in ("finding=draft", "finding=rejected"):
        query = f"finding={findings[query.split('=')[1]].pk}"

    assert client.get(f"{_url(check.challenge, 'comment/')}?{query}").status_code == 404


def test_comment_on_a_finding_saved(client, sign_in, check, findings, fra_contact):
    sign_in("fra_contact")
    url = _comment_url(check, finding=findings["recommendation"].pk)

    assert "Recommendation 1" in visible_text(client.get(url))
    response = client.post(url, {"comment": "Not our plan", "proposed_text": "Review the 2026 plan."}, follow=True)

    saved = FactualCheckComment.objects.get()
    assert (saved.finding, saved.comment, saved.proposed_text, saved.written_by) == (
        findings["recommendation"], "Not our plan", "Review the 2026 plan.", fra_contact
    )
    assert notifications(response) == ["Your comment has been saved. The team will see it once you submit the check"]


def test_comment_on_an_area_saved_without_a_proposed_correction(client, sign_in, check, findings):
    sign_in("fra_contact")
    url = _comment_url(check, area=FindingArea.PREVENTION)

    assert 'name="proposed_text"' not in page(client.get(url))
    client.post(url, {"comment": "Figures are from 2023", "proposed_text": "Ignored"})

    saved = FactualCheckComment.objects.get()
    assert (saved.finding, saved.area, saved.proposed_text) == (None, FindingArea.PREVENTION, "")


@pytest.mark.parametrize(("data", "message"), [
    ({"comment": ""}, "Enter your comment"),
    ({"comment": LONG_WORD}, "Your comment must be 3,000 characters or fewer"),
    ({"comment": "Bath\x07 station"}, "Your comment must not include hidden or control characters"),
    ({"comment": "Bath \u202eevil"}, "Your comment must not include hidden or control characters"),
    ({"comment": "Bath\x00"}, "Your comment must not include hidden or control characters"),
    ({"comment": "Fine", "proposed_text": "Bath\u2066 stations"}, "Proposed correction must not include hidden or control characters"),
    ({"comment": "Fine", "proposed_text": "x" * 5001}, "Proposed correction must be 5,000 characters or fewer"),
    ({"comment": "Fine", "proposed_text": "\x00"}, "Proposed correction must not include null characters"),
])
def test_comment_hostile_input_refused(client, sign_in, check, findings, data, message):
    sign_in("fra_contact")

    response = client.post(_comment_url(check, finding=findings["strength"].pk), data)

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert FactualCheckComment.objects.count() == 0


def test_comment_html_and_a_long_word_are_kept_as_text(client, sign_in, check, findings):
    sign_in("fra_contact")

    client.post(_comment_url(check, finding=findings["strength"].pk),
                {"comment": "<script>alert(1)</script><b>bold</b>", "proposed_text": LONG_WORD})
    response = client.get(_url(check.challenge))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page(response)
    assert "<script>alert(1)" not in page(response)
    assert re.search(r'class="govuk-inset-text govuk-!-text-break-word"[^>]*>.*' + LONG_WORD, page(response), re.S)
    assert inline_code(response) == []


@pytest.mark.parametrize("role", [r for r in ROLES if r != "fra_contact"])
def test_comment_post_without_permission_changes_nothing(client, sign_in, check, findings, role):
    sign_in(role)

    response = client.post(_comment_url(check, finding=findings["strength"].pk), {"comment": "Wrong"})

    assert (response.status_code, FactualCheckComment.objects.count()) == (404, 0)


def test_comment_after_submitting_not_found(client, sign_in, submitted, findings):
    sign_in("fra_contact")

    response = client.post(_comment_url(submitted, finding=findings["strength"].pk), {"comment": "Late"})

    assert (response.status_code, FactualCheckComment.objects.count()) == (404, 1)


# Changing and deleting one's own comment


@pytest.mark.parametrize("action", ["edit", "delete"])
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_own_comment_pages_by_role(client, sign_in, comment, role, action):
    sign_in(role)

    status = _status(client, _url(comment.factual_check.challenge, f"comments/{comment.pk}/{action}/"))

    assert status == {"fra_contact": 200, "anonymous": 302}.get(role, 404)


def test_another_contacts_comment_cannot_be_changed(client, sign_in, comment, avon):
    from authorities.tests.factories import FraContactFactory

    client.force_login(FraContactFactory(authority=avon))

    assert client.post(_url(comment.factual_check.challenge, f"comments/{comment.pk}/edit/"), {"comment": "Mine"}).status_code == 404
    assert client.post(_url(comment.factual_check.challenge, f"comments/{comment.pk}/delete/")).status_code == 404
    assert FactualCheckComment.objects.get().comment == "We have three."


def test_own_comment_changed(client, sign_in, comment):
    sign_in("fra_contact")
    url = _url(comment.factual_check.challenge, f"comments/{comment.pk}/edit/")

    assert "We have three." in page(client.get(url))
    client.post(url, {"comment": "We have four.", "proposed_text": ""})

    comment.refresh_from_db()
    assert (comment.comment, comment.proposed_text) == ("We have four.", "")


@pytest.mark.parametrize(("data", "message"), [
    ({"comment": ""}, "Enter your comment"),
    ({"comment": "a\x1bb"}, "Your comment must not include hidden or control characters"),
])
def test_own_comment_change_hostile_input_refused(client, sign_in, comment, data, message):
    sign_in("fra_contact")

    response = client.post(_url(comment.factual_check.challenge, f"comments/{comment.pk}/edit/"), data)

    assert error_summary(response) == [message]
    assert FactualCheckComment.objects.get().comment == "We have three."


def test_own_comment_deleted(client, sign_in, comment):
    sign_in("fra_contact")

    response = client.post(_url(comment.factual_check.challenge, f"comments/{comment.pk}/delete/"), follow=True)

    assert (FactualCheckComment.objects.count(), notifications(response)) == (0, ["Your comment has been deleted"])


def test_own_comment_cannot_be_deleted_after_submitting(client, sign_in, submitted, comment):
    sign_in("fra_contact")

    assert client.post(_url(submitted.challenge, f"comments/{comment.pk}/delete/")).status_code == 404
    assert FactualCheckComment.objects.count() == 1


# Submitting


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_submit_page_by_role(client, sign_in, check, role):
    sign_in(role)

    assert _status(client, _url(check.challenge, "submit/")) == {"fra_contact": 200, "anonymous": 302}.get(role, 404)


def test_submit_records_and_emails_the_team(client, sign_in, comment, adviser, lead_peer, fra_contact):
    sign_in("fra_contact")
    challenge = comment.factual_check.challenge

    assert element_text(client.get(_url(challenge, "submit/")), "submit-summary") == (
        "Your authority's 1 comment will go to the peer team, who will answer each. Once submitted, comments cannot be "
        "added, changed or deleted."
    )
    response = client.post(_url(challenge, "submit/"), follow=True)

    check = FactualCheck.objects.get()
    assert (check.submitted_by, notifications(response)) == (
        fra_contact, ["Your factual accuracy check has been submitted. The team will answer your comments"]
    )
    email = OutboxEmail.objects.get()
    assert email.recipients == ", ".join(sorted([adviser.email, lead_peer.email]))
    assert email.body == (
        f"{fra_contact.full_name} submitted Avon Fire Authority's factual accuracy check of the draft report on its "
        "operational assessment and fire peer challenge, with 1 comment for the team to answer.\n\n"
        f"See the comments and answer them: {settings.SITE_URL}/challenges/{challenge.pk}/factual-check/\n"
    )
    assert "Comment on this finding" not in page(client.get(_url(challenge)))


@pytest.mark.parametrize("role", [r for r in ROLES if r != "fra_contact"])
def test_submit_post_without_permission_changes_nothing(client, sign_in, check, role):
    sign_in(role)

    assert client.post(_url(check.challenge, "submit/")).status_code == 404
    assert FactualCheck.objects.get().is_open


# Answering


def _answer_url(comment):
    return _url(comment.factual_check.challenge, f"comments/{comment.pk}/answer/")


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_answer_page_by_role(client, sign_in, submitted, comment, role):
    sign_in(role)

    status = _status(client, _answer_url(comment))

    assert status == {"lga_admin": 200, "adviser": 200, "lead_peer": 200, "anonymous": 302}.get(role, 404)


def test_answer_page_not_found_before_submission(client, sign_in, comment):
    sign_in("lead_peer")

    assert client.get(_answer_url(comment)).status_code == 404


def test_accepting_a_correction_changes_the_finding(client, sign_in, submitted, comment, findings, fra_contact):
    sign_in("lead_peer")

    response = client.post(_answer_url(comment), {"outcome": "accepted", "reply": "Corrected, thank you", "finding_version": "1"}, follow=True)

    finding = Finding.objects.get(pk=findings["strength"].pk)
    assert (finding.text, finding.version) == ("Bath has **three** stations.", 2)
    assert finding.history.count() == 2
    assert notifications(response) == ["The comment has been answered: accepted"]
    client.force_login(fra_contact)
    authority_view = client.get(_url(submitted.challenge))
    assert "Corrected after the factual accuracy check" in visible_text(authority_view)
    assert "Accepted by" in visible_text(authority_view) and "Corrected, thank you" in visible_text(authority_view)
    assert "Answer this comment" not in page(authority_view)


def test_answer_refused_when_the_finding_changed_meanwhile(client, sign_in, submitted, comment, findings, challenge_manager):
    sign_in("lead_peer")
    finding_edit(by=challenge_manager.user, finding=findings["strength"], version=1, text="Bath has two fire stations.")

    response = client.post(_answer_url(comment), {"outcome": "accepted", "reply": "Yes", "finding_version": "1"})

    assert error_summary(response)[0].endswith(
        "changed this finding while you were editing it. Your changes have not been saved: compare them with the finding "
        "as it is now, then save again."
    )
    assert "Bath has two fire stations." in visible_text(response)
    assert 'name="finding_version" value="2"' in page(response)
    assert (Finding.objects.get(pk=findings["strength"].pk).text, FactualCheckComment.objects.get().outcome) == (
        "Bath has two fire stations.", ""
    )


@pytest.mark.parametrize(("data", "message"), [
    ({"outcome": "", "reply": "Yes", "finding_version": "1"}, "Choose whether you accept the comment"),
    ({"outcome": "<script>", "reply": "Yes", "finding_version": "1"}, "Choose whether you accept the comment"),
    ({"outcome": "rejected", "reply": "", "finding_version": "1"}, "Enter your reply to the authority"),
    ({"outcome": "rejected", "reply": LONG_WORD, "finding_version": "1"}, "Your reply must be 3,000 characters or fewer"),
    ({"outcome": "rejected", "reply": "No\u202e", "finding_version": "1"}, "Your reply must not include hidden or control characters"),
    ({"outcome": "rejected", "reply": "No\x00", "finding_version": "1"}, "Your reply must not include hidden or control characters"),
    ({"outcome": "accepted", "reply": "Yes", "finding_version": "abc"}, "The finding has changed: open the comment again"),
    ({"outcome": "accepted", "reply": "Yes", "finding_version": "99999999999999999999999"}, "The finding has changed: open the comment again"),
    ({"outcome": "accepted", "reply": "Yes"}, "The finding has changed: open the comment again"),
])
def test_answer_hostile_input_refused(client, sign_in, submitted, comment, data, message):
    sign_in("lead_peer")

    response = client.post(_answer_url(comment), data)

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert FactualCheckComment.objects.get().outcome == ""


def test_lga_staff_accept_a_correction_and_the_finding_changes(client, sign_in, submitted, comment):
    sign_in("adviser")

    response = client.post(_answer_url(comment), {"outcome": "accepted", "reply": "Yes, corrected", "finding_version": "1"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.outcome, comment.finding.text) == (CommentOutcome.ACCEPTED, comment.proposed_text)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("lga_admin", "adviser", "lead_peer")])
def test_answer_post_without_permission_changes_nothing(client, sign_in, submitted, comment, role):
    sign_in(role)

    response = client.post(_answer_url(comment), {"outcome": "rejected", "reply": "No", "finding_version": "1"})

    assert (response.status_code, FactualCheckComment.objects.get().outcome) == (404, "")


def test_answered_comment_cannot_be_answered_again(client, sign_in, submitted, comment):
    sign_in("lead_peer")
    client.post(_answer_url(comment), {"outcome": "rejected", "reply": "No", "finding_version": "1"})

    assert client.get(_answer_url(comment)).status_code == 404


# The panel on the challenge page


def test_panel_for_lga_staff_shows_the_checks_state(client, sign_in, submitted, comment):
    sign_in("adviser")

    response = client.get(f"/challenges/{submitted.challenge.pk}/")

    assert element_text(response, "factual-check-summary") == (
        f"Sent to the authority {long_date(submitted.sent_at)} {submitted.sent_by.full_name} "
        f"Deadline {long_date(submitted.deadline)} "
        f"Submitted {long_date(submitted.submitted_at)} {submitted.submitted_by.full_name} Comments 1 comment, 0 answered"
    )
    assert f'href="/challenges/{submitted.challenge.pk}/factual-check/"' in page(response)


def test_panel_warns_of_an_overdue_check(client, sign_in, check):
    due = TODAY - datetime.timedelta(days=3)
    FactualCheck.objects.filter(pk=check.pk).update(deadline=due)
    sign_in("lead_peer")

    response = client.get(f"/challenges/{check.challenge.pk}/")

    assert element_text(response, "factual-check-overdue") == (
        f"! Warning The authority's factual accuracy check is overdue: it was due on {long_date(due)}"
    )


def test_panel_for_the_authority_links_to_the_draft_while_open(client, sign_in, check):
    sign_in("fra_contact")

    response = client.get(f"/challenges/{check.challenge.pk}/")

    assert element_text(response, "check-facts") == "Check the draft report's facts"
    assert "Findings" not in visible_text(response)


def test_panel_for_the_authority_after_submitting(client, sign_in, submitted):
    sign_in("fra_contact")

    text = visible_text(client.get(f"/challenges/{submitted.challenge.pk}/"))

    assert f"Your authority submitted its factual accuracy check on {long_date(submitted.submitted_at)}." in text
    assert "Check the draft report's facts" not in text


def test_panel_not_shown_to_other_team_members(client, sign_in, check):
    sign_in("team_peer")

    assert 'data-testid="factual-check-panel"' not in page(client.get(f"/challenges/{check.challenge.pk}/"))


def test_comment_once_the_report_is_published_with_the_check_open_refused(client, sign_in, check, findings):
    Challenge.objects.filter(pk=check.challenge_id).update(status=ChallengeStatus.PUBLISHED)
    sign_in("fra_contact")

    response = client.post(_comment_url(check, finding=findings["strength"].pk), {"comment": "Not so"})

    assert (response.status_code, error_summary(response)) == (
        200, ["The report is published, so its findings cannot change: a correction is a new version of the report."]
    )
    assert FactualCheckComment.objects.count() == 0


def test_draft_page_offers_no_comments_once_the_report_is_published_with_the_check_open(client, sign_in, check, findings):
    Challenge.objects.filter(pk=check.challenge_id).update(status=ChallengeStatus.PUBLISHED)
    sign_in("fra_contact")

    response = client.get(_url(check.challenge))

    assert response.status_code == 200
    assert "Comment on" not in page(response)
