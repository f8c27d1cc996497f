"""Asking the authority's chair and chief fire officer and each peer to evaluate a challenge
once its report is published, their answers, and sending an invitation again
(challenges/services/evaluation.py, called from challenges/services/status.py)."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.choices import ContactRole
from authorities.tests.factories import AuthorityContactFactory, PeerFactory
from challenges.choices import ChallengeStatus, EvaluationRole, PlaceState, TeamRole
from challenges.models import Evaluation
from challenges.services.evaluation import (
    evaluation_answer,
    evaluation_invitation_resend,
    evaluations_invite,
)
from challenges.services.status import challenge_report_published, challenge_status_change
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory, EvaluationFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

ALL_FOURS = {"preparation_rating": 4, "team_rating": 4, "feedback_rating": 4, "report_rating": 4}


@pytest.fixture
def checked(avon, adviser):
    """A challenge at Avon in its factual accuracy check, on site 8 to 11 March 2027, with its
    chair and chief fire officer on record and a team: Alice leads and Bob is an officer
    peer (both accepted); Dev declined, Eve was withdrawn and Fay has not yet answered."""
    challenge = ChallengeFactory(authority=avon, status=ChallengeStatus.FACTUAL_CHECK, principal_adviser=adviser)
    AuthorityContactFactory(authority=avon, role=ContactRole.AUTHORITY_CHAIR, name="Cllr Carys Chapman", email="Chair@Avon.example")
    AuthorityContactFactory(authority=avon, role=ContactRole.CHIEF_FIRE_OFFICER, name="Frank Ofori", email="cfo@avon.example")
    AuthorityContactFactory(authority=avon, role=ContactRole.IMPROVEMENT_LEAD, name="Ida Lead", email="lead@avon.example")
    for name, email, role, state in [
        ("Alice Ashworth", "alice@example.org", TeamRole.LEAD_PEER, PlaceState.ACCEPTED),
        ("Bob Brennan", "bob@example.org", TeamRole.OFFICER_PEER, PlaceState.ACCEPTED),
        ("Dev Patel", "dev@example.org", TeamRole.OFFICER_PEER, PlaceState.DECLINED),
        ("Eve Evans", "eve@example.org", TeamRole.MEMBER_PEER, PlaceState.WITHDRAWN),
        ("Fay Fox", "fay@example.org", TeamRole.MEMBER_PEER, PlaceState.INVITED),
    ]:
        TeamMembershipFactory(
            challenge=challenge, peer=PeerFactory(full_name=name, email=email), role=role, state=state,
            decline_reason="On leave" if state == PlaceState.DECLINED else "",
        )
    OutboxEmail.objects.all().delete()
    return challenge


def _asked(challenge):
    return [(e.role, e.name, e.email, e.peer.full_name if e.peer else None) for e in challenge.evaluations.order_by("pk")]


EVERYONE = [
    (EvaluationRole.CHAIR, "Cllr Carys Chapman", "chair@avon.example", None),
    (EvaluationRole.CHIEF_FIRE_OFFICER, "Frank Ofori", "cfo@avon.example", None),
    (EvaluationRole.PEER, "Alice Ashworth", "alice@example.org", "Alice Ashworth"),
    (EvaluationRole.PEER, "Bob Brennan", "bob@example.org", "Bob Brennan"),
]


def test_publishing_the_report_asks_the_chair_the_chief_fire_officer_and_each_accepted_peer(checked, adviser):
    challenge_status_change(by=adviser, challenge=checked, status=ChallengeStatus.PUBLISHED)

    assert _asked(checked) == EVERYONE
    assert sorted(email.recipients for email in OutboxEmail.objects.all()) == sorted(email for _, _, email, _ in EVERYONE)
    assert all(evaluation.answered_at is None for evaluation in checked.evaluations.all())


def test_a_published_report_version_asks_them_too(checked, adviser):
    challenge_report_published(by=adviser, challenge=checked)

    assert _asked(checked) == EVERYONE
    assert OutboxEmail.objects.count() == 4


def test_invitation_email_says_what_it_asks_with_the_link(checked, adviser):
    challenge_status_change(by=adviser, challenge=checked, status=ChallengeStatus.PUBLISHED)

    chair = checked.evaluations.get(role=EvaluationRole.CHAIR)
    email = OutboxEmail.objects.get(recipients="chair@avon.example")
    assert email.subject == "How did the peer challenge of Avon Fire Authority go?"
    assert email.about_url == f"/challenges/{checked.pk}/evaluation/"
    assert email.body == (
        "Dear Cllr Carys Chapman,\n\n"
        "The report of the operational assessment and fire peer challenge of Avon Fire Authority has been published. "
        "Please tell us how the challenge went for you, as chair of the authority: your answer helps us improve the programme.\n\n"
        "On site: 8 March 2027 to 11 March 2027\n\n"
        "There are four questions, each rated from 1 (very poor) to 5 (excellent), and room for any comments:\n"
        "- How well was the challenge prepared?\n"
        "- How good was the peer team?\n"
        "- How useful was the feedback on the last day on site?\n"
        "- How useful is the report?\n\n"
        f"It takes about five minutes. Please answer here (no sign-in needed): {settings.SITE_URL}/challenges/evaluation/{chair.token}/\n\n"
        "You can answer once. Only LGA staff see your answer.\n"
    )
    peer_email = OutboxEmail.objects.get(recipients="bob@example.org")
    assert "as a member of the peer team:" in peer_email.body


def test_each_person_gets_a_secret_of_their_own(checked, adviser):
    challenge_status_change(by=adviser, challenge=checked, status=ChallengeStatus.PUBLISHED)

    tokens = [evaluation.token for evaluation in checked.evaluations.all()]
    assert len(set(tokens)) == 4
    assert all(len(token) == 43 for token in tokens)


def test_inviting_again_asks_no_one_twice(checked, adviser):
    challenge_status_change(by=adviser, challenge=checked, status=ChallengeStatus.PUBLISHED)

    assert evaluations_invite(challenge=checked) == []
    challenge_report_published(by=adviser, challenge=checked)  # the report published again: a later version

    assert _asked(checked) == EVERYONE
    assert OutboxEmail.objects.count() == 4


def test_inviting_again_asks_only_those_new_since(checked, adviser, avon):
    evaluations_invite(challenge=checked)
    TeamMembershipFactory(challenge=checked, peer=PeerFactory(full_name="Gus Grant", email="gus@example.org"))

    invited = evaluations_invite(challenge=checked)

    assert [(e.name, e.email) for e in invited] == [("Gus Grant", "gus@example.org")]
    assert OutboxEmail.objects.count() == 5


def test_a_person_in_two_roles_is_asked_once(checked, avon):
    avon.contacts.filter(role=ContactRole.CHIEF_FIRE_OFFICER).update(email="chair@avon.example")

    evaluations_invite(challenge=checked)

    assert [(e.role, e.email) for e in checked.evaluations.order_by("pk")][:2] == [
        (EvaluationRole.CHAIR, "chair@avon.example"), (EvaluationRole.PEER, "alice@example.org"),
    ]
    assert OutboxEmail.objects.filter(recipients="chair@avon.example").count() == 1


def test_without_a_chair_on_record_the_others_are_asked(checked, avon):
    avon.contacts.filter(role=ContactRole.AUTHORITY_CHAIR).delete()

    evaluations_invite(challenge=checked)

    assert _asked(checked) == EVERYONE[1:]


def test_other_moves_ask_no_one(checked, adviser):
    challenge_status_change(by=adviser, challenge=checked, status=ChallengeStatus.POSTPONED, reason="The authority asked")

    assert checked.evaluations.count() == 0


# Answering


@pytest.fixture
def asked(checked):
    evaluations_invite(challenge=checked)
    return checked.evaluations.get(email="bob@example.org")


def test_answer_records_the_ratings_and_comments(asked):
    answer = evaluation_answer(
        evaluation=asked, ratings={**ALL_FOURS, "report_rating": 2}, comments="  Well run.\nThe report came late.  "
    )

    asked.refresh_from_db()
    assert (asked.preparation_rating, asked.team_rating, asked.feedback_rating, asked.report_rating) == (4, 4, 4, 2)
    assert asked.comments == "Well run.\nThe report came late."
    assert asked.answered_at == answer.answered_at
    assert asked.answered_at is not None


def test_a_second_answer_is_refused_and_changes_nothing(asked):
    evaluation_answer(evaluation=asked, ratings=ALL_FOURS, comments="First")

    with pytest.raises(ValidationError) as refused:
        evaluation_answer(evaluation=asked, ratings={field: 1 for field in ALL_FOURS}, comments="Second")

    assert refused.value.messages == ["You have already answered: an answer cannot be changed"]
    asked.refresh_from_db()
    assert (asked.preparation_rating, asked.comments) == (4, "First")


@pytest.mark.parametrize("rating", [0, 6, -1, None, "5", 4.0, True])
def test_a_rating_out_of_range_is_refused(asked, rating):
    with pytest.raises(ValidationError) as refused:
        evaluation_answer(evaluation=asked, ratings={**ALL_FOURS, "team_rating": rating})

    assert refused.value.message_dict == {"team_rating": ["Choose a rating from 1 to 5"]}
    asked.refresh_from_db()
    assert (asked.answered_at, asked.team_rating) == (None, None)


def test_a_missing_rating_is_refused(asked):
    ratings = dict(ALL_FOURS)
    del ratings["feedback_rating"]
    with pytest.raises(ValidationError) as refused:
        evaluation_answer(evaluation=asked, ratings=ratings)

    assert refused.value.message_dict == {"feedback_rating": ["Choose a rating from 1 to 5"]}


@pytest.mark.parametrize("comments", ["Bad\x00", "Reversed\u202e", "Bell\x07"])
def test_comments_with_hidden_characters_are_refused(asked, comments):
    with pytest.raises(ValidationError):
        evaluation_answer(evaluation=asked, ratings=ALL_FOURS, comments=comments)

    asked.refresh_from_db()
    assert asked.answered_at is None


@pytest.mark.parametrize("rating", [0, 6])
def test_database_refuses_a_rating_out_of_range(asked, rating):
    asked.answered_at = timezone.now()
    for field in ALL_FOURS:
        setattr(asked, field, 3)
    asked.team_rating = rating

    with pytest.raises(IntegrityError), transaction.atomic():
        asked.save()


def test_database_refuses_an_answer_without_every_rating(asked):
    asked.answered_at = timezone.now()
    asked.preparation_rating = 5

    with pytest.raises(IntegrityError), transaction.atomic():
        asked.save()


def test_database_refuses_ratings_without_an_answer(asked):
    asked.preparation_rating = 5

    with pytest.raises(IntegrityError), transaction.atomic():
        asked.save()


def test_database_asks_no_one_twice(asked):
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(challenge=asked.challenge, role=EvaluationRole.PEER, name="Bob", email=asked.email, token="other")


# Sending again


def _a_day_later(evaluation):
    """As if the invitation and its emails had been sent more than a day ago."""
    earlier = timezone.now() - datetime.timedelta(days=1, minutes=1)
    Evaluation.objects.filter(pk=evaluation.pk).update(invited_at=earlier)
    OutboxEmail.objects.update(created_at=earlier)
    evaluation.refresh_from_db()


def test_send_again_queues_a_reminder(asked, adviser):
    _a_day_later(asked)

    evaluation_invitation_resend(by=adviser, evaluation=asked)

    email = OutboxEmail.objects.order_by("-pk").first()
    assert (email.recipients, email.subject) == ("bob@example.org", "Reminder: How did the peer challenge of Avon Fire Authority go?")
    assert "We have not yet had your answer, and would still like to hear from you." in email.body
    assert f"/challenges/evaluation/{asked.token}/" in email.body


def test_send_again_at_most_once_a_day(asked, adviser):
    with pytest.raises(ValidationError) as refused:
        evaluation_invitation_resend(by=adviser, evaluation=asked)
    assert refused.value.messages == ["Bob Brennan was sent the invitation less than a day ago: you can send it again tomorrow"]

    _a_day_later(asked)
    evaluation_invitation_resend(by=adviser, evaluation=asked)
    with pytest.raises(ValidationError):
        evaluation_invitation_resend(by=adviser, evaluation=asked)

    assert OutboxEmail.objects.filter(recipients="bob@example.org").count() == 2


def test_send_again_refused_once_answered(asked, adviser):
    _a_day_later(asked)
    evaluation_answer(evaluation=asked, ratings=ALL_FOURS)

    with pytest.raises(ValidationError) as refused:
        evaluation_invitation_resend(by=adviser, evaluation=asked)

    assert refused.value.messages == ["Bob Brennan has already answered"]


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact"])
def test_send_again_only_by_lga_staff_who_oversee_it(asked, user_for, role):
    _a_day_later(asked)
    before = OutboxEmail.objects.count()

    with pytest.raises(PermissionDenied):
        evaluation_invitation_resend(by=user_for(role), evaluation=asked)

    assert OutboxEmail.objects.count() == before


def test_factory_answered_evaluation_is_valid(db):
    evaluation = EvaluationFactory(answered=True)

    evaluation.full_clean()
    assert evaluation.is_answered
