"""The action plan's pages: who may see and change them, what they show, the CSV, marking the
plan final and the public page beside the report, and hostile input to every form."""

import datetime

import pytest
from django.utils import timezone

from challenges.choices import ActionStatus, ChallengeStatus, FindingKind, RecommendationPriority
from challenges.models import ActionPlan, PlannedAction, RecommendationResponse
from peersupport.tests.html import error_summary, inline_code, notifications, page, visible_text
from reports.choices import ReportStatus
from reports.tests.factories import FeedbackReportFactory

from .factories import ActionPlanFactory, FindingFactory, PlannedActionFactory, RecommendationResponseFactory

pytestmark = pytest.mark.integration

ROLES = [
    "lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "other_peer_user", "fra_contact", "other_fra_contact",
    "anonymous",
]
READERS = {"lga_admin", "adviser", "lead_peer", "team_peer", "fra_contact"}
ACTION_FORM = {
    "action": "Recruit two inspectors", "owner": "Head of protection", "milestone_0": "31", "milestone_1": "3",
    "milestone_2": "2026", "resources": "", "success_measure": "All high-risk premises inspected", "status": "on_track",
}


@pytest.fixture
def plan(challenge, fra_contact):
    """A published challenge with two recommendations; the first answered with one action."""
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    first = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Review **protection** capacity.",
                           position=1, priority=RecommendationPriority.HIGH)
    FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Publish the prevention strategy.", position=2)
    plan = ActionPlanFactory(challenge=challenge, started_by=fra_contact)
    response = RecommendationResponseFactory(plan=plan, recommendation=first, response="Accepted.")
    PlannedActionFactory(response=response, action="Recruit two inspectors")
    return plan


def _urls(plan):
    challenge = plan.challenge
    first, second = sorted(challenge.findings.all(), key=lambda finding: finding.position)
    action = PlannedAction.objects.get()
    base = f"/challenges/{challenge.pk}/action-plan/"
    return {
        "respond": f"{base}recommendations/{second.pk}/respond/",
        "add": f"{base}recommendations/{first.pk}/actions/add/",
        "change": f"{base}actions/{action.pk}/change/",
        "status": f"{base}actions/{action.pk}/status/",
        "remove": f"{base}actions/{action.pk}/remove/",
        "finalise": f"{base}final/",
    }


def _state():
    return (
        list(RecommendationResponse.objects.order_by("pk").values_list("response", flat=True)),
        list(PlannedAction.objects.order_by("pk").values_list("action", "owner", "status")),
        list(ActionPlan.objects.values_list("finalised_at", flat=True)),
    )


def _expected(role, allowed):
    if role == "anonymous":
        return 302
    return 200 if role in allowed else 404


@pytest.mark.parametrize("role", ROLES)
def test_plan_page_and_csv_seen_by_the_authority_lga_staff_overseeing_and_the_team(client, sign_in, plan, team_peer, role):
    sign_in(role)

    statuses = [client.get(f"/challenges/{plan.challenge_id}/action-plan/").status_code,
                client.get(f"/challenges/{plan.challenge_id}/action-plan.csv").status_code]

    assert statuses == [_expected(role, READERS)] * 2


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", ["respond", "add", "change", "status", "remove", "finalise"])
def test_plan_pages_only_for_the_authority(client, sign_in, plan, team_peer, role, page_name):
    url = _urls(plan)[page_name]
    before = _state()
    sign_in(role)

    got = client.get(url).status_code
    posted = client.post(url, {**ACTION_FORM, "response": "Changed", "status": "complete"}).status_code

    if role == "fra_contact":
        assert got == 200
    else:
        assert (got, posted) == (_expected(role, set()),) * 2
        assert _state() == before


def test_plan_page_before_publication_is_a_404(client, sign_in, challenge):
    sign_in("fra_contact")

    assert client.get(f"/challenges/{challenge.pk}/action-plan/").status_code == 404


