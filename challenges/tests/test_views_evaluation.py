"""The evaluation's pages (challenges/views/evaluation.py): answering from the email's link
without signing in, the answers for the LGA staff who oversee the challenge with "Send
again", the panel on the challenge's page, and the yearly summary with its CSV."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from authorities.choices import ContactRole
from authorities.models import Authority
from authorities.tests.factories import AuthorityContactFactory
from challenges.choices import ChallengeStatus, EvaluationRole
from challenges.models import Evaluation
from challenges.services.evaluation import evaluation_answer, evaluations_invite
from peersupport.formats import date_range, long_date, short_date
from peersupport.models import OutboxEmail
from peersupport.tests.html import error_summary, inline_code, main_text, notifications, page

from .factories import ChallengeFactory, EvaluationFactory
from .test_views_team import element_text

pytestmark = pytest.mark.integration

VALID = {"preparation_rating": "5", "team_rating": "4", "feedback_rating": "3", "report_rating": "2", "comments": "Well run."}


@pytest.fixture
def published(challenge, adviser, lead_peer, team_peer):
    """The challenge's report is published: its chief fire officer (no chair on record), the
    lead peer and the officer peer were asked."""
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.principal_adviser = adviser
    challenge.save()
    AuthorityContactFactory(authority=challenge.authority, role=ContactRole.CHIEF_FIRE_OFFICER, name="Frank Ofori", email="cfo@avon.example")
    lead_peer.full_name, team_peer.full_name = "Alice Ashworth", "Bob Brennan"
    lead_peer.save()
    team_peer.save()
    evaluations_invite(challenge=challenge)
    OutboxEmail.objects.all().delete()
    return challenge


@pytest.fixture
def cfo(published):
    return published.evaluations.get(role=EvaluationRole.CHIEF_FIRE_OFFICER)


def answer_url(evaluation) -> str:
    return f"/challenges/evaluation/{evaluation.token}/"


def results_url(challenge) -> str:
    return f"/challenges/{challenge.pk}/evaluation/"


# Answering from the email's link


def test_answer_page_shows_the_challenge_and_the_questions_without_signing_in(client, cfo):
    response = client.get(answer_url(cfo))

    assert response.status_code == 200
    assert main_text(response).startswith(
        "Evaluation of a peer challenge Avon Fire Authority "
        "Authority Avon Fire Authority Type of challenge Operational Assessment and fire peer challenge "
        f"On site {date_range(cfo.challenge.start_date, cfo.challenge.end_date)} You were asked as Chief fire officer "
        "Frank Ofori, please tell us how the challenge went: rate each question from 1 (very poor) to 5 (excellent). "
        "You can answer once, and only LGA staff see your answer. "
        "How well was the challenge prepared? 5 – excellent 4 – good 3 – fair 2 – poor 1 – very poor "
        "How good was the peer team? 5 – excellent"
    )
    assert page(response).count('type="radio"') == 20
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert inline_code(response) == []


def test_answering_records_it_once(client, cfo):
    response = client.post(answer_url(cfo), VALID)

    assert (response.status_code, response.url) == (302, answer_url(cfo))
    cfo.refresh_from_db()
    assert (cfo.preparation_rating, cfo.team_rating, cfo.feedback_rating, cfo.report_rating, cfo.comments) == (5, 4, 3, 2, "Well run.")
    shown = client.get(answer_url(cfo))
    assert notifications(shown) == ["Thank you: your answer has been sent"]
    assert element_text(shown, "evaluation-answered") == (
        f"Thank you — you answered on {long_date(timezone.localdate())}. An answer cannot be changed."
    )
    assert 'type="radio"' not in page(shown)


def test_a_second_answer_changes_nothing(client, cfo):
    client.post(answer_url(cfo), VALID)
    cfo.refresh_from_db()
    answered_at = cfo.answered_at

    response = client.post(answer_url(cfo), {**VALID, "preparation_rating": "1", "comments": "Changed my mind"})

    assert response.status_code == 200
    assert "Thank you — you answered on" in main_text(response)
    cfo.refresh_from_db()
    assert (cfo.preparation_rating, cfo.comments, cfo.answered_at) == (5, "Well run.", answered_at)


@pytest.mark.parametrize("token", ["unknown-token", "a" * 65, "bad%00token", "%E2%80%AEabc"])
def test_answer_page_unknown_link_not_found(client, cfo, token):
    assert client.get(f"/challenges/evaluation/{token}/").status_code == 404
    assert client.post(f"/challenges/evaluation/{token}/", VALID).status_code == 404


ALL_MISSING = [
    "Choose how well the challenge was prepared",
    "Choose how good the peer team was",
    "Choose how useful the feedback on the last day on site was",
    "Choose how useful the report is",
]


@pytest.mark.parametrize(("data", "errors"), [
    ({}, ALL_MISSING),
    ({**VALID, "preparation_rating": "0"}, ["Choose how well the challenge was prepared"]),
    ({**VALID, "team_rating": "6"}, ["Choose how good the peer team was"]),
    ({**VALID, "feedback_rating": "abc"}, ["Choose how useful the feedback on the last day on site was"]),
    ({**VALID, "report_rating": "-1"}, ["Choose how useful the report is"]),
    ({**VALID, "report_rating": "4.5"}, ["Choose how useful the report is"]),
    ({**VALID, "report_rating": "9" * 5000}, ["Choose how useful the report is"]),
    ({**VALID, "preparation_rating": "<script>alert(1)</script>"}, ["Choose how well the challenge was prepared"]),
    ({**VALID, "team_rating": "4\x00"}, ["Choose how good the peer team was"]),
    ({**VALID, "comments": "x" * 3001}, ["Comments must be 3,000 characters or fewer"]),
    ({**VALID, "comments": "Fine\x07"}, ["Comments must not include hidden or control characters"]),
    ({**VALID, "comments": "Evil\u202etxt.exe"}, ["Comments must not include hidden or control characters"]),
    ({**VALID, "comments": "Nul\x00here"}, ["Comments must not include hidden or control characters"]),
])
def test_an_answer_with_errors_changes_nothing(client, cfo, data, errors):
    response = client.post(answer_url(cfo), data)

    assert response.status_code == 200
    assert error_summary(response) == errors
    cfo.refresh_from_db()
    assert (cfo.answered_at, cfo.preparation_rating) == (None, None)


def test_html_and_long_words_in_comments_are_kept_as_text(client, sign_in, cfo):
    comments = "<script>alert('x')</script> <b>bold</b> " + "y" * 2000
    response = client.post(answer_url(cfo), {**VALID, "comments": comments})

    assert response.status_code == 302
    cfo.refresh_from_db()
    assert cfo.comments == comments
    sign_in("adviser")
    shown = client.get(results_url(cfo.challenge))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;" in page(shown)
    assert "<script>alert" not in page(shown)
    assert inline_code(shown) == []


# The answers, for LGA staff who oversee the challenge


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("lead_peer", 404), ("team_peer", 404),
    ("fra_contact", 404), ("other_fra_contact", 404), ("other_peer_user", 404),
])
def test_results_page_by_role(client, sign_in, published, role, status):
    sign_in(role)

    assert client.get(results_url(published)).status_code == status


def test_results_page_anonymous_sent_to_sign_in(client, published):
    response = client.get(results_url(published))

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={results_url(published)}")


def test_results_page_lists_each_answer_and_who_has_not_answered(client, sign_in, published, cfo):
    client.post(answer_url(cfo), {**VALID, "comments": "Well run.\nReport late."})
    bob = published.evaluations.get(name="Bob Brennan")
    client.post(answer_url(bob), {"preparation_rating": "4", "team_rating": "5", "feedback_rating": "4", "report_rating": "5"})
    alice = published.evaluations.get(name="Alice Ashworth")
    sign_in("adviser")

    response = client.get(results_url(published))

    today = short_date(timezone.localdate())
    assert element_text(response, "evaluation-figures") == (
        "Invited 3 Answered 2 How well was the challenge prepared? Average, from 1 to 5 4.5 "
        "How good was the peer team? Average, from 1 to 5 4.5 "
        "How useful was the feedback on the last day on site? Average, from 1 to 5 3.5 "
        "How useful is the report? Average, from 1 to 5 3.5"
    )
    assert element_text(response, "evaluation-no-chair") == "! Warning No chair on record: the chair of the authority was not asked"
    assert element_text(response, "evaluation-answers") == (
        "Answers Asked as Name Preparation Peer team Feedback on site Report Comments "
        f"Chief fire officer Frank Ofori Answered {today} 5 4 3 2 Well run. Report late. "
        f"Peer on the team Bob Brennan Answered {today} 4 5 4 5 None"
    )
    assert element_text(response, "evaluation-waiting") == (
        f"Not answered yet Asked as Name Email address Invited Send again Peer on the team Alice Ashworth {alice.email} {today} Send again"
    )
    assert f'action="/challenges/{published.pk}/evaluation/{alice.pk}/send-again/"' in page(response)
    assert inline_code(response) == []


def test_results_page_before_anyone_is_asked(client, sign_in, challenge):
    sign_in("lga_admin")

    text = main_text(client.get(results_url(challenge)))

    assert text == (
        "Avon Fire Authority: Operational Assessment and fire peer challenge Evaluation No one has been asked to evaluate "
        "this challenge yet: the authority's chair and chief fire officer and each peer on the team are asked once its "
        "report is published."
    )


def test_results_page_queries_do_not_grow_with_answers(client, sign_in, published, django_assert_num_queries):
    sign_in("adviser")
    with django_assert_num_queries(7) as one:
        client.get(results_url(published))
    for _ in range(10):
        EvaluationFactory(challenge=published, answered=True)
        EvaluationFactory(challenge=published)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(results_url(published))

    assert (len(response.context["answered"]), len(response.context["waiting"])) == (10, 13)


# Sending again


def _a_day_ago(evaluation):
    earlier = timezone.now() - datetime.timedelta(days=1, minutes=1)
    Evaluation.objects.filter(pk=evaluation.pk).update(invited_at=earlier)
    OutboxEmail.objects.update(created_at=earlier)


def send_again_url(evaluation):
    return f"/challenges/{evaluation.challenge_id}/evaluation/{evaluation.pk}/send-again/"


def test_send_again_queues_the_email_once_a_day(client, sign_in, cfo):
    _a_day_ago(cfo)
    sign_in("adviser")

    response = client.post(send_again_url(cfo), follow=True)

    assert notifications(response) == ["The invitation has been sent again to Frank Ofori"]
    assert [(e.recipients, e.subject) for e in OutboxEmail.objects.all()] == [
        ("cfo@avon.example", "Reminder: How did the peer challenge of Avon Fire Authority go?"),
    ]
    again = client.post(send_again_url(cfo), follow=True)
    assert notifications(again) == ["Frank Ofori was sent the invitation less than a day ago: you can send it again tomorrow"]
    assert OutboxEmail.objects.count() == 1


def test_send_again_refused_once_answered(client, sign_in, cfo):
    evaluation_answer(evaluation=cfo, ratings={"preparation_rating": 5, "team_rating": 4, "feedback_rating": 3, "report_rating": 2})
    _a_day_ago(cfo)
    sign_in("lga_admin")

    response = client.post(send_again_url(cfo), follow=True)

    assert notifications(response) == ["Frank Ofori has already answered"]
    assert OutboxEmail.objects.count() == 0


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "team_peer", "fra_contact", "other_fra_contact"])
def test_send_again_by_others_not_found_and_sends_nothing(client, sign_in, cfo, role):
    _a_day_ago(cfo)
    sign_in(role)

    assert client.post(send_again_url(cfo)).status_code == 404
    assert OutboxEmail.objects.count() == 0


def test_send_again_of_another_challenges_evaluation_not_found(client, sign_in, cfo, published):
    other = EvaluationFactory(challenge=ChallengeFactory(authority=published.authority, status=ChallengeStatus.PUBLISHED))
    _a_day_ago(other)
    sign_in("adviser")

    assert client.post(f"/challenges/{published.pk}/evaluation/{other.pk}/send-again/").status_code == 404
    assert client.get(send_again_url(cfo)).status_code == 405
    assert OutboxEmail.objects.count() == 0


def test_send_again_anonymous_sent_to_sign_in(client, cfo):
    response = client.post(send_again_url(cfo))

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={send_again_url(cfo)}")
    assert OutboxEmail.objects.count() == 0


# The panel on the challenge's page


def test_challenge_page_panel_for_lga_staff(client, sign_in, published, cfo):
    client.post(answer_url(cfo), VALID)
    sign_in("adviser")

    response = client.get(f"/challenges/{published.pk}/")

    assert element_text(response, "evaluation-panel") == (
        "Evaluation ! Warning No chair on record: the chair of the authority was not asked "
        "Invited 3 Answered 1 How well was the challenge prepared? Average, from 1 to 5 5.0 "
        "How good was the peer team? Average, from 1 to 5 4.0 "
        "How useful was the feedback on the last day on site? Average, from 1 to 5 3.0 "
        "How useful is the report? Average, from 1 to 5 2.0 "
        "See each answer and who has not answered yet"
    )


@pytest.mark.parametrize("role", ["lead_peer", "team_peer"])
def test_challenge_page_panel_not_for_the_team(client, sign_in, published, role):
    sign_in(role)

    response = client.get(f"/challenges/{published.pk}/")

    assert response.status_code == 200
    assert 'data-testid="evaluation-panel"' not in page(response)


def test_challenge_page_panel_not_before_publication(client, sign_in, challenge):
    sign_in("adviser")

    assert 'data-testid="evaluation-panel"' not in page(client.get(f"/challenges/{challenge.pk}/"))


def test_challenge_page_panel_reads_the_evaluation_in_one_query(client, sign_in, published):
    sign_in("adviser")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/challenges/{published.pk}/")
    EvaluationFactory.create_batch(10, challenge=published, answered=True)
    with CaptureQueriesContext(connection) as eleven:
        response = client.get(f"/challenges/{published.pk}/")

    def evaluation_queries(captured):
        return [query for query in captured.captured_queries if "challenges_evaluation" in query["sql"]]

    assert (len(evaluation_queries(one)), len(evaluation_queries(eleven))) == (1, 1)
    assert len(one.captured_queries) == len(eleven.captured_queries)
    assert "Invited 13 Answered 10" in element_text(response, "evaluation-panel")


def test_challenge_page_panel_no_query_before_publication(client, sign_in, challenge):
    sign_in("adviser")
    with CaptureQueriesContext(connection) as captured:
        client.get(f"/challenges/{challenge.pk}/")

    assert [query for query in captured.captured_queries if "challenges_evaluation" in query["sql"]] == []


# The yearly summary


@pytest.fixture
def summary_data(db):
    """Two financial years of answers at Avon (South West) and Lancashire (North West); see
    test_selectors_evaluation for the same figures worked out by hand."""
    from .test_selectors_evaluation import make_summary_data

    return make_summary_data()


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 200), ("lead_peer", 404), ("fra_contact", 404),
])
def test_summary_page_by_role(client, sign_in, summary_data, role, status):
    sign_in(role)

    assert client.get("/challenges/evaluation/summary/").status_code == status
    assert client.get("/challenges/evaluation/summary/download/").status_code == status


def test_summary_anonymous_sent_to_sign_in(client, db):
    response = client.get("/challenges/evaluation/summary/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/challenges/evaluation/summary/")


def test_summary_page_shows_each_year(client, sign_in, summary_data):
    sign_in("lga_admin")

    response = client.get("/challenges/evaluation/summary/")

    assert "A challenge counts in the financial year (1 April to 31 March) of its last day on site." in main_text(response)
    assert element_text(response, "evaluation-summary") == (
        "Average rating for each question, by financial year Financial year Challenges Invited Answered "
        "Preparation Peer team Feedback on site Report "
        "2026 to 2027 2 4 2 3.0 3.5 4.0 5.0 "
        "2025 to 2026 1 3 2 4.5 4.0 3.5 3.0"
    )
    assert 'href="/challenges/evaluation/summary/download/"' in page(response)
    assert inline_code(response) == []


def test_summary_page_for_one_region(client, sign_in, summary_data):
    sign_in("adviser")

    response = client.get("/challenges/evaluation/summary/?region=south_west")

    assert element_text(response, "evaluation-summary").endswith(
        "2026 to 2027 1 3 1 5.0 5.0 5.0 5.0 2025 to 2026 1 3 2 4.5 4.0 3.5 3.0"
    )
    assert 'href="/challenges/evaluation/summary/download/?region=south_west"' in page(response)
    empty = client.get("/challenges/evaluation/summary/?region=london")
    assert element_text(empty, "evaluation-summary-empty") == "No one has been asked to evaluate a challenge of an authority in this region yet."


@pytest.mark.parametrize("region", ["atlantis", "<script>", "south_west\x00", "\u202esouth_west", "x" * 5000])
def test_summary_page_unknown_region_says_why(client, sign_in, summary_data, region):
    sign_in("lga_admin")

    response = client.get("/challenges/evaluation/summary/", {"region": region})

    assert response.status_code == 200
    assert error_summary(response)[0] in ("Choose a region from the list", "Region must not include null characters")
    download = client.get("/challenges/evaluation/summary/download/", {"region": region})
    assert download.status_code == 302
    assert download.url.startswith("/challenges/evaluation/summary/?")


def test_summary_csv_exact_content(client, sign_in, summary_data):
    sign_in("lga_admin")

    response = client.get("/challenges/evaluation/summary/download/")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="evaluation-summary-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert b"".join(response.streaming_content).decode() == (
        "\ufeffFinancial year,Challenges,Invited,Answered,How well was the challenge prepared?,How good was the peer team?,"
        "How useful was the feedback on the last day on site?,How useful is the report?\r\n"
        "2026 to 2027,2,4,2,3.0,3.5,4.0,5.0\r\n"
        "2025 to 2026,1,3,2,4.5,4.0,3.5,3.0\r\n"
    )


def test_summary_csv_for_one_region(client, sign_in, summary_data):
    sign_in("lga_admin")

    response = client.get("/challenges/evaluation/summary/download/?region=north_west")

    assert response["Content-Disposition"] == (
        f'attachment; filename="evaluation-summary-north-west-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert b"".join(response.streaming_content).decode().splitlines()[1:] == ["2026 to 2027,1,1,1,1.0,2.0,3.0,5.0"]


def test_summary_page_queries_do_not_grow(client, sign_in, summary_data, django_assert_num_queries):
    sign_in("lga_admin")
    with django_assert_num_queries(5) as first:
        client.get("/challenges/evaluation/summary/")
    lancashire = Authority.objects.get(slug="lancashire")
    for year in (2023, 2024):
        challenge = ChallengeFactory(
            authority=lancashire, status=ChallengeStatus.PUBLISHED,
            start_date=datetime.date(year, 5, 4), end_date=datetime.date(year, 5, 6),
        )
        EvaluationFactory.create_batch(5, challenge=challenge, answered=True)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get("/challenges/evaluation/summary/")

    assert [year["label"] for year in response.context["years"]] == ["2026 to 2027", "2025 to 2026", "2024 to 2025", "2023 to 2024"]


def test_home_page_links_lga_staff_to_the_summary(client, sign_in):
    sign_in("adviser")

    assert 'href="/challenges/evaluation/summary/"' in page(client.get("/"))


def test_home_page_no_summary_link_for_peers(client, sign_in, lead_peer):
    sign_in("lead_peer")

    assert 'href="/challenges/evaluation/summary/"' not in page(client.get("/"))

