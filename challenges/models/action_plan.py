"""The authority's action plan: its response to each recommendation, and the actions it takes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from challenges.choices import ActionStatus
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD, Challenge
from challenges.models.finding import Finding
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField, PlausibleDateField


class ActionPlan(models.Model):
    """The authority's answer to a published report; a draft until the authority marks it
    final, when it is published beside the report."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="action_plan")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="action_plan_finalised_by_someone",
                condition=Q(finalised_at__isnull=True, finalised_by__isnull=True)
                | Q(finalised_at__isnull=False, finalised_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Action plan of {self.challenge}"

    @property
    def is_final(self):
        return self.finalised_at is not None


class RecommendationResponse(models.Model):
    """The authority's response to one recommendation of the report."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="responses")
    recommendation = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="responses")
    response = PlainTextField(max_length=3000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "recommendation"], name="action_plan_one_response_per_recommendation"),
            models.CheckConstraint(name="action_plan_response_not_blank", condition=~Q(response="")),
        ]

    def __str__(self):
        return f"Response to {self.recommendation}"


class PlannedAction(ChoiceLabelsMixin, models.Model):
    """One SMART action of a response: what, who owns it, by when, with what, how success is
    measured, and how it stands."""

    response = models.ForeignKey(RecommendationResponse, on_delete=models.CASCADE, related_name="actions")
    action = PlainTextField("what will be done", max_length=2000)
    owner = LineField(max_length=200)
    milestone = PlausibleDateField("milestone date", earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    resources = PlainTextField(max_length=1000, blank=True)
    success_measure = PlainTextField("how success is measured", max_length=1000)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)

    class Meta:
        ordering = ["milestone", "id"]
        constraints = [
            models.CheckConstraint(name="planned_action_not_blank", condition=~Q(action="") & ~Q(owner="") & ~Q(success_measure="")),
        ]

    def __str__(self):
        return self.action[:60]