def test_plan_page_shows_summary_recommendations_responses_and_actions(client, sign_in, plan):
    sign_in("fra_contact")

    response = client.get(f"/challenges/{plan.challenge_id}/action-plan/")

    text = visible_text(response)
    assert "Status Draft" in text
    assert "Status Actions Not started 1 On track 0 At risk 0 Complete 0" in text
    assert ("Recommendation 1 Change the response to recommendation 1 Add an action for recommendation 1 "
            "Recommendation Review protection capacity. Priority High Response Accepted.") in text
    assert "Recommendation 2 Respond to recommendation 2 Recommendation Publish the prevention strategy." in text
    assert "Response Not yet responded to No actions yet." in text
    assert '<div class="app-markdown"><p>Review <strong>protection</strong> capacity.</p>\n</div>' in page(response)
    assert inline_code(response) == []


def test_plan_page_links_name_their_action_for_screen_readers(client, sign_in, plan):
    # Found in the browser: every action's links read "Change the status", alike out of context.
    first = PlannedAction.objects.get().response
    PlannedActionFactory(response=first, action="Train the inspectors")
    sign_in("fra_contact")

    text = visible_text(client.get(f"/challenges/{plan.challenge_id}/action-plan/"))

    for number in (1, 2):
        assert (f"Change action {number} for recommendation 1 · Change the status of action {number} for recommendation 1 · "
                f"Remove action {number} for recommendation 1") in text


def test_plan_page_read_only_for_lga_staff(client, sign_in, plan):
    sign_in("adviser")

    content = page(client.get(f"/challenges/{plan.challenge_id}/action-plan/"))

    assert ("/respond/" in content, "/actions/add/" in content, "/final/" in content, "/status/" in content) == (False,) * 4


def test_plan_page_queries_do_not_grow_with_actions(client, sign_in, plan, django_assert_num_queries):
    sign_in("fra_contact")
    url = f"/challenges/{plan.challenge_id}/action-plan/"
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    response = RecommendationResponse.objects.get()
    for _ in range(5):
        PlannedActionFactory(response=response)
    second = plan.challenge.findings.get(position=2)
    PlannedActionFactory(response=RecommendationResponseFactory(plan=plan, recommendation=second))

    with django_assert_num_queries(10):
        client.get(url)


