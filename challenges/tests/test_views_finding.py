import datetime
import html
import re

import pytest
from django.utils import timezone

from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingKind, FindingState, RecommendationPriority
from challenges.models import Challenge, Finding, FindingTemplate
from challenges.services.finding import FROZEN, finding_edit
from peersupport.tests.html import (
    error_summary,
    error_summary_links,
    inline_code,
    notifications,
    page,
    section_text,
    visible_text,
)

from .factories import ChallengeFactory, FindingFactory

pytestmark = pytest.mark.integration

ROLES = [
    "lga_admin", "adviser", "other_adviser", "lead_peer", "challenge_manager", "team_peer", "other_peer_user",
    "fra_contact", "other_fra_contact",
]
SEE = {"lga_admin", "adviser", "lead_peer", "challenge_manager", "team_peer"}
WRITE = {"lead_peer", "challenge_manager"}
DRAFT = WRITE | {"team_peer"}
STAFF = {"lga_admin", "adviser", "other_adviser"}

HOSTILE_TEXTS = [
    pytest.param('<script>alert("boom")</script>', id="html-script"),
    pytest.param("\"><img src=x onerror=alert(1)>", id="html-attribute-breakout"),
    pytest.param("'; DROP TABLE challenges_finding; --", id="sql"),
    pytest.param("Zoë’s crews 🚒 — مرحبا — 消防", id="unicode"),
    pytest.param("{{ request.user.password }} {% debug %}", id="template-syntax"),
    pytest.param("[click](javascript:alert(1)) <iframe src=//evil></iframe>", id="javascript-link"),
]


def _url(challenge, suffix=""):
    return f"/challenges/{challenge.pk}/findings/{suffix}"


def _post_data(**overrides):
    return {"kind": FindingKind.STRENGTH, "area": FindingArea.PREVENTION, "text": "Prevention work is well targeted.", **overrides}


