"""The evaluation of a challenge: once its report is published, the authority's chair and
chief fire officer and each peer on the team are asked, by email through the outbox, how it
went; each answers once, from the email's secret link, without signing in."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from authorities.choices import ContactRole
from authorities.models import AuthorityContact
from challenges.choices import EVALUATION_QUESTIONS, RATING_CHOICES, EvaluationRole
from challenges.models import Challenge, Evaluation
from challenges.selectors.team import team_accepted
from peersupport.models import OutboxEmail
from peersupport.outbox.services import email_queue
from peersupport.rules import require

RATING_FIELDS = [field for field, _ in EVALUATION_QUESTIONS]
RATINGS = {value for value, _ in RATING_CHOICES}
# An invitation is sent again at most once a day, however often "Send again" is pressed.
RESEND_AFTER = datetime.timedelta(days=1)

# The authority's contacts asked, with the role each is asked in.
CONTACTS_ASKED = {ContactRole.AUTHORITY_CHAIR: EvaluationRole.CHAIR, ContactRole.CHIEF_FIRE_OFFICER: EvaluationRole.CHIEF_FIRE_OFFICER}
# How the email names the role each person is asked in: "as …".
ROLE_IN_SENTENCE = {
    EvaluationRole.CHAIR: "chair of the authority",
    EvaluationRole.CHIEF_FIRE_OFFICER: "chief fire officer",
    EvaluationRole.PEER: "a member of the peer team",
}


def evaluation_answer_url(evaluation) -> str:
    return f"{settings.SITE_URL}{reverse('challenges:evaluation-answer', args=[evaluation.token])}"


def evaluation_results_path(challenge) -> str:
    return reverse("challenges:evaluation-results", args=[challenge.pk])


def _invitation_send(evaluation, *, again=False) -> OutboxEmail:
    """The invitation (or, `again`, its reminder) to the outbox. It is filed under the
    challenge's evaluation page, which is how a reminder sent lately is found again."""
    context = {
        "challenge": evaluation.challenge,
        "evaluation": evaluation,
        "role_in_sentence": ROLE_IN_SENTENCE[evaluation.role],
        "questions": [question for _, question in EVALUATION_QUESTIONS],
        "answer_url": evaluation_answer_url(evaluation),
        "again": again,
    }
    subject, _, body = render_to_string("challenges/email/evaluation_invitation.txt", context).strip().partition("\n")
    return email_queue(
        to=evaluation.email, subject=subject.strip(), body=body.strip() + "\n",
        about_url=evaluation_results_path(evaluation.challenge),
    )


def _people_to_ask(challenge) -> list[tuple[str, str, str, object]]:
    """(role, name, email, peer) of everyone the evaluation asks: the authority's chair and
    chief fire officer where it has them on record, then each peer who accepted a place."""
    contacts = {
        contact.role: contact
        for contact in AuthorityContact.objects.filter(authority_id=challenge.authority_id, role__in=CONTACTS_ASKED)
    }
    people = [
        (role, contacts[contact_role].name, contacts[contact_role].email, None)
        for contact_role, role in CONTACTS_ASKED.items()
        if contact_role in contacts
    ]
    people += [(EvaluationRole.PEER, place.peer.full_name, place.peer.email, place.peer) for place in team_accepted(challenge=challenge)]
    return people


@transaction.atomic
def evaluations_invite(*, challenge) -> list[Evaluation]:
    """Ask the authority's chair and chief fire officer (those on record) and each peer who
    accepted a place on the team to evaluate the challenge: one Evaluation each, with the
    secret of its link, and one email each through the outbox. Run as the report is
    published (challenges/services/status.py); run again, it asks only those not yet asked
    (by email address, so one person in two roles is asked once). Returns those asked now.
    The challenge stays locked until the caller's transaction ends, so that two runs at
    once cannot both ask the same person."""
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    asked = {email.lower() for email in challenge.evaluations.values_list("email", flat=True)}
    invited = []
    for role, name, email, peer in _people_to_ask(challenge):
        email = email.strip().lower()
        if email in asked:
            continue
        asked.add(email)
        evaluation = Evaluation(
            challenge=challenge, role=role, name=name, email=email, peer=peer, token=secrets.token_urlsafe(32)
        )
        evaluation.full_clean()
        evaluation.save()
        _invitation_send(evaluation)
        invited.append(evaluation)
    return invited


@transaction.atomic
def evaluation_answer(*, evaluation, ratings: dict, comments: str = "") -> Evaluation:
    """Record the person's answer: a rating from 1 to 5 for each question of
    EVALUATION_QUESTIONS (`ratings`, by field) and any comments. An evaluation is answered
    once: a second answer is refused (ValidationError) and changes nothing, as is a rating
    missing or out of range."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.is_answered:
        raise ValidationError("You have already answered: an answer cannot be changed", code="answered")
    errors = {
        field: "Choose a rating from 1 to 5"
        for field in RATING_FIELDS
        if type(ratings.get(field)) is not int or ratings[field] not in RATINGS
    }
    if errors:
        raise ValidationError(errors)
    for field in RATING_FIELDS:
        setattr(evaluation, field, ratings[field])
    evaluation.comments = (comments or "").strip()
    evaluation.answered_at = timezone.now()
    evaluation.full_clean()
    evaluation.save(update_fields=[*RATING_FIELDS, "comments", "answered_at"])
    return evaluation


@transaction.atomic
def evaluation_invitation_resend(*, by, evaluation) -> Evaluation:
    """Send the invitation again, to someone who has not answered: for LGA staff who oversee
    the challenge. Refused (ValidationError) once answered, and within a day of the last
    reminder, so that pressing the button twice sends one email."""
    require("challenges.see_evaluations", by, evaluation.challenge)
    evaluation = Evaluation.objects.select_for_update().select_related("challenge__authority").get(pk=evaluation.pk)
    if evaluation.is_answered:
        raise ValidationError(f"{evaluation.name} has already answered", code="answered")
    if evaluation.invited_at > timezone.now() - RESEND_AFTER or OutboxEmail.objects.filter(
        recipients=evaluation.email, about_url=evaluation_results_path(evaluation.challenge),
        created_at__gt=timezone.now() - RESEND_AFTER,
    ).exists():
        raise ValidationError(
            f"{evaluation.name} was sent the invitation less than a day ago: you can send it again tomorrow", code="too_soon"
        )
    _invitation_send(evaluation, again=True)
    return evaluation
