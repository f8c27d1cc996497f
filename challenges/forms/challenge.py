"""The questions of asking for, booking, scoping and rescheduling a challenge, one form a
page (peersupport/journeys.py puts them together), and the form that moves a challenge on."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from authorities.choices import Role
from authorities.models import User
from challenges.choices import FOCUS_AREA_CHOICES, ChallengeType, Funding, InspectionRelation
from challenges.models.challenge import MAX_WORKING_DAYS_PER_PHASE, PHASE_TOO_LONG, TEXT_MAX_LENGTH, Challenge
from challenges.selectors.challenge import authorities_bookable_by
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

YES_NO = [("yes", "Yes"), ("no", "No")]


def _text_field(label, *, required=False, max_length=TEXT_MAX_LENGTH, rows=5, required_message=None, named=None, **kwargs):
    # How messages name the field: its label, or words of their own where the label is a question.
    named = named or label.removesuffix(" (optional)")
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows}),
        validators=[plain_text_validator(named, single_line=False)],
        error_messages={
            "required": required_message or f"Enter {named[0].lower()}{named[1:]}",
            "max_length": f"{named} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def _choice_field(label, choices, *, what):
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect,
        error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what} from the list"},
    )


class QuestionForm(GovukErrorsMixin, forms.Form):
    """A page of a journey: its fields laid out by `layout()`; the journey adds the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(*self.layout())

    def layout(self):
        return [Field(name) for name in self.fields]