@pytest.fixture
def findings(challenge, lead_peer):
    """One finding of each kind, the recommendations in two areas."""
    def make(kind, area, text, **extras):
        return FindingFactory(challenge=challenge, kind=kind, area=area, text=text, recorded_by=lead_peer.user, **extras)

    return [
        make(FindingKind.STRENGTH, FindingArea.PREVENTION, "Visits are **well** targeted.\n\n- first\n- second"),
        make(FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the protection team.", priority=RecommendationPriority.HIGH),
        make(FindingKind.RECOMMENDATION, FindingArea.PREVENTION, "Share the risk model."),
        make(
            FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live.", title="Live on-call",
            why_it_matters="Neighbours send the nearest crew.", practice_contact="Sam Jones", shared_with_sector=True,
        ),
    ]


# Who may see and change what


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_findings_page_by_role(client, sign_in, challenge, team_peer, challenge_manager, role):
    sign_in(role)

    response = client.get(_url(challenge))

    if role == "anonymous":
        assert (response.status_code, response.url) == (302, f"/sign-in/?next={_url(challenge)}")
    else:
        assert response.status_code == (200 if role in SEE else 404)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_finding_create_by_role(client, sign_in, challenge, team_peer, challenge_manager, role, method):
    sign_in(role)

    response = getattr(client, method)(_url(challenge, "add/"), _post_data())

    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
    elif role in DRAFT:
        assert response.status_code == (302 if method == "post" else 200)
    else:
        assert response.status_code == 404
    created = Finding.objects.first()
    assert Finding.objects.count() == (1 if role in DRAFT and method == "post" else 0)
    if created:
        assert created.state == (FindingState.ACCEPTED if role in WRITE else FindingState.DRAFT)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("action", ["edit/", "delete/"])
def test_finding_edit_and_delete_by_role(client, sign_in, challenge, team_peer, challenge_manager, findings, role, action):
    sign_in(role)
    finding = findings[0]

    get = client.get(_url(challenge, f"{finding.pk}/{action}"))
    post = client.post(_url(challenge, f"{finding.pk}/{action}"), _post_data(text="Changed.", version=1))

    allowed = role in WRITE
    if role == "anonymous":
        assert (get.status_code, post.status_code) == (302, 302)
    else:
        assert (get.status_code, post.status_code) == ((200, 302) if allowed else (404, 404))
    finding_now = Finding.objects.filter(pk=finding.pk).first()
    if not allowed:
        assert (finding_now.text, finding_now.version) == (finding.text, 1)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("action", ["move/up/", "accept/", "reject/", "wording/"])
def test_finding_actions_by_role_change_nothing_without_permission(
    client, sign_in, challenge, team_peer, challenge_manager, findings, role, action
):
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    target = draft if action in ("accept/", "reject/") else findings[2]
    sign_in(role)

    response = client.post(_url(challenge, f"{target.pk}/{action}"), {"rejection_reason": "Not needed"})

    allowed = role in WRITE if action != "wording/" else role in {"lga_admin", "adviser"}
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
    else:
        assert response.status_code == (302 if allowed else 404)
    if not allowed:
        draft.refresh_from_db()
        assert draft.state == FindingState.DRAFT
        assert list(challenge.findings.filter(state="accepted").order_by("position").values_list("pk", flat=True)) == [f.pk for f in findings]
        assert FindingTemplate.objects.count() == 0


def test_finding_pages_of_another_challenge_are_not_found(client, sign_in, challenge, findings):
    other = ChallengeFactory()
    finding = FindingFactory(challenge=other)
    sign_in("lead_peer")

    assert client.get(_url(other)).status_code == 404
    assert client.get(f"/challenges/{challenge.pk}/findings/{finding.pk}/edit/").status_code == 404
    assert client.post(f"/challenges/{challenge.pk}/findings/{finding.pk}/move/up/").status_code == 404
    assert client.get("/challenges/99999999999999999999/findings/").status_code == 404


def test_finding_action_pages_answer_only_post(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    assert client.get(_url(challenge, f"{findings[2].pk}/move/up/")).status_code == 405


# The findings page


def test_findings_page_groups_by_area_in_report_order_with_counts(client, sign_in, challenge, findings):
    challenge.focus_areas = [FindingArea.PROTECTION]
    challenge.save()
    sign_in("adviser")

    response = client.get(_url(challenge))

    assert section_text(response, "report-findings") == (
        "In the report "
        "Protection Recommendation 1 High priority Review the protection team. Save to the library of wording recommendation 1 "
        "Prevention Strength Visits are well targeted. first second Save to the library of wording strength 1 in Prevention "
        "Recommendation 2 Medium priority Share the risk model. Save to the library of wording recommendation 2 "
        "Response Notable practice: Live on-call On-call availability is shared live. Why it is worth sharing "
        "Neighbours send the nearest crew. Contact Sam Jones Shared across the sector Yes "
        "Save to the library of wording notable practice 1 in Response"
    )
    text = visible_text(response)
    assert "1 strength 0 areas for consideration 2 recommendations 1 notable practice" in text
    assert re.findall(r'<h3 class="govuk-heading-m" id="area-(\w+)">', page(response)) == ["protection", "prevention", "response"]
    assert '<div class="app-markdown" data-testid="finding-text"><p>Visits are <strong>well</strong> targeted.</p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n</div>' in page(response)
    assert inline_code(response) == []


def test_findings_page_lead_gets_move_edit_delete_without_move_beyond_the_ends(client, sign_in, challenge, lead_peer, findings):
    extra = FindingFactory(challenge=challenge, area=FindingArea.PREVENTION, text="A second strength.", recorded_by=lead_peer.user)
    sign_in("lead_peer")

    response = client.get(_url(challenge))

    content = page(response)
    first, last = findings[0], extra
    assert f'action="/challenges/{challenge.pk}/findings/{first.pk}/move/up/"' not in content
    assert f'action="/challenges/{challenge.pk}/findings/{first.pk}/move/down/"' in content
    assert f'action="/challenges/{challenge.pk}/findings/{last.pk}/move/up/"' in content
    assert f'action="/challenges/{challenge.pk}/findings/{last.pk}/move/down/"' not in content
    # Alone in its area, a finding has nowhere to move.
    assert f"/findings/{findings[1].pk}/move/" not in content
    assert "Move down<span class=\"govuk-visually-hidden\"> strength 1 in Prevention</span>" in content
    assert "Move up<span class=\"govuk-visually-hidden\"> recommendation 3 in Prevention</span>" not in content
    assert f'href="/challenges/{challenge.pk}/findings/{first.pk}/edit/">Edit<span class="govuk-visually-hidden"> strength 1 in Prevention</span>' in content
    assert "Save to the library of wording" not in content


def test_findings_page_member_sees_own_drafts_and_the_report_read_only(client, sign_in, challenge, team_peer, lead_peer, findings):
    mine = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, text="My draft.", position=0)
    FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=lead_peer.user, text="Someone else's draft.", position=0)
    sign_in("team_peer")

    response = client.get(_url(challenge))

    assert section_text(response, "drafts") == (
        f"Your drafts waiting for the lead Strength My draft. Drafted by {team_peer.user.full_name} for Prevention "
        f"Edit strength drafted by {team_peer.user.full_name} Delete strength drafted by {team_peer.user.full_name}"
    )
    assert "Someone else" not in page(response)
    assert "/move/" not in page(response)
    assert f"/findings/{findings[0].pk}/edit/" not in page(response)
    assert f"/findings/{mine.pk}/edit/" in page(response)