def test_csv_download_exact(client, sign_in, plan):
    sign_in("lead_peer")

    response = client.get(f"/challenges/{plan.challenge_id}/action-plan.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="avon-action-plan-{plan.challenge_id}.csv"'
    assert response.content.decode() == (
        "\ufeffRecommendation,Recommendation text,Priority,Response,Action,Owner,Milestone,Resources,How success is measured,Status\r\n"
        "1,Review protection capacity.,High,Accepted.,Recruit two inspectors,Head of protection,2026-03-31,,"
        "Inspections meet the risk-based programme,Not started\r\n"
        "2,Publish the prevention strategy.,Medium,,,,,,,\r\n"
    )


def test_respond_add_change_status_remove(client, sign_in, plan):
    urls = _urls(plan)
    sign_in("fra_contact")

    responses = [
        client.post(urls["respond"], {"response": "Accepted in part."}),
        client.post(urls["add"], ACTION_FORM),
        client.post(urls["change"], {**ACTION_FORM, "owner": "Area manager"}),
        client.post(urls["status"], {"status": "at_risk"}),
    ]

    assert [r.status_code for r in responses] == [302] * 4
    assert _state()[:2] == (
        ["Accepted.", "Accepted in part."],
        [("Recruit two inspectors", "Area manager", "at_risk"), ("Recruit two inspectors", "Head of protection", "on_track")],
    )
    followed = client.post(urls["remove"], follow=True)
    assert notifications(followed)[-1] == "Action removed"
    assert PlannedAction.objects.count() == 1


def test_finalise_lists_what_is_missing(client, sign_in, plan):
    sign_in("fra_contact")
    url = _urls(plan)["finalise"]

    shown = client.get(url)
    refused = client.post(url)

    assert "It still needs: Respond to recommendation 2" in visible_text(shown)
    assert error_summary(refused) == ["Respond to recommendation 2"]
    assert ActionPlan.objects.get().finalised_at is None


def test_finalise_publishes_beside_the_report_and_freezes_the_plan(client, sign_in, plan):
    urls = _urls(plan)
    second = plan.challenge.findings.get(position=2)
    PlannedActionFactory(response=RecommendationResponseFactory(plan=plan, recommendation=second))
    FeedbackReportFactory(challenge=plan.challenge, version=1, published=True,
                          file="reports/avon/x.pdf")
    public = f"/reports/challenge/{plan.challenge_id}/action-plan/"
    assert client.get(public).status_code == 404
    assert 'data-testid="action-plan-public-link"' not in page(client.get("/reports/"))
    sign_in("fra_contact")

    followed = client.post(urls["finalise"], follow=True)

    assert notifications(followed) == ["The action plan is final and published beside the report"]
    assert ActionPlan.objects.get().finalised_by.email == plan.started_by.email
    before = _state()
    again = client.post(urls["respond"], {"response": "Changed"}, follow=True)
    assert notifications(again) == ["The action plan is final: its responses and actions can no longer be changed"]
    assert client.post(urls["status"], {"status": "complete"}).status_code == 302
    assert _state()[0] == before[0]
    assert [status for _, _, status in _state()[1]] == ["complete", "not_started"]
    client.logout()
    shown = client.get(public)
    assert shown.status_code == 200
    assert "Action plan of Avon Fire Authority" in visible_text(shown)
    assert "Status Actions Not started 1 On track 0 At risk 0 Complete 1" in visible_text(shown)
    assert "/respond/" not in page(shown) and "/status/" not in page(shown)
    assert f'href="/reports/challenge/{plan.challenge_id}/action-plan/"' in page(client.get("/reports/"))


def test_public_page_404_without_a_published_report(client, plan):
    ActionPlan.objects.update(finalised_at=timezone.now(), finalised_by=plan.started_by)

    assert client.get(f"/reports/challenge/{plan.challenge_id}/action-plan/").status_code == 404


def test_challenge_panel_shows_the_plan_status(client, sign_in, plan):
    sign_in("fra_contact")

    text = visible_text(client.get(f"/challenges/{plan.challenge_id}/"))

    assert "Action plan Status Draft Responses 1 of 2 Actions 1 Record the action plan" in text


HOSTILE_TEXT = {
    "html": ("<b>bold</b><script>alert(1)</script>", None),
    "long word": ("x" * 5000, "must be"),
    "control": ("Agreed\x07", "must not include hidden or control characters"),
    "bidi": ("Agreed \u202eevil", "must not include hidden or control characters"),
    "nul": ("Agreed\x00", "must not include hidden or control characters"),
}


@pytest.mark.parametrize("case", HOSTILE_TEXT)
def test_respond_hostile_text(client, sign_in, plan, case):
    text, error = HOSTILE_TEXT[case]
    sign_in("fra_contact")

    response = client.post(_urls(plan)["respond"], {"response": text})

    if error is None:
        assert response.status_code == 302
        shown = page(client.get(f"/challenges/{plan.challenge_id}/action-plan/"))
        assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    else:
        assert response.status_code == 200
        assert len(error_summary(response)) == 1 and error in error_summary(response)[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"milestone_0": "31", "milestone_1": "2", "milestone_2": "2026"}, "The milestone date must be a real date"),
        ({"milestone_0": "1", "milestone_1": "1", "milestone_2": "0001"}, "The milestone date must be on or after 1 January 2009"),
        ({"milestone_2": "9999"}, "The milestone date must be on or before"),
        ({"milestone_0": "", "milestone_1": "", "milestone_2": ""}, "Enter the milestone date"),
        ({"owner": "Head\nof protection"}, "Owner must be on one line"),
        ({"owner": "x" * 5000}, "Owner must be 200 characters or fewer"),
        ({"action": "Do it\x00"}, "What will be done must not include hidden or control characters"),
        ({"success_measure": "\u202eevil"}, "How success is measured must not include hidden or control characters"),
        ({"status": "<script>"}, "Choose a status from the list"),
        ({"action": ""}, "Enter what will be done"),
    ],
)
def test_action_form_hostile_input(client, sign_in, plan, data, message):
    sign_in("fra_contact")
    before = _state()

    response = client.post(_urls(plan)["add"], {**ACTION_FORM, **data})

    assert response.status_code == 200
    assert len(error_summary(response)) == 1 and error_summary(response)[0].startswith(message)
    assert _state() == before


def test_status_form_hostile_input(client, sign_in, plan):
    sign_in("fra_contact")

    response = client.post(_urls(plan)["status"], {"status": "done\x00"})

    assert error_summary(response) == ["Choose a status from the list"]
    assert PlannedAction.objects.get().status == ActionStatus.NOT_STARTED
