import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.core.validators import MaxValueValidator
from django.utils import timezone

from .choices import Governance, InspectionGrade, InspectionQuestion, PeerType, PoliticalGroup, Region
from .models import Authority, Inspection, InspectionResult, Peer, Specialism
from .peer_csv import MAX_FILE_BYTES, MAX_TAG_LENGTH
from .selectors import authorities_current
from .validators import validate_consent_date, validate_telephone


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with one error per date, in GOV.UK wording
    that names the field. Years need four digits: "8 3 27" means 2027 to the person typing
    it, not the year 27, so it is refused rather than guessed."""

    def __init__(self, *, label, **kwargs):
        super().__init__(label=label, **kwargs)
        self.in_sentence = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {self.in_sentence}"
        self.error_messages["incomplete"] = f"The {self.in_sentence} must include a day, month and year"
        self.error_messages["invalid"] = f"The {self.in_sentence} must be a real date"

    def clean(self, value):
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        if not isinstance(value, (list, tuple)):
            value = []
        day, month, year = [str(part or "").strip() for part in (list(value) + [None] * 3)[:3]]
        if not (day or month or year):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not (day and month and year):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        numbers_only = all(part.isascii() and part.isdigit() for part in (day, month, year))
        if not numbers_only or len(day) > 2 or len(month) > 2 or len(year) != 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        self.validate(date)
        self.run_validators(date)
        return date


def email_field():
    """An email address field with GOV.UK error messages."""
    return forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class TagsField(forms.CharField):
    """A peer's free tags typed as one comma-separated line; cleans to the list of names."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Other skills (optional)",
            required=False,
            max_length=500,
            help_text="Separate each with a comma, for example: fleet, wildfire, estates",
            error_messages={"max_length": "Other skills must be 500 characters or fewer"},
            **kwargs,
        )

    def clean(self, value):
        names = [name.strip() for name in super().clean(value).split(",") if name.strip()]
        if any(len(name) > MAX_TAG_LENGTH for name in names):
            raise ValidationError("Each skill must be 50 characters or fewer")
        return names


class ModelCheckboxesField(forms.ModelMultipleChoiceField):
    """Checkboxes of model choices that refuse, like any unknown choice, an id too large for
    the database: SQLite raises OverflowError on it instead of finding nothing."""

    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue
            if not -(2**63) <= number < 2**63:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


def govuk_form_helper(*fields) -> FormHelper:
    """A crispy-forms-gds helper whose form leaves checking to the server, so that every error
    shows in GOV.UK wording in the error summary rather than as the browser's own message."""
    helper = FormHelper()
    helper.attrs = {"novalidate": True}
    helper.layout = Layout(*fields)
    return helper


