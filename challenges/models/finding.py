"""What the peer team found."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from challenges.choices import FindingArea, FindingKind
from challenges.models.challenge import Challenge
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import PlainTextField

TEXT_MAX_LENGTH = 5000
TEXT_TOO_LONG = f"The finding must be {TEXT_MAX_LENGTH:,} characters or fewer"


class Finding(ChoiceLabelsMixin, models.Model):
    """One finding of the peer team: a strength, area for consideration, recommendation
    or piece of notable practice, recorded against a framework area."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    area = models.CharField(max_length=40, choices=FindingArea.choices)
    text = PlainTextField(
        "finding", max_length=TEXT_MAX_LENGTH, validators=[MaxLengthValidator(TEXT_MAX_LENGTH, TEXT_TOO_LONG)]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="finding_text_at_most_5000_characters", condition=LessThanOrEqual(Length("text"), TEXT_MAX_LENGTH)
            ),
            models.CheckConstraint(name="finding_text_not_blank", condition=~Q(text="")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"
