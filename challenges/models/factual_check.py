"""The authority's factual accuracy check of the draft report, and its comments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from challenges.choices import CommentOutcome, FindingArea
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD, Challenge
from challenges.models.finding import TEXT_MAX_LENGTH, Finding
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import PlainTextField, PlausibleDateField

COMMENT_MAX_LENGTH = 3000


class FactualCheck(models.Model):
    """The draft sent to the authority to check its facts by a deadline (working days), then
    submitted by the authority. A challenge has at most one check open at a time."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="factual_checks")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    deadline = PlausibleDateField(earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    reminded_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge"], condition=Q(submitted_at__isnull=True), name="factual_check_one_open_per_challenge"
            ),
            models.CheckConstraint(
                name="factual_check_submitted_by_someone",
                condition=Q(submitted_at__isnull=True, submitted_by__isnull=True)
                | Q(submitted_at__isnull=False, submitted_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Factual accuracy check of {self.challenge}"

    @property
    def is_open(self):
        return self.submitted_at is None


class FactualCheckComment(ChoiceLabelsMixin, models.Model):
    """The authority's comment on a finding, or on an area of the report as a whole, perhaps
    with the wording it proposes; the team accepts or rejects it with a reply, and an accepted
    proposal becomes the finding's text (its history keeps the earlier)."""

    factual_check = models.ForeignKey(FactualCheck, on_delete=models.CASCADE, related_name="comments")
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="factual_comments")
    area = models.CharField(max_length=40, choices=FindingArea.choices, blank=True)
    comment = PlainTextField(max_length=COMMENT_MAX_LENGTH)
    proposed_text = PlainTextField("proposed correction", max_length=TEXT_MAX_LENGTH, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=CommentOutcome.choices, blank=True)
    reply = PlainTextField(max_length=COMMENT_MAX_LENGTH, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["written_at", "id"]
        constraints = [
            models.CheckConstraint(name="factual_comment_not_blank", condition=~Q(comment="")),
            models.CheckConstraint(
                name="factual_comment_on_a_finding_or_an_area",
                condition=Q(finding__isnull=False, area="") | Q(finding__isnull=True) & ~Q(area=""),
                violation_error_message="A comment is on a finding or on an area",
            ),
            models.CheckConstraint(
                name="factual_comment_answered_with_reply",
                condition=Q(outcome="", answered_at__isnull=True, answered_by__isnull=True)
                | (~Q(outcome="") & ~Q(reply="") & Q(answered_at__isnull=False, answered_by__isnull=False)),
                violation_error_message="An answer has its outcome, reply, who and when",
            ),
            models.CheckConstraint(
                name="factual_comment_answered_after_written", condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("written_at"))
            ),
        ]

    def __str__(self):
        return f"Comment on {self.finding or self.get_area_display()}"
