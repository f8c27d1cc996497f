"""HMICFRS inspections of an authority's service, with the grade given for each question."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.choices import (
    GRADE_TAG_COLOURS,
    GRADES_BY_SCALE,
    GradeScale,
    InspectionGrade,
    InspectionQuestion,
)
from authorities.models.authority import Authority
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField, PlausibleDateField, date_range_constraint

# HMICFRS took on the inspection of fire and rescue services in July 2017.
EARLIEST_INSPECTION = datetime.date(2017, 7, 1)


class Inspection(ChoiceLabelsMixin, models.Model):
    """An HMICFRS inspection of an authority's service, with its grades and causes of concern."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="inspections")
    round_name = LineField("inspection round", max_length=60, help_text="For example, Round 3 (2023 to 2025)")
    grade_scale = models.CharField(max_length=20, choices=GradeScale.choices, default=GradeScale.FIVE_GRADE)
    started_on = PlausibleDateField("inspection start date", earliest=EARLIEST_INSPECTION, years_ahead=2)
    ended_on = PlausibleDateField("inspection end date", earliest=EARLIEST_INSPECTION, years_ahead=2)
    report_published_on = PlausibleDateField(
        "report publication date", null=True, blank=True, earliest=EARLIEST_INSPECTION, years_ahead=2
    )
    causes_of_concern = PlainTextField(
        blank=True, max_length=5000, validators=[MaxLengthValidator(5000)], help_text="One cause of concern per line."
    )
    recorded_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                name="inspection_end_not_before_start", condition=Q(ended_on__gte=models.F("started_on"))
            ),
            models.CheckConstraint(
                name="inspection_report_not_before_start",
                condition=Q(report_published_on__isnull=True) | Q(report_published_on__gte=models.F("started_on")),
            ),
            date_range_constraint("inspection_start_plausible", "started_on", earliest=EARLIEST_INSPECTION),
            date_range_constraint("inspection_end_plausible", "ended_on", earliest=EARLIEST_INSPECTION),
            date_range_constraint("inspection_report_plausible", "report_published_on", earliest=EARLIEST_INSPECTION),
        ]

    def __str__(self):
        return f"{self.authority.short_name}: {self.round_name}"

    def clean(self):
        self.causes_of_concern = "\n".join(self.causes_of_concern_list)
        # The rules of the date constraints, as errors on the fields to correct.
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The inspection end date must be the same as or after the start date"
        if self.started_on and self.report_published_on and self.report_published_on < self.started_on:
            errors["report_published_on"] = "The report publication date must be the same as or after the inspection start date"
        if errors:
            raise ValidationError(errors)

    @property
    def causes_of_concern_list(self):
        return [line.strip() for line in self.causes_of_concern.splitlines() if line.strip()]

    @property
    def grades(self):
        """(question label, result or None) for each of the 11 questions, in HMICFRS's order.
        Reads `results.all()`, so prefetch them when listing inspections."""
        by_question = {result.question: result for result in self.results.all()}
        return [(label, by_question.get(question)) for question, label in InspectionQuestion.choices]


class InspectionResult(ChoiceLabelsMixin, models.Model):
    """The grade an inspection gave for one of HMICFRS's graded questions."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    question = models.CharField(max_length=40, choices=InspectionQuestion.choices)
    grade = models.CharField(max_length=30, choices=InspectionGrade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "question"], name="inspection_result_one_per_question"),
        ]

    def __str__(self):
        return f"{self.get_question_display()}: {self.get_grade_display()}"

    @staticmethod
    def off_scale_message(*, question, grade, scale) -> str | None:
        """Why the grade cannot be given on the scale (None when it can): "adequate" exists
        only on the five-grade scale used since 2023."""
        # Unknown questions, grades and scales are the choice fields' errors, not this one.
        if grade not in InspectionGrade.values or scale not in GRADES_BY_SCALE or grade in GRADES_BY_SCALE[scale]:
            return None
        question_label = dict(InspectionQuestion.choices).get(question, "this question")
        return (
            f"Choose a grade on the {scale.replace('_', '-')} scale for {question_label[0].lower()}{question_label[1:]}: "
            f"‘{InspectionGrade(grade).label.lower()}’ is not one of its grades"
        )

    def clean(self):
        try:
            scale = self.inspection.grade_scale
        except Inspection.DoesNotExist:
            return
        message = self.off_scale_message(question=self.question, grade=self.grade, scale=scale)
        if message:
            raise ValidationError({"grade": message})

    @property
    def grade_colour(self):
        return GRADE_TAG_COLOURS[self.grade]