def test_findings_page_lead_sees_drafts_waiting_with_accept_edit_reject(client, sign_in, challenge, team_peer, findings):
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, text="A draft.", position=0)
    sign_in("lead_peer")

    response = client.get(_url(challenge))

    name = team_peer.user.full_name
    assert section_text(response, "drafts") == (
        f"Drafts waiting for the lead Strength A draft. Drafted by {name} for Prevention "
        f"Accept strength drafted by {name} Edit strength drafted by {name} Reject strength drafted by {name}"
    )
    assert f'action="/challenges/{challenge.pk}/findings/{draft.pk}/accept/"' in page(response)


def test_findings_page_after_publication_frozen_without_controls(client, sign_in, challenge, team_peer, findings):
    FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    sign_in("lead_peer")

    response = client.get(_url(challenge))

    content = page(response)
    assert "The report is published, so its findings are frozen" in visible_text(response)
    for control in ("/move/", "/edit/", "/delete/", "/accept/", "/reject/", "/findings/add/"):
        assert control not in content


def test_findings_page_lga_staff_save_wording(client, sign_in, challenge, findings):
    sign_in("adviser")

    response = client.post(_url(challenge, f"{findings[1].pk}/wording/"))

    assert response.url == f"{_url(challenge)}#finding-{findings[1].pk}"
    assert notifications(client.get(response.url)) == ["Recommendation saved to the library of wording"]
    template = FindingTemplate.objects.get()
    assert (template.kind, template.area, template.text) == (FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the protection team.")


@pytest.mark.parametrize("count", [1, 20])
def test_findings_page_queries_do_not_grow_with_findings(client, sign_in, challenge, lead_peer, team_peer, django_assert_num_queries, count):
    for n in range(count):
        FindingFactory(challenge=challenge, kind=list(FindingKind)[n % 4], area=list(FindingArea)[n % 5], recorded_by=lead_peer.user)
        FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    sign_in("lead_peer")

    with django_assert_num_queries(10):
        response = client.get(_url(challenge))

    assert response.context["page"].total == count
    assert len(response.context["page"].drafts) == count


# Moving, accepting, rejecting, deleting


def test_finding_move_redirects_back_to_the_finding(client, sign_in, challenge, lead_peer, findings):
    second = FindingFactory(challenge=challenge, area=FindingArea.PREVENTION, text="Second.", recorded_by=lead_peer.user)
    sign_in("lead_peer")

    response = client.post(_url(challenge, f"{second.pk}/move/up/"))

    assert response.url == f"{_url(challenge)}#finding-{second.pk}"
    assert notifications(client.get(response.url)) == ["Strength moved up"]
    # A finding moves among those of its kind in its area: the report gives each kind together.
    strengths = challenge.findings.filter(area=FindingArea.PREVENTION, kind=FindingKind.STRENGTH)
    assert list(strengths.order_by("position")) == [second, findings[0]]


def test_finding_move_beyond_the_end_shows_the_refusal(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    response = client.post(_url(challenge, f"{findings[1].pk}/move/up/"), follow=True)

    assert notifications(response) == ["This finding is already first in its area"]


def test_finding_move_unknown_direction_not_found(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    assert client.post(_url(challenge, f"{findings[0].pk}/move/sideways/")).status_code == 404


def test_finding_accept_takes_the_draft_in(client, sign_in, challenge, team_peer, findings):
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    sign_in("lead_peer")

    response = client.post(_url(challenge, f"{draft.pk}/accept/"))

    draft.refresh_from_db()
    assert draft.state == FindingState.ACCEPTED
    assert notifications(client.get(response.url)) == [f"Draft by {team_peer.user.full_name} accepted into the report"]


def test_finding_reject_asks_why_on_its_own_page(client, sign_in, challenge, team_peer, findings):
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    sign_in("lead_peer")

    asked = client.get(_url(challenge, f"{draft.pk}/reject/"))
    empty = client.post(_url(challenge, f"{draft.pk}/reject/"), {"rejection_reason": " "})
    done = client.post(_url(challenge, f"{draft.pk}/reject/"), {"rejection_reason": "Repeats a strength"})

    assert f"Reject the draft by {team_peer.user.full_name}" in visible_text(asked)
    assert error_summary(empty) == ["Enter why the finding is rejected"]
    assert done.url == _url(challenge)
    draft.refresh_from_db()
    assert (draft.state, draft.rejection_reason) == (FindingState.REJECTED, "Repeats a strength")
    sign_in("team_peer")
    assert section_text(client.get(_url(challenge)), "rejected").endswith("Rejected: Repeats a strength")


def test_finding_delete_confirms_then_deletes(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    asked = client.get(_url(challenge, f"{findings[0].pk}/delete/"))
    done = client.post(_url(challenge, f"{findings[0].pk}/delete/"))

    assert "Delete this finding?" in visible_text(asked)
    assert "Visits are well targeted." in visible_text(asked)
    assert done.url == _url(challenge)
    assert notifications(client.get(done.url)) == ["Strength deleted"]
    assert not Finding.objects.filter(pk=findings[0].pk).exists()


def test_finding_delete_after_publication_refused_with_the_reason(client, sign_in, challenge, findings):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    sign_in("lead_peer")

    response = client.post(_url(challenge, f"{findings[0].pk}/delete/"))

    assert error_summary(response) == [FROZEN]
    assert Finding.objects.filter(pk=findings[0].pk).exists()


@pytest.mark.parametrize("action", ["add/", "{finding}/edit/", "{finding}/delete/", "{draft}/reject/", "add/?template={template}"])
def test_finding_forms_after_publication_go_back_to_the_frozen_findings(
    client, sign_in, challenge, team_peer, lga_admin, findings, action,
):
    # Found in the browser: the forms opened on a published report and refused only on saving.
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    template = FindingTemplate.objects.create(kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Kept.", saved_by=lga_admin)
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    sign_in("lead_peer")

    response = client.get(_url(challenge, action.format(finding=findings[0].pk, draft=draft.pk, template=template.pk)))

    assert response.status_code == 302
    assert response.url == _url(challenge)
    assert "The report is published, so its findings are frozen" in visible_text(client.get(response.url))


# Adding a finding


def test_finding_create_lead_saves_into_the_report(client, sign_in, challenge, lead_peer):
    sign_in("lead_peer")

    response = client.post(
        _url(challenge, "add/"),
        _post_data(kind=FindingKind.NOTABLE_PRACTICE, area=FindingArea.RESPONSE, text="On-call availability is shared live.",
                   title="Live on-call", why_it_matters="Saves minutes.", practice_contact="Sam Jones", shared_with_sector="on",
                   priority=RecommendationPriority.HIGH),
    )

    finding = Finding.objects.get()
    assert response.url == f"{_url(challenge)}#finding-{finding.pk}"
    assert notifications(client.get(response.url)) == ["Notable practice saved"]
    assert (finding.kind, finding.area, finding.text, finding.title, finding.why_it_matters, finding.practice_contact,
            finding.shared_with_sector, finding.priority, finding.state, finding.recorded_by) == (
        FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live.", "Live on-call", "Saves minutes.",
        "Sam Jones", True, "", FindingState.ACCEPTED, lead_peer.user,
    )


def test_finding_create_member_saves_a_draft(client, sign_in, challenge, team_peer):
    sign_in("team_peer")

    response = client.post(_url(challenge, "add/"), _post_data())

    assert notifications(client.get(response.url)) == ["Strength saved as a draft for the lead peer to accept"]
    assert Finding.objects.get().state == FindingState.DRAFT


def test_finding_create_form_explains_markdown_and_offers_the_library(client, sign_in, challenge):
    sign_in("lead_peer")

    response = client.get(_url(challenge, "add/"))

    text = visible_text(response)
    assert "Leave a blank line between paragraphs, start each item of a list with “- ”, put **two stars** around words in bold" in text
    assert "Only for a recommendation" in text and "Only for notable practice" in text
    assert f'href="/challenges/wording/?challenge={challenge.pk}"' in page(response)
    areas = re.findall(r'<option value="(\w*)"', page(response))
    assert "call_management" not in areas and "authority_priority" in areas


def test_finding_create_empty_form_shows_error_summary(client, sign_in, challenge):
    sign_in("lead_peer")

    response = client.post(_url(challenge, "add/"), {})

    assert error_summary_links(response) == [
        ("id_kind", "Choose the kind of finding"),
        ("id_area", "Choose the area the finding is about"),
        ("id_text", "Enter the finding"),
    ]


def test_finding_create_recommendation_needs_a_priority_and_practice_a_title(client, sign_in, challenge):
    sign_in("lead_peer")

    recommendation = client.post(_url(challenge, "add/"), _post_data(kind=FindingKind.RECOMMENDATION))
    practice = client.post(_url(challenge, "add/"), _post_data(kind=FindingKind.NOTABLE_PRACTICE))

    assert error_summary_links(recommendation) == [("id_priority", "Choose the recommendation's priority")]
    assert error_summary_links(practice) == [("id_title", "Enter a title for the notable practice")]
    assert Finding.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x" * 5001}, "The finding must be 5,000 characters or fewer"),
        ({"text": "<b>" * 100_000}, "The finding must be 5,000 characters or fewer"),
        ({"text": "Good\x00work"}, "Finding must not include null characters"),
        ({"text": "Crews are \u202elive\u202c and well"}, "Finding must not include hidden or control characters"),
        ({"text": "Good\u2066work"}, "Finding must not include hidden or control characters"),
        ({"text": "Good\x1bwork"}, "Finding must not include hidden or control characters"),
        ({"kind": "grade"}, "Choose a kind of finding from the list"),
        ({"kind": "<script>alert(1)</script>"}, "Choose a kind of finding from the list"),
        ({"area": "prevention' OR '1'='1"}, "Choose an area from the list"),
        ({"area": FindingArea.CALL_MANAGEMENT}, "Choose an area from the list"),
        ({"priority": "urgent"}, "Choose a priority from the list"),
        ({"title": "Two\nlines"}, "Title (notable practice only) must be on one line"),
        ({"title": "t" * 201}, "Title (notable practice only) must be 200 characters or fewer"),
        ({"why_it_matters": "w" * 3001}, "Why it is worth sharing must be 3,000 characters or fewer"),
        ({"practice_contact": "Sam\u202eJones"}, "Contact for the practice (notable practice only) must not include hidden or control characters"),
    ],
)
def test_finding_create_hostile_input_shows_errors_never_a_server_error(client, sign_in, challenge, data, message):
    sign_in("lead_peer")

    response = client.post(_url(challenge, "add/"), _post_data(**data))

    assert (response.status_code, error_summary(response)) == (200, [message])
    assert "<script>alert(1)</script>" not in page(response)
    assert "<b><b>" not in page(response)
    assert Finding.objects.count() == 0


def test_finding_create_keeps_line_breaks_and_tabs(client, sign_in, challenge):
    sign_in("lead_peer")

    client.post(_url(challenge, "add/"), _post_data(text="First line\r\n\tsecond line"))

    assert Finding.objects.get().text == "First line\r\n\tsecond line"


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_finding_create_hostile_text_stored_as_typed_and_escaped_on_the_page(client, sign_in, challenge, text):
    sign_in("lead_peer")

    response = client.post(_url(challenge, "add/"), _post_data(kind=FindingKind.AREA_FOR_CONSIDERATION, area=FindingArea.GOVERNANCE, text=text))

    assert response.status_code == 302
    assert Finding.objects.get().text == text
    shown = client.get(_url(challenge))
    assert shown.status_code == 200
    content = page(shown)
    for markup in ("<script>alert", "<img src=x", "<iframe", 'href="javascript:'):
        assert markup not in content


# Editing, with two people at once


def test_finding_update_form_carries_the_version(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    response = client.get(_url(challenge, f"{findings[1].pk}/edit/"))

    assert '<input type="hidden" name="version" value="1"' in page(response)
    assert "Start from the library of wording" not in visible_text(response)


def test_finding_update_saves(client, sign_in, challenge, findings):
    sign_in("lead_peer")

    response = client.post(
        _url(challenge, f"{findings[1].pk}/edit/"),
        _post_data(kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION, text="Review it.", priority="low", version=1),
    )

    assert response.url == f"{_url(challenge)}#finding-{findings[1].pk}"
    findings[1].refresh_from_db()
    assert (findings[1].text, findings[1].priority, findings[1].version) == ("Review it.", "low", 2)


def test_finding_update_second_save_shows_the_other_persons_text_and_keeps_yours(client, sign_in, challenge, lead_peer, challenge_manager, findings):
    finding = findings[1]
    sign_in("challenge_manager")
    client.get(_url(challenge, f"{finding.pk}/edit/"))  # the manager opens version 1
    finding_edit(by=lead_peer.user, finding=finding, version=1, text="The lead's **new** words.")

    response = client.post(
        _url(challenge, f"{finding.pk}/edit/"),
        _post_data(kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION, text="The manager's words.", priority="high", version=1),
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        f"{lead_peer.user.full_name} changed this finding while you were editing it. Your changes have not been saved: "
        "compare them with the finding as it is now, then save again."
    ]
    assert '<div class="app-markdown" data-testid="conflict-text"><p>The lead\'s <strong>new</strong> words.</p>\n</div>' in page(response)
    assert "The manager&#x27;s words.</textarea>" in page(response)
    assert '<input type="hidden" name="version" value="2"' in page(response)
    finding.refresh_from_db()
    assert finding.text == "The lead's **new** words."

    again = client.post(
        _url(challenge, f"{finding.pk}/edit/"),
        _post_data(kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION, text="The manager's words.", priority="high", version=2),
    )
    assert again.status_code == 302
    finding.refresh_from_db()
    assert (finding.text, finding.version) == ("The manager's words.", 3)


@pytest.mark.parametrize("version", ["", "abc", "0", "99999999999999999999", "1\x00"])
def test_finding_update_hostile_version_shows_error(client, sign_in, challenge, findings, version):
    sign_in("lead_peer")

    response = client.post(_url(challenge, f"{findings[0].pk}/edit/"), _post_data(version=version))

    assert response.status_code == 200
    assert len(error_summary(response)) == 1
    findings[0].refresh_from_db()
    assert findings[0].version == 1


def test_finding_update_keeps_a_legacy_area(client, sign_in, challenge, lead_peer):
    finding = FindingFactory(challenge=challenge, area=FindingArea.CALL_MANAGEMENT, recorded_by=lead_peer.user)
    sign_in("lead_peer")

    shown = client.get(_url(challenge, f"{finding.pk}/edit/"))
    saved = client.post(_url(challenge, f"{finding.pk}/edit/"), _post_data(area=FindingArea.CALL_MANAGEMENT, text="Kept.", version=1))

    assert '<option value="call_management" selected>Call management and incident support</option>' in page(shown)
    assert saved.status_code == 302
    finding.refresh_from_db()
    assert (finding.area, finding.text) == (FindingArea.CALL_MANAGEMENT, "Kept.")


def test_finding_update_member_edits_own_draft_not_once_taken(client, sign_in, challenge, team_peer):
    draft = FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    sign_in("team_peer")

    assert client.post(_url(challenge, f"{draft.pk}/edit/"), _post_data(text="Mine.", version=1)).status_code == 302
    Finding.objects.filter(pk=draft.pk).update(state=FindingState.ACCEPTED)
    assert client.get(_url(challenge, f"{draft.pk}/edit/")).status_code == 404


# Starting from the library of wording


def test_finding_create_from_wording_prefills_and_counts_its_use(client, sign_in, challenge, lga_admin):
    template = FindingTemplate.objects.create(kind=FindingKind.AREA_FOR_CONSIDERATION, area=FindingArea.PROTECTION, text="Consider **this**.", saved_by=lga_admin)
    sign_in("team_peer")

    shown = client.get(_url(challenge, f"add/?template={template.pk}"))
    saved = client.post(_url(challenge, f"add/?template={template.pk}"), _post_data(kind=template.kind, area=template.area, text="Consider this, adapted."))

    checked = re.findall(r'name="kind"[^>]*value="(\w+)"\s*checked', page(shown))
    assert checked == ["area_for_consideration"]
    assert '<option value="protection" selected>' in page(shown)
    assert "Consider **this**.</textarea>" in page(shown)
    assert saved.status_code == 302
    assert Finding.objects.get().template == template
    library = client.get("/challenges/wording/")
    assert "Used once" in visible_text(library)


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "99999999999999999999999", "1 OR 1=1"])
def test_finding_create_unknown_wording_not_found(client, sign_in, challenge, value):
    sign_in("lead_peer")

    assert client.get(_url(challenge, f"add/?template={value}")).status_code == 404
    assert client.post(_url(challenge, f"add/?template={value}"), _post_data()).status_code == 404
    assert Finding.objects.count() == 0


# The library of wording


@pytest.fixture
def library(lga_admin, challenge, lead_peer):
    entries = [
        FindingTemplate.objects.create(kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="Visits are well **targeted**.", saved_by=lga_admin),
        FindingTemplate.objects.create(kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION, text="Review the inspection programme.", saved_by=lga_admin),
        FindingTemplate.objects.create(kind=FindingKind.RECOMMENDATION, area=FindingArea.PREVENTION, text="Review the targeting of visits.", saved_by=lga_admin),
    ]
    for _ in range(3):
        FindingFactory(challenge=challenge, template=entries[1], recorded_by=lead_peer.user)
    return entries


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_wording_library_by_role(client, sign_in, challenge, library, role):
    sign_in(role)

    response = client.get("/challenges/wording/")

    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (404 if "fra_contact" in role else 200)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_wording_delete_by_role(client, sign_in, challenge, library, role, method):
    sign_in(role)

    response = getattr(client, method)(f"/challenges/wording/{library[0].pk}/delete/")

    allowed = role in STAFF
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith("/sign-in/")
    else:
        assert response.status_code == ((302 if method == "post" else 200) if allowed else 404)
    assert FindingTemplate.objects.count() == (2 if allowed and method == "post" else 3)


def test_wording_library_shows_usage_and_searches(client, sign_in, library):
    sign_in("lead_peer")

    everything = client.get("/challenges/wording/")
    words = client.get("/challenges/wording/?q=review+VISITS")
    kind = client.get("/challenges/wording/?kind=recommendation&area=protection")

    assert visible_text(everything).count("Not used yet") == 2
    assert "Used 3 times" in visible_text(everything)
    assert '<div class="app-markdown"><p>Visits are well <strong>targeted</strong>.</p>\n</div>' in page(everything)
    assert [e.pk for e in words.context["entries"]] == [library[2].pk]
    assert [e.pk for e in kind.context["entries"]] == [library[1].pk]
    assert "Take out of the library" not in visible_text(everything)
    assert "Use this wording" not in visible_text(everything)


def test_wording_library_from_a_challenge_offers_use_this_wording(client, sign_in, challenge, library):
    sign_in("team_peer")

    response = client.get(f"/challenges/wording/?challenge={challenge.pk}&kind=strength")

    assert f'href="/challenges/{challenge.pk}/findings/add/?template={library[0].pk}"' in page(response)
    assert f'<input type="hidden" name="challenge" value="{challenge.pk}"' in page(response)


def test_wording_library_from_a_challenge_not_the_users_offers_nothing(client, sign_in, library):
    other = ChallengeFactory()
    sign_in("lead_peer")

    response = client.get(f"/challenges/wording/?challenge={other.pk}")

    assert response.status_code == 200
    assert "Use this wording" not in visible_text(response)


def test_wording_library_from_a_published_challenge_offers_nothing(client, sign_in, challenge, library):
    # Found in the browser: "Use this wording" led to a form whose save the frozen findings refused.
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    sign_in("lead_peer")

    response = client.get(f"/challenges/wording/?challenge={challenge.pk}")

    assert response.status_code == 200
    assert "Use this wording" not in visible_text(response)
    assert "/findings/add/" not in page(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("kind=grade", "Choose a kind from the list"),
        ("area=%3Cscript%3E", "Choose an area from the list"),
        ("q=" + "x" * 201, "Words must be 200 characters or fewer"),
        ("q=a%00b", "Words must not include null characters"),
    ],
)
def test_wording_library_hostile_search_shows_errors(client, sign_in, library, query, message):
    sign_in("lga_admin")

    response = client.get(f"/challenges/wording/?{query}")

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert "<script>" not in page(response)


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1%00", "%3Cscript%3E"])
def test_wording_library_implausible_challenge_ignored(client, sign_in, library, value):
    sign_in("lead_peer")

    response = client.get(f"/challenges/wording/?challenge={value}")

    assert (response.status_code, error_summary(response), len(response.context["entries"])) == (200, [], 3)
    assert "Use this wording" not in visible_text(response)


def test_wording_library_paginates(client, sign_in, lga_admin):
    FindingTemplate.objects.bulk_create(
        FindingTemplate(kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=f"Entry {n}.", saved_by=lga_admin) for n in range(25)
    )
    sign_in("lga_admin")

    first = client.get("/challenges/wording/?kind=strength")
    second = client.get("/challenges/wording/?kind=strength&page=2")

    assert (len(first.context["entries"]), len(second.context["entries"])) == (20, 5)
    assert 'href="?kind=strength&amp;page=2"' in page(first)
    assert "25 entries" in visible_text(first)


def test_wording_delete_takes_the_entry_out(client, sign_in, library):
    sign_in("adviser")

    response = client.post(f"/challenges/wording/{library[1].pk}/delete/")

    assert response.url == "/challenges/wording/"
    assert notifications(client.get(response.url)) == ["Wording taken out of the library"]
    assert Finding.objects.filter(template=None).count() == 3


# The challenge page's summary


def test_challenge_page_summarises_findings_and_links_to_the_page(client, sign_in, challenge, team_peer, findings):
    FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user, position=0)
    sign_in("adviser")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert section_text(response, "findings") == (
        "1 strength 0 areas for consideration 2 recommendations 1 notable practice 1 draft waiting for the lead See the findings"
    )
    assert f'href="/challenges/{challenge.pk}/findings/"' in page(response)


