import pytest
from django.utils import timezone

from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import FindingArea, FindingKind, TeamRole
from challenges.models import Challenge, Finding, TeamMembership
from peersupport.tests.html import error_summary, page, visible_text
from reports.tests.factories import FeedbackReportFactory

from .factories import (
    ActionPlanFactory,
    ChallengeFactory,
    EvaluationFactory,
    FactualCheckCommentFactory,
    FactualCheckFactory,
    FindingFactory,
    PlannedActionFactory,
    ProgressReviewFactory,
    RecommendationResponseFactory,
    TeamMembershipFactory,
)

pytestmark = pytest.mark.integration

ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "challenge_manager", "team_peer", "other_peer_user", "fra_contact"]


# Who may open each page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 200),
        ("lead_peer", 200),
        ("challenge_manager", 200),
        ("team_peer", 200),
        ("other_peer_user", 200),
        ("fra_contact", 404),
    ],
)
def test_challenge_list_by_role(client, sign_in, challenge, role, status):
    sign_in(role)

    assert client.get("/challenges/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 404),
        ("lead_peer", 200),
        ("challenge_manager", 200),
        ("team_peer", 200),
        ("other_peer_user", 404),
        ("fra_contact", 200),
    ],
)
def test_challenge_detail_by_role(client, sign_in, challenge, role, status):
    sign_in(role)

    assert client.get(f"/challenges/{challenge.pk}/").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("lga_admin", 200),
        ("adviser", 200),
        ("other_adviser", 404),
        ("lead_peer", 404),
        ("challenge_manager", 404),
        ("team_peer", 404),
        ("other_peer_user", 404),
        ("fra_contact", 404),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_team_member_add_by_role(client, sign_in, challenge, role, status, method):
    sign_in(role)
    peer = PeerFactory()

    response = getattr(client, method)(f"/challenges/{challenge.pk}/team/add/", {"peer": peer.pk, "role": TeamRole.OFFICER_PEER})

    expected = 302 if (method, status) == ("post", 200) else status
    assert response.status_code == expected
    assert challenge.team.filter(peer=peer).count() == (1 if expected == 302 else 0)