class GovukErrorsMixin:
    """One error a field, as GOV.UK error messages are shown (a 10,000-character "email" would
    otherwise be both too long and in the wrong format), and GOV.UK wording for the one error
    Django words itself, on null characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name).removesuffix(" (optional)")
            field.error_messages["null_characters_not_allowed"] = f"{label} must not include null characters"

    def full_clean(self):
        super().full_clean()
        for name, errors in self._errors.items():
            del errors.data[1:]
            error, field = errors.data[0], self.fields.get(name)
            # Choice fields raise the null-character error themselves, in Django's words.
            if field and isinstance(error, ValidationError) and error.code == "null_characters_not_allowed":
                errors.data[0] = ValidationError(field.error_messages[error.code], code=error.code)
        # The error summary lists errors in the order of the page, also those found in clean().
        position = {name: index for index, name in enumerate(self.fields)}
        in_page_order = ErrorDict(renderer=self.renderer)
        in_page_order.update(sorted(self._errors.items(), key=lambda item: position.get(item[0], -1)))
        self._errors = in_page_order


class LoginForm(GovukErrorsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact the LGA to restore it",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = govuk_form_helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )
        self.helper.label_size = Size.SMALL

    def clean_username(self):
        # Accounts are stored in lower case, so "Jo.Bennett@Example.org" finds jo.bennett@example.org.
        return self.cleaned_data["username"].strip().lower()


class ConfirmForm(forms.Form):
    """A button that confirms an action the page describes, such as removing something."""

    def __init__(self, *args, button, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Button.warning("confirm", button))


class AuthorityForm(GovukErrorsMixin, forms.ModelForm):
    """An authority's register record, for an LGA administrator correcting it."""

    ended_on = GovukDateField(label="End date", required=False, help_text="Abolished authorities only. For example, 1 4 2021")
    succeeded_by = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        label="Successor (optional)",
        empty_label="None",
        help_text="Abolished authorities only: the authority that took over its work.",
        error_messages={"invalid_choice": "Choose a successor from the list"},
    )

    class Meta:
        model = Authority
        fields = ["name", "short_name", "ons_code", "region", "governance", "status", "ended_on", "succeeded_by", "needs_verification"]
        labels = {
            "name": "Full name",
            "short_name": "Short name",
            "ons_code": "ONS code",
            "region": "Region",
            "governance": "Governance model",
            "status": "Status",
            "needs_verification": "The record needs checking against primary sources",
        }
        help_texts = {
            "name": "For example, Avon Fire Authority",
            "short_name": "For example, Avon",
            "ons_code": "For example, E31000001",
            "needs_verification": "",
        }
        widgets = {"status": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the authority's full name", "max_length": "Full name must be 200 characters or fewer"},
            "short_name": {"required": "Enter the short name", "max_length": "Short name must be 100 characters or fewer"},
            "ons_code": {"required": "Enter the ONS code", "max_length": "ONS code must be 9 characters or fewer"},
            "region": {"required": "Choose the region", "invalid_choice": "Choose a region from the list"},
            "governance": {"required": "Choose the governance model", "invalid_choice": "Choose a governance model from the list"},
            "status": {"required": "Choose the status", "invalid_choice": "Choose a status from the list"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A successor is an authority that exists today, or the one already recorded (which may
        # itself have been merged since).
        successors = authorities_current() | Authority.objects.filter(pk=self.instance.succeeded_by_id)
        self.fields["succeeded_by"].queryset = successors.exclude(pk=self.instance.pk).order_by("name")
        # The successor is chosen by slug, so that no number typed in reaches the database.
        self.initial["succeeded_by"] = self.instance.succeeded_by.slug if self.instance.succeeded_by_id else None
        self.fields["region"].choices = [("", "Choose a region"), *Region.choices]
        self.fields["governance"].choices = [("", "Choose a governance model"), *Governance.choices]
        self.helper = govuk_form_helper(
            Field.text("name"),
            Field.text("short_name", field_width=20),
            Field.text("ons_code", field_width=10),
            Field.select("region"),
            Field.select("governance"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field("ended_on"),
            Field.select("succeeded_by"),
            Field.checkbox("needs_verification", small=True),
            Submit("submit", "Save record"),
        )

    def clean_ons_code(self):
        return self.cleaned_data["ons_code"].strip().upper()


class AuthorityContactForm(GovukErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the contact's full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    email = email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.text("name"), Field.text("email", field_width=20), Submit("submit", "Save contact"))


class InspectionForm(GovukErrorsMixin, forms.ModelForm):
    """An HMICFRS inspection with a grade (or none) for each of the 11 questions."""

    started_on = GovukDateField(label="Inspection start date", help_text="For example, 5 2 2024")
    ended_on = GovukDateField(label="Inspection end date", help_text="The last day of fieldwork, for example 16 2 2024")
    report_published_on = GovukDateField(label="Report publication date", required=False, help_text="For example, 3 7 2024")

    class Meta:
        model = Inspection
        fields = ["round_name", "grade_scale", "started_on", "ended_on", "report_published_on", "causes_of_concern"]
        labels = {"round_name": "Inspection round", "grade_scale": "Grade scale", "causes_of_concern": "Causes of concern (optional)"}
        help_texts = {
            "grade_scale": "Rounds before 2023 used four grades; ‘adequate’ was added in 2023.",
            "causes_of_concern": "Write each cause of concern on a new line.",
        }
        widgets = {"grade_scale": forms.RadioSelect, "causes_of_concern": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "round_name": {"required": "Enter the inspection round", "max_length": "Inspection round must be 60 characters or fewer"},
            "grade_scale": {"required": "Choose the grade scale", "invalid_choice": "Choose a grade scale from the list"},
            "causes_of_concern": {"max_length": "Causes of concern must be 5,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_published_on"].label = "Report publication date (optional)"
        grades = {result.question: result.grade for result in self.instance.results.all()} if self.instance.pk else {}
        for question, label in InspectionQuestion.choices:
            self.fields[question] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "Not graded"), *InspectionGrade.choices],
                initial=grades.get(question, ""),
                error_messages={"invalid_choice": f"Choose a grade for {label[0].lower()}{label[1:]} from the list"},
            )
        self.helper = govuk_form_helper(
            Field.text("round_name", field_width=20),
            Field.radios("grade_scale", legend_size=Size.SMALL),
            Field("started_on"),
            Field("ended_on"),
            Field("report_published_on"),
            Fieldset(*[Field.select(question) for question in InspectionQuestion.values], legend="Grades", legend_size=Size.MEDIUM),
            Field.textarea("causes_of_concern"),
            Submit("submit", "Save inspection"),
        )

    def clean(self):
        cleaned = super().clean()
        scale = cleaned.get("grade_scale")
        for question in InspectionQuestion.values:
            message = scale and InspectionResult.off_scale_message(question=question, grade=cleaned.get(question), scale=scale)
            if message:
                self.add_error(question, message)
        return cleaned

    @property
    def grades(self):
        return {question: self.cleaned_data[question] for question in InspectionQuestion.values}

    @property
    def inspection_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PeerContactForm(GovukErrorsMixin, forms.Form):
    email = email_field()
    phone = forms.CharField(
        label="Telephone number",
        required=False,
        max_length=30,
        help_text="For example, 01632 960 001 or 07700 900 982",
        error_messages={"max_length": "Telephone number must be 30 characters or fewer"},
    )

    def __init__(self, *args, peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.peer = peer
        self.helper = govuk_form_helper(
            Field.text("email", field_width=20),
            Field.text("phone", field_width=20),
            Submit("submit", "Save contact details"),
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Peer.objects.filter(email__iexact=email).exclude(pk=self.peer.pk).exists():
            raise ValidationError("Another peer already uses this email address")
        return email

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        validate_telephone(phone)
        return phone


class PeerSpecialismsForm(GovukErrorsMixin, forms.Form):
    specialisms = ModelCheckboxesField(
        queryset=None,
        required=False,
        label="Specialisms",
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose specialisms from the list", "invalid_pk_value": "Choose specialisms from the list"},
    )
    tags = TagsField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialisms"].queryset = Specialism.objects.order_by("group", "name")
        self.helper = govuk_form_helper(
            Field.checkboxes("specialisms", legend_size=Size.MEDIUM, small=True),
            Field.text("tags"),
            Submit("submit", "Save specialisms"),
        )


class UnavailabilityForm(GovukErrorsMixin, forms.Form):
    start_date = GovukDateField(label="First day unavailable", help_text="For example, 27 3 2027")
    end_date = GovukDateField(label="Last day unavailable", help_text="For example, 3 4 2027")
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="Only LGA staff and you can see this.",
        error_messages={"max_length": "Reason must be 200 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field("start_date"),
            Field("end_date"),
            Field.text("reason"),
            Submit("submit", "Save dates"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day unavailable must be the same as or after the first day")
        elif end and end < timezone.localdate():
            # Leave that is over changes no search and would never show on the record.
            self.add_error("end_date", "The last day unavailable must be today or in the future")
        return cleaned


class PeerForm(GovukErrorsMixin, forms.ModelForm):
    """Everything about a peer, for LGA staff adding or correcting the pool."""

    tags = TagsField()
    consented_on = GovukDateField(
        label="Date consent given to hold their data", required=False, validators=[validate_consent_date],
        help_text="For example, 14 9 2026. Leave it empty until the peer has given consent.",
    )

    class Meta:
        model = Peer
        fields = [
            "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title",
            "political_group", "specialisms", "can_lead", "max_challenges_per_year", "is_active", "retired_reason",
        ]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "phone": "Telephone number (optional)",
            "peer_type": "Type of peer",
            "home_authority": "Home fire and rescue authority",
            "home_organisation": "Home organisation",
            "role_title": "Role or rank (optional)",
            "political_group": "Political group",
            "max_challenges_per_year": "Most challenges a year",
            "can_lead": "Accredited to lead a team",
            "is_active": "Active in the pool",
            "retired_reason": "Reason for retiring",
        }
        help_texts = {
            "home_authority": "Officer and member peers only.",
            "home_organisation": "Peers from beyond the sector only: the body they work for.",
            "role_title": "For example, chief fire officer, area manager, chair or councillor",
            "political_group": "Member peers only, so that teams are balanced.",
            "retired_reason": "Only if they are no longer active.",
        }
        widgets = {
            "peer_type": forms.RadioSelect,
            "specialisms": forms.CheckboxSelectMultiple,
            # GOV.UK asks for a text input for numbers, with the numeric keyboard on phones.
            "max_challenges_per_year": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        }
        field_classes = {"specialisms": ModelCheckboxesField}
        error_messages = {
            "full_name": {"required": "Enter the peer's full name", "max_length": "Full name must be 150 characters or fewer"},
            "email": {"required": "Enter an email address", "invalid": "Enter an email address in the correct format, like name@example.com", "unique": "Another peer already uses this email address", "max_length": "Email address must be 254 characters or fewer"},
            "phone": {"max_length": "Telephone number must be 30 characters or fewer"},
            "home_authority": {"invalid_choice": "Choose a fire and rescue authority from the list"},
            "home_organisation": {"max_length": "Home organisation must be 150 characters or fewer"},
            "role_title": {"max_length": "Role or rank must be 100 characters or fewer"},
            "political_group": {"invalid_choice": "Choose a political group from the list"},
            "specialisms": {"invalid_choice": "Choose specialisms from the list", "invalid_pk_value": "Choose specialisms from the list"},
            "retired_reason": {"max_length": "Reason for retiring must be 200 characters or fewer"},
            "peer_type": {"required": "Choose the type of peer", "invalid_choice": "Choose a type of peer from the list"},
            "max_challenges_per_year": {"required": "Enter the most challenges a year", "invalid": "Most challenges a year must be a whole number, like 2", "min_value": "Most challenges a year must be 0 or more", "max_value": "Most challenges a year must be 12 or fewer"},
        }

    field_order = [
        "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title", "political_group",
        "specialisms", "tags", "can_lead", "max_challenges_per_year", "consented_on", "is_active", "retired_reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_authority"].queryset = authorities_current()
        self.fields["home_authority"].empty_label = "None"
        self.fields["peer_type"].choices = PeerType.choices
        self.fields["political_group"].choices = [("", "None (not a member peer)"), *PoliticalGroup.choices]
        self.fields["max_challenges_per_year"].max_value = 12
        self.fields["max_challenges_per_year"].validators.append(MaxValueValidator(12, "Most challenges a year must be 12 or fewer"))
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["consented_on"].initial = self.instance.consented_on
        self.helper = govuk_form_helper(
            Field.text("full_name"),
            Field.text("email", field_width=20),
            Field.text("phone", field_width=20),
            Field.radios("peer_type", legend_size=Size.SMALL),
            Field.select("home_authority"),
            Field.text("home_organisation"),
            Field.text("role_title"),
            Field.select("political_group"),
            Field.checkboxes("specialisms", legend_size=Size.SMALL, small=True),
            Field.text("tags"),
            Field.checkbox("can_lead", small=True),
            Field.text("max_challenges_per_year", field_width=2),
            Field("consented_on"),
            Field.checkbox("is_active", small=True),
            Field.text("retired_reason"),
            Submit("submit", "Save peer"),
        )

    def clean(self):
        cleaned = super().clean()
        peer_type = cleaned.get("peer_type")
        from_an_authority = (PeerType.OFFICER, PeerType.MEMBER)
        if peer_type in from_an_authority and not cleaned.get("home_authority"):
            self.add_error("home_authority", "Choose the peer's home fire and rescue authority")
        if peer_type and peer_type not in from_an_authority and cleaned.get("home_authority"):
            self.add_error("home_authority", "Only officer and member peers have a home authority")
        if peer_type == PeerType.BEYOND_SECTOR and not cleaned.get("home_organisation", "").strip():
            self.add_error("home_organisation", "Enter the organisation the peer works for")
        if peer_type != PeerType.BEYOND_SECTOR and cleaned.get("home_organisation", "").strip():
            self.add_error("home_organisation", "Only peers from beyond the sector have a home organisation")
        if peer_type != PeerType.MEMBER and cleaned.get("political_group"):
            self.add_error("political_group", "Only member peers have a political group")
        if cleaned.get("is_active") is False and not cleaned.get("retired_reason", "").strip():
            self.add_error("retired_reason", "Enter why the peer is no longer active")
        return cleaned


class TrainingRecordForm(GovukErrorsMixin, forms.Form):
    course = forms.CharField(
        label="Course",
        max_length=150,
        help_text="For example, LGA peer challenge induction",
        error_messages={"required": "Enter the name of the course", "max_length": "Course must be 150 characters or fewer"},
    )
    completed_on = GovukDateField(label="Date completed", help_text="For example, 6 10 2025")
    expires_on = GovukDateField(label="Expiry date", required=False, help_text="Leave blank if it does not expire. For example, 6 10 2028")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].label = "Expiry date (optional)"
        self.helper = govuk_form_helper(
            Field.text("course"),
            Field("completed_on"),
            Field("expires_on"),
            Submit("submit", "Save training record"),
        )

    def clean(self):
        cleaned = super().clean()
        completed, expires = cleaned.get("completed_on"), cleaned.get("expires_on")
        if completed and completed > timezone.localdate():
            self.add_error("completed_on", "The date completed must be today or in the past")
        if completed and expires and expires <= completed:
            self.add_error("expires_on", "The expiry date must be after the date completed")
        return cleaned


class PeerImportForm(GovukErrorsMixin, forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Saved as ‘CSV UTF-8’, smaller than 5MB, with at most 5,000 peers",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field("file"), Submit("submit", "Check the file"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise ValidationError("The selected file must be a CSV")
        if file.size > MAX_FILE_BYTES:
            raise ValidationError("The selected file must be smaller than 5MB")
        return file


class PeerImportConfirmForm(forms.Form):
    """Names the file the user checked, so that only that file is imported."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
