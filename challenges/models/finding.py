"""What the peer team found, and the library of wording it can start a finding from."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from simple_history.models import HistoricalRecords

from challenges.choices import FindingArea, FindingKind, FindingState, RecommendationPriority
from challenges.models.challenge import Challenge
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField

TEXT_MAX_LENGTH = 5000
TEXT_TOO_LONG = f"The finding must be {TEXT_MAX_LENGTH:,} characters or fewer"
NOTABLE_PRACTICE_TEXT_MAX_LENGTH = 3000


def _finding_text(label, *, max_length=TEXT_MAX_LENGTH, **kwargs):
    message = f"{label[0].upper()}{label[1:]} must be {max_length:,} characters or fewer"
    return PlainTextField(label, max_length=max_length, validators=[MaxLengthValidator(max_length, message)], **kwargs)


class FindingTemplate(ChoiceLabelsMixin, models.Model):
    """A well-phrased finding LGA staff keep in the library of wording, by kind and area, for
    teams to start a finding from."""

    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    area = models.CharField(max_length=40, choices=FindingArea.choices)
    text = _finding_text("wording")
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "area", "id"]
        constraints = [
            models.CheckConstraint(name="finding_template_text_not_blank", condition=~Q(text="")),
            models.CheckConstraint(
                name="finding_template_text_at_most_5000_characters", condition=LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Finding(ChoiceLabelsMixin, models.Model):
    """One finding of the peer team: a strength, area for consideration, recommendation or
    piece of notable practice, in an area of the challenge, at its place in that area.

    Text is Markdown (peersupport/markdown.py renders it, sanitised). `version` counts saved
    edits: an edit names the version it started from and is refused if another has been
    saved since (challenges/services/finding.py), so that no one's words are overwritten
    unseen. Recommendations have a priority and are numbered across the report in the order
    of the areas and their places (challenges/selectors/finding.py); notable practice has a
    title, why it is worth sharing and a contact, and may be shared across the sector."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    area = models.CharField(max_length=40, choices=FindingArea.choices)
    state = models.CharField(max_length=20, choices=FindingState.choices, default=FindingState.ACCEPTED)
    position = models.PositiveIntegerField("place in its area", default=0)
    text = _finding_text("finding")
    priority = models.CharField(max_length=10, choices=RecommendationPriority.choices, blank=True)
    title = LineField(max_length=200, blank=True)
    why_it_matters = _finding_text("why it is worth sharing", max_length=NOTABLE_PRACTICE_TEXT_MAX_LENGTH, blank=True)
    practice_contact = LineField("contact for the practice", max_length=200, blank=True)
    shared_with_sector = models.BooleanField("share across the sector", default=False)
    rejection_reason = LineField("reason for rejecting", max_length=500, blank=True)
    template = models.ForeignKey(FindingTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings")
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "recorded_at", "id"]
        indexes = [models.Index(fields=["challenge", "area", "position"], name="finding_place_in_area")]
        constraints = [
            models.CheckConstraint(
                name="finding_text_at_most_5000_characters", condition=LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH)
            ),
            models.CheckConstraint(name="finding_text_not_blank", condition=~Q(text="")),
            models.CheckConstraint(
                name="finding_priority_for_recommendations_only",
                condition=Q(kind=FindingKind.RECOMMENDATION, priority__in=RecommendationPriority.values)
                | (~Q(kind=FindingKind.RECOMMENDATION) & Q(priority="")),
                violation_error_message="A recommendation has a priority, and only a recommendation",
            ),
            models.CheckConstraint(
                name="finding_notable_practice_has_title",
                condition=~Q(kind=FindingKind.NOTABLE_PRACTICE) | ~Q(title=""),
                violation_error_message="Notable practice has a title",
            ),
            models.CheckConstraint(
                name="finding_shared_only_if_notable_practice",
                condition=Q(kind=FindingKind.NOTABLE_PRACTICE) | Q(shared_with_sector=False),
            ),
            models.CheckConstraint(
                name="finding_rejected_with_reason",
                condition=~Q(state=FindingState.REJECTED) | ~Q(rejection_reason=""),
                violation_error_message="A rejected finding has the reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def is_recommendation(self):
        return self.kind == FindingKind.RECOMMENDATION

    @property
    def is_notable_practice(self):
        return self.kind == FindingKind.NOTABLE_PRACTICE