def test_challenge_page_hides_findings_from_the_authority(client, sign_in, challenge, findings):
    sign_in("fra_contact")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert 'data-testid="findings"' not in page(response)
    assert html.escape("Review the protection team.") not in page(response)


def test_findings_page_headings_go_down_one_level_at_a_time(client, sign_in, challenge, team_peer, findings):
    FindingFactory(
        challenge=challenge, kind=FindingKind.NOTABLE_PRACTICE, state=FindingState.DRAFT, recorded_by=team_peer.user,
        title="Drafted practice", position=0,
    )
    sign_in("lead_peer")

    html = page(client.get(_url(challenge)))

    levels = [int(level) for level in re.findall(r"<h([1-6])", html)]
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    assert '<h3 class="govuk-heading-s govuk-!-margin-bottom-2">Notable practice: Drafted practice</h3>' in html


def test_finding_form_offers_the_challenges_focus_areas_first(client, sign_in, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(focus_areas=["protection", "leadership"])
    sign_in("lead_peer")

    options = re.findall(r'<option value="([a-z_]*)"[^>]*>([^<]*)</option>', page(client.get(_url(challenge, "add/"))))

    assert options[:4] == [
        ("", "Choose an area"), ("protection", "Protection (a focus area)"), ("leadership", "Leadership (a focus area)"),
        ("community_risk_management", "Community risk management"),
    ]
    assert [value for value, _ in options].count("protection") == 1


def test_findings_page_marks_a_finding_the_factual_check_corrected(client, sign_in, challenge, findings, fra_contact):
    from .factories import FactualCheckCommentFactory, FactualCheckFactory

    check = FactualCheckFactory(challenge=challenge)
    FactualCheckCommentFactory(
        factual_check=check, finding=findings[1], written_by=fra_contact, proposed_text="Review the protection team's size.",
        outcome=CommentOutcome.ACCEPTED, reply="Agreed", answered_by=fra_contact, answered_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    FactualCheckCommentFactory(factual_check=check, finding=findings[2], written_by=fra_contact, proposed_text="Not so.")
    sign_in("lead_peer")

    response = client.get(_url(challenge))

    assert page(response).count("Corrected after the factual accuracy check") == 1
    corrected = re.search(rf'id="finding-{findings[1].pk}".*?</div>', page(response), re.S).group(0)
    assert "Corrected after the factual accuracy check" in corrected
