"""Rules every app's models share: text that cannot hide or reorder what it says, and dates
within the range that makes sense for what they record. Model fields carry them, so that a
form, a service and an import all keep them; messages name the field, in GOV.UK wording."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from peersupport.formats import long_date

# Characters that change the order text is shown in (U+202E shows "evil" as "live") or that
# cannot be seen at all: the bidirectional embeddings, overrides and isolates, the marks, and
# the C0 and C1 control characters.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
HIDDEN_IN_A_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
HIDDEN_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
LINE_BREAKS = re.compile("[\n\r\u2028\u2029\x85]")


class PlainTextValidator:
    """Text with no hidden or reordering characters; `single_line` also refuses line breaks.
    The message names the field by its verbose name, read when it is needed (a field's name
    is only known once its model is built)."""

    def __init__(self, field, *, single_line):
        self.field, self.single_line = field, single_line

    def __call__(self, value):
        if not value:
            return
        label = capfirst(self.field.verbose_name)
        if self.single_line and LINE_BREAKS.search(value):
            raise ValidationError(f"{label} must be on one line", code="line_break")
        if (HIDDEN_IN_A_LINE if self.single_line else HIDDEN_IN_TEXT).search(value):
            raise ValidationError(f"{label} must not include hidden or control characters", code="hidden_characters")


class LineField(models.CharField):
    """A line of text a person types: a name, a title, a reason. No line breaks, no hidden or
    reordering characters; `error_messages={"max_length": ...}` words the length limit."""

    single_line = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        message = self.error_messages.get("max_length")
        if message:
            self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
            self.validators.append(MaxLengthValidator(self.max_length, message))
        self.validators.append(PlainTextValidator(self, single_line=self.single_line))


class PlainTextField(models.TextField):
    """Text of several lines a person types: a finding, a list. Line breaks are kept; hidden
    and reordering characters are refused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validators.append(PlainTextValidator(self, single_line=False))


class DateRangeValidator:
    """The date of `field` is no earlier than its `earliest` and no later than its
    `years_ahead` years from today (0: today). The message names the field."""

    def __init__(self, field):
        self.field = field

    def latest(self) -> datetime.date:
        return timezone.localdate() + datetime.timedelta(days=round(365.25 * self.field.years_ahead))

    def __call__(self, value):
        if value is None:
            return
        label = self.field.verbose_name
        if value < self.field.earliest:
            raise ValidationError(f"The {label} must be on or after {long_date(self.field.earliest)}", code="too_early")
        latest = self.latest()
        if value > latest:
            if self.field.years_ahead == 0:
                raise ValidationError(f"The {label} must be today or in the past", code="future")
            raise ValidationError(f"The {label} must be on or before {long_date(latest)}", code="too_late")


class PlausibleDateField(models.DateField):
    """A date within the range that makes sense for what it records: no earlier than
    `earliest`, no later than `years_ahead` years from today (0: not in the future). The
    model's Meta adds date_range_constraint, the database's share of the rule."""

    def __init__(self, *args, earliest, years_ahead, **kwargs):
        self.earliest, self.years_ahead = earliest, years_ahead
        super().__init__(*args, **kwargs)
        self.validators.append(DateRangeValidator(self))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, {**kwargs, "earliest": self.earliest, "years_ahead": self.years_ahead}


# What the database holds whatever the day: no date before the service's history begins
# (DateRangeValidator sets each field's own, later, start) and none after this.
LAST_PLAUSIBLE_DATE = datetime.date(2100, 12, 31)


def date_range_constraint(name, field, *, earliest) -> models.CheckConstraint:
    """The database's share of a date's range: absolute bounds, as it cannot know today."""
    return models.CheckConstraint(
        name=name,
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": earliest, f"{field}__lte": LAST_PLAUSIBLE_DATE}),
    )


class _Label:
    def __init__(self, label):
        self.verbose_name = label


def plain_text_validator(label: str, *, single_line: bool) -> PlainTextValidator:
    """The same rule for a form field with no model field behind it, named by its label."""
    return PlainTextValidator(_Label(label), single_line=single_line)