@pytest.mark.parametrize(
    "path",
    [
        "/challenges/", "/challenges/book/", "/challenges/ask/", "/challenges/{pk}/", "/challenges/{pk}/history/",
        "/challenges/{pk}/scope/", "/challenges/{pk}/reschedule/", "/challenges/{pk}/status/on_site/",
        "/challenges/{pk}/team/add/", "/challenges/{pk}/findings/add/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_challenge_page_anonymous_redirected_to_sign_in(client, challenge, path, method):
    path = path.format(pk=challenge.pk)

    response = getattr(client, method)(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    assert (Challenge.objects.count(), TeamMembership.objects.count(), Finding.objects.count()) == (1, 1, 0)


def test_challenge_detail_unknown_and_overflowing_ids_not_found(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/challenges/999999/").status_code == 404
    assert client.get("/challenges/99999999999999999999999999/").status_code == 404
    assert client.get("/challenges/99999999999999999999999999/findings/add/").status_code == 404


# The challenge list


def test_challenge_list_shows_what_each_role_may_see(client, sign_in, challenge):
    ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    ChallengeFactory(authority=Authority.objects.get(slug="cornwall"))
    rows = {}
    for role in ["lga_admin", "adviser", "other_adviser", "lead_peer", "other_peer_user"]:
        sign_in(role)
        rows[role] = sorted(row["authority"] for row in client.get("/challenges/").context["rows"])

    assert rows == {
        "lga_admin": ["Avon", "Cornwall", "Kent"],
        "adviser": ["Avon", "Cornwall"],
        "other_adviser": [],
        "lead_peer": ["Avon"],
        "other_peer_user": [],
    }


def test_challenge_list_row_reads_right(client, sign_in, challenge):
    sign_in("adviser")

    response = client.get("/challenges/")

    assert "Challenges in South West" in visible_text(response)
    assert f'<a class="govuk-link" href="/challenges/{challenge.pk}/">Avon</a>' in page(response)
    assert "Avon Operational Assessment and fire peer challenge 8 Mar 2027 to 11 Mar 2027 Confirmed The team goes on site" in visible_text(response)


def test_challenge_list_book_button_only_for_those_who_can_book(client, sign_in, challenge):
    sign_in("adviser")
    adviser_page = page(client.get("/challenges/"))
    sign_in("lead_peer")
    peer_page = page(client.get("/challenges/"))

    assert 'href="/challenges/book/"' in adviser_page
    assert 'href="/challenges/book/"' not in peer_page
    assert "Challenges you are on" in peer_page


def test_challenge_list_empty_says_so(client, sign_in):
    sign_in("other_adviser")

    assert "0 challenges No challenges match the filters." in visible_text(client.get("/challenges/"))


def test_challenge_list_queries_do_not_grow_with_challenges(client, sign_in, django_assert_num_queries):
    """The session and user, the counts per status (which give the paginator its count), the
    page of rows, and the filter form's two lists of choices (kept in the cache outside
    tests), with the savepoint of the request's transaction around the view."""
    sign_in("lga_admin")
    ChallengeFactory()
    with django_assert_num_queries(8):
        one = client.get("/challenges/")

    ChallengeFactory.create_batch(9, authority=Authority.objects.get(slug="kent"))
    with django_assert_num_queries(8):
        ten = client.get("/challenges/")

    assert (len(one.context["rows"]), len(ten.context["rows"])) == (1, 10)


def test_challenge_list_for_a_peer_queries_do_not_grow_with_challenges(client, sign_in, lead_peer, django_assert_num_queries):
    sign_in("lead_peer")
    TeamMembershipFactory(peer=lead_peer)
    with django_assert_num_queries(9):
        one = client.get("/challenges/")

    for _ in range(9):
        TeamMembershipFactory(peer=lead_peer)
    with django_assert_num_queries(9):
        ten = client.get("/challenges/")

    assert (len(one.context["rows"]), len(ten.context["rows"])) == (1, 10)


# The challenge page


def test_challenge_detail_shows_team_and_findings(client, sign_in, challenge, lead_peer):
    TeamMembershipFactory(challenge=challenge, peer=PeerFactory(full_name="Cllr Claire Hughes", home_authority=Authority.objects.get(slug="lancashire")))
    FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION, text="Review the protection team's capacity.\nThen report back.")
    sign_in("adviser")

    response = client.get(f"/challenges/{challenge.pk}/")

    text = visible_text(response)
    assert "Operational Assessment and fire peer challenge Avon Fire Authority" in text
    assert "On site 8 March 2027 to 11 March 2027" in text
    assert f"{lead_peer.full_name} Lead peer Kent" in text
    assert "Cllr Claire Hughes Officer peer Lancashire" in text
    assert "Findings 0 strengths 0 areas for consideration 1 recommendation 0 notable practice See the findings" in text
    assert "No report has been asked for yet." in text


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("lga_admin", ["Add a peer to the team"]),
        ("adviser", ["Add a peer to the team"]),
        ("lead_peer", ["Add a finding", "Ask for the feedback report"]),
        ("challenge_manager", ["Add a finding", "Ask for the feedback report"]),
        ("team_peer", []),
    ],
)
def test_challenge_detail_offers_only_the_actions_the_user_may_take(client, sign_in, challenge, role, buttons):
    sign_in(role)

    text = visible_text(client.get(f"/challenges/{challenge.pk}/"))

    offered = [b for b in ["Add a peer to the team", "Add a finding", "Ask for the feedback report"] if b in text]
    assert offered == buttons


def test_challenge_detail_queries_do_not_grow_with_findings(client, sign_in, challenge, django_assert_num_queries):
    sign_in("lead_peer")
    FindingFactory(challenge=challenge)
    with django_assert_num_queries(13):
        one = client.get(f"/challenges/{challenge.pk}/")

    FindingFactory.create_batch(9, challenge=challenge)
    with django_assert_num_queries(13):
        ten = client.get(f"/challenges/{challenge.pk}/")

    assert ("1 strength " in visible_text(one), "10 strengths " in visible_text(ten)) == (True, True)


def test_challenge_detail_queries_do_not_grow_with_team_and_report_versions(
    client, sign_in, challenge, media_root, django_assert_num_queries
):
    sign_in("adviser")
    FeedbackReportFactory(challenge=challenge, ready=True)
    with django_assert_num_queries(9):
        client.get(f"/challenges/{challenge.pk}/")

    TeamMembershipFactory.create_batch(8, challenge=challenge)
    FeedbackReportFactory.create_batch(9, challenge=challenge, ready=True)
    with django_assert_num_queries(9):
        response = client.get(f"/challenges/{challenge.pk}/")

    assert (len(response.context["team"]), len(response.context["reports"])) == (9, 10)


def _more_follow_up(challenge, count):
    """`count` more of everything the page's follow-up panels count: findings of each kind and
    drafts, comments on the factual accuracy check, responses with actions, and evaluations."""
    check, plan = challenge.factual_checks.get(), challenge.action_plan
    for kind in FindingKind:
        FindingFactory.create_batch(count, challenge=challenge, kind=kind)
    FindingFactory.create_batch(count, challenge=challenge, state="draft")
    FactualCheckCommentFactory.create_batch(count, factual_check=check, area=FindingArea.PREVENTION)
    PlannedActionFactory.create_batch(count, response=RecommendationResponseFactory(plan=plan))
    EvaluationFactory.create_batch(count, challenge=challenge, answered=True)


@pytest.mark.parametrize(
    ("role", "queries", "shown"),
    [
        ("lga_admin", 9, "Invited 10 Answered 10"),
        ("adviser", 9, "10 comments, 0 answered"),
        ("lead_peer", 13, "10 strengths 10 areas for consideration 12 recommendations 10 notable practice 10 drafts"),
        ("fra_contact", 10, "Action plan Status Final"),
    ],
)
def test_challenge_detail_queries_do_not_grow_with_its_follow_up(
    client, sign_in, challenge, fra_contact, django_assert_num_queries, role, queries, shown
):
    """A published challenge with all its follow-up (findings, a submitted factual accuracy
    check, a final action plan, a scheduled progress review, evaluations): the panels read it
    all in one query (challenges/selectors/follow_up.py), however much there is."""
    challenge.status = "published"
    challenge.save()
    FactualCheckFactory(challenge=challenge, submitted_at=timezone.now(), submitted_by=fra_contact)
    ActionPlanFactory(challenge=challenge, finalised_at=timezone.now(), finalised_by=fra_contact)
    ProgressReviewFactory(challenge=challenge)
    _more_follow_up(challenge, 1)
    sign_in(role)
    with django_assert_num_queries(queries):
        one = client.get(f"/challenges/{challenge.pk}/")

    _more_follow_up(challenge, 9)
    with django_assert_num_queries(queries):
        ten = client.get(f"/challenges/{challenge.pk}/")

    assert (shown in visible_text(one), shown in visible_text(ten)) == (role == "fra_contact", True)


# Adding to the team


def test_team_member_add_second_lead_shows_error(client, sign_in, challenge):
    sign_in("adviser")
    peer = PeerFactory(can_lead=True)

    response = client.post(f"/challenges/{challenge.pk}/team/add/", {"peer": peer.pk, "role": TeamRole.LEAD_PEER})

    assert error_summary(response) == ["This team already has a lead peer"]