class AuthorityQuestion(QuestionForm):
    authority = forms.ModelChoiceField(
        queryset=None, label="Fire and rescue authority", empty_label="Choose an authority",
        error_messages={"required": "Choose the fire and rescue authority", "invalid_choice": "Choose an authority from the list"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities_bookable_by(user=user).order_by("name")

    def layout(self):
        return [Field.select("authority")]


class TypeQuestion(QuestionForm):
    challenge_type = _choice_field("Type of challenge", ChallengeType.choices, what="the type of challenge")

    def layout(self):
        return [Field.radios("challenge_type", legend_size=Size.MEDIUM)]


class ThemeQuestion(QuestionForm):
    theme = forms.CharField(
        label="Theme of the deep dive", max_length=150, help_text="For example, procurement; or equality, diversity and inclusion",
        validators=[plain_text_validator("Theme", single_line=True)],
        error_messages={"required": "Enter the theme of the deep dive", "max_length": "Theme must be 150 characters or fewer"},
    )


def _model_date(name, **kwargs):
    """A GOV.UK date input with the plausible range of the challenge's own field, so that a
    year 9999 is refused on its page rather than at the end."""
    return GovukDateField(validators=Challenge._meta.get_field(name).validators, **kwargs)


class VisitQuestion(QuestionForm):
    """The first (or only) phase on site; an LGA administrator may record a visit that has happened."""

    start_date = _model_date("start_date", label="On-site start date", help_text="For example, 14 9 2027")
    end_date = _model_date("end_date", label="On-site end date", help_text="The last day on site, for example 17 9 2027")
    record_past = forms.BooleanField(
        label="This challenge has already happened: record it for the programme's history", required=False
    )

    def __init__(self, *args, past_allowed=False, dates_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not past_allowed:
            del self.fields["record_past"]
        if not dates_required:
            # While a challenge is scoped its dates may not be agreed yet.
            for name in ("start_date", "end_date"):
                self.fields[name].required = False
            self.fields["start_date"].help_text = "Leave both dates blank if they are not agreed yet. For example, 14 9 2027"
        self.helper = govuk_form_helper(*self.layout())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The on-site end date must be the same as or after the start date")
        elif start and end and Challenge.phase_working_days(start, end) > MAX_WORKING_DAYS_PER_PHASE:
            self.add_error("end_date", PHASE_TOO_LONG)
        elif bool(start) != bool(end) and not self.errors:
            missing = "end_date" if start else "start_date"
            self.add_error(missing, self.fields[missing].error_messages["required"])
        return cleaned


class SecondPhaseQuestion(QuestionForm):
    second_phase = _choice_field("Is there a second phase on site?", YES_NO, what="yes if there is a second phase on site")

    def layout(self):
        return [Field.radios("second_phase", legend_size=Size.MEDIUM, inline=True)]


def has_second_phase(answers) -> bool:
    return answers.get("second_phase") == "yes"


def is_deep_dive(answers) -> bool:
    return answers.get("challenge_type") == ChallengeType.DEEP_DIVE


class SecondVisitQuestion(QuestionForm):
    second_start_date = _model_date("second_start_date", label="Second phase start date")
    second_end_date = _model_date("second_end_date", label="Second phase end date")


class ScopingMeetingQuestion(QuestionForm):
    scoping_meeting_on = _model_date(
        "scoping_meeting_on", label="Scoping meeting date", required=False, help_text="Leave blank if it is not yet arranged"
    )


class FocusQuestion(QuestionForm):
    focus_areas = forms.MultipleChoiceField(
        label="Focus areas", choices=FOCUS_AREA_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose focus areas from the list"},
    )
    own_priorities = _text_field("The authority's own priorities (optional)", help_text="In the authority's words")

    def layout(self):
        return [Field.checkboxes("focus_areas", legend_size=Size.MEDIUM), Field.textarea("own_priorities")]


class InspectionQuestion(QuestionForm):
    inspection_relation = _choice_field(
        "How does the challenge relate to an HMICFRS inspection?", InspectionRelation.choices,
        what="how the challenge relates to an inspection",
    )
    inspection = forms.ModelChoiceField(
        queryset=None, required=False, label="Which inspection (optional)", empty_label="None",
        error_messages={"invalid_choice": "Choose one of the authority's inspections"},
    )

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = authority.inspections.order_by("-started_on")

    def layout(self):
        return [Field.radios("inspection_relation", legend_size=Size.MEDIUM), Field.select("inspection")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("inspection") and cleaned.get("inspection_relation") == InspectionRelation.NOT_LINKED:
            self.add_error("inspection", "A challenge not linked to an inspection cannot name one")
        return cleaned


class FundingQuestion(QuestionForm):
    funding = _choice_field("How is the challenge funded?", Funding.choices, what="how the challenge is funded")

    def layout(self):
        return [Field.radios("funding", legend_size=Size.MEDIUM)]


class PeopleQuestion(QuestionForm):
    challenge_manager = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True, role__in=[Role.LGA_ADMIN, Role.PRINCIPAL_ADVISER]).order_by("full_name"),
        required=False, label="LGA challenge manager (optional)", empty_label="Not yet chosen",
        error_messages={"invalid_choice": "Choose a challenge manager from the list"},
    )

    def layout(self):
        return [Field.select("challenge_manager")]


class DaysAndNotesQuestion(QuestionForm):
    days_on_site = forms.IntegerField(
        label="Days on site (optional)", required=False, min_value=1, max_value=20,
        help_text="Leave blank to count the working days of the visit",
        error_messages={
            "invalid": "Days on site must be a whole number, like 4",
            "min_value": "Days on site must be 1 or more",
            "max_value": "Days on site must be 20 or fewer",
        },
    )
    notes = _text_field("Notes (optional)")

    def layout(self):
        return [Field.text("days_on_site", field_width=4), Field.textarea("notes")]


class RescheduleReasonQuestion(QuestionForm):
    reason = _text_field(
        "Why are the dates changing?", required=True, max_length=2000, rows=3, required_message="Enter why the dates are changing",
        named="The reason",
    )


class ChallengeRequestForm(QuestionForm):
    """An FRA contact asks for a challenge, on one page."""

    challenge_type = _choice_field("Type of challenge", ChallengeType.choices, what="the type of challenge")
    preferred_period = forms.CharField(
        label="When would you like it?", max_length=100, required=False,
        validators=[plain_text_validator("When you would like it", single_line=True)],
        help_text="For example, spring 2027, or before our inspection in the autumn",
        error_messages={"max_length": "When you would like it must be 100 characters or fewer"},
    )
    request_details = _text_field(
        "What would you like the peer team to look at?", required=True,
        required_message="Enter what you would like the peer team to look at", named="What you would like looked at",
    )

    def layout(self):
        return [
            Field.radios("challenge_type", legend_size=Size.MEDIUM), Field.text("preferred_period"),
            Field.textarea("request_details"), Submit("submit", "Send request", **{"data-prevent-double-click": "true"}),
        ]


class StatusChangeForm(QuestionForm):
    """Moving a challenge on: a confirmation, with the reason where the move needs one."""

    reason = _text_field("Reason", required=True, max_length=2000, rows=3, required_message="Enter the reason")

    def __init__(self, *args, needs_reason, button, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
        # Postponing and cancelling (the moves that need a reason) cannot be undone by a click.
        css = "govuk-button--warning" if needs_reason else ""
        self.helper = govuk_form_helper(
            *self.layout(), Submit("submit", button, css_class=css, **{"data-prevent-double-click": "true"})
        )


