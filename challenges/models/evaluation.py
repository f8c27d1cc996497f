"""How the challenge went, in the words of the authority's chair, chief fire officer and peers."""

from django.db import models
from django.db.models import Q

from authorities.models import Peer
from challenges.choices import EVALUATION_QUESTIONS, EvaluationRole
from challenges.models.challenge import Challenge
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField


def _rating(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _ratings_between_1_and_5():
    return [
        models.CheckConstraint(
            name=f"evaluation_{field}_1_to_5", condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (1, 5)})
        )
        for field, _ in EVALUATION_QUESTIONS
    ]


class Evaluation(ChoiceLabelsMixin, models.Model):
    """One person's invitation to evaluate a challenge (sent through the outbox, answered from
    the email's link without signing in) and, once answered, their ratings and comments."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="evaluations")
    role = models.CharField(max_length=30, choices=EvaluationRole.choices)
    name = LineField(max_length=150)
    email = models.EmailField("email address")
    peer = models.ForeignKey(Peer, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations")
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    preparation_rating = _rating("preparation")
    team_rating = _rating("the peer team")
    feedback_rating = _rating("usefulness of the feedback")
    report_rating = _rating("usefulness of the report")
    comments = PlainTextField(max_length=3000, blank=True)

    class Meta:
        ordering = ["challenge", "role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "email"], name="evaluation_once_per_person"),
            *_ratings_between_1_and_5(),
            models.CheckConstraint(
                name="evaluation_answered_with_every_rating",
                condition=Q(answered_at__isnull=True, **{f"{field}__isnull": True for field, _ in EVALUATION_QUESTIONS})
                | Q(answered_at__isnull=False, **{f"{field}__isnull": False for field, _ in EVALUATION_QUESTIONS}),
                violation_error_message="An answered evaluation has every rating",
            ),
        ]

    def __str__(self):
        return f"Evaluation of {self.challenge} by {self.name}"

    @property
    def is_answered(self):
        return self.answered_at is not None
