import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator

from .models import Authority, Peer, Specialism


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


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact the LGA to restore it",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )
        self.helper.label_size = Size.SMALL

    def clean_username(self):
        # Accounts are stored in lower case, so "Jo.Bennett@Example.org" finds jo.bennett@example.org.
        return self.cleaned_data["username"].strip().lower()


class PeerContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
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
        self.helper = FormHelper()
        self.helper.layout = Layout(
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
        if phone and not all(c.isdigit() or c in " +()-" for c in phone):
            raise ValidationError("Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
        return phone


class PeerSpecialismsForm(forms.Form):
    specialisms = ModelCheckboxesField(
        queryset=None,
        required=False,
        label="Specialisms",
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose specialisms from the list", "invalid_pk_value": "Choose specialisms from the list"},
    )
    tags = forms.CharField(
        label="Other skills (optional)",
        required=False,
        max_length=500,
        help_text="Separate each with a comma, for example: fleet, wildfire, estates",
        error_messages={"max_length": "Other skills must be 500 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialisms"].queryset = Specialism.objects.order_by("group", "name")
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.checkboxes("specialisms", legend_size=Size.MEDIUM, small=True),
            Field.text("tags"),
            Submit("submit", "Save specialisms"),
        )

    def clean_tags(self):
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        too_long = [name for name in names if len(name) > 50]
        if too_long:
            raise ValidationError("Each skill must be 50 characters or fewer")
        return names


class UnavailabilityForm(forms.Form):
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
        self.helper = FormHelper()
        self.helper.layout = Layout(
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
        return cleaned


class PeerForm(forms.ModelForm):
    """Everything about a peer, for LGA staff adding or correcting the pool."""

    tags = forms.CharField(
        label="Other skills (optional)",
        required=False,
        max_length=500,
        help_text="Separate each with a comma, for example: fleet, wildfire, estates",
        error_messages={"max_length": "Other skills must be 500 characters or fewer"},
    )
    consented_on = GovukDateField(label="Date consent given to hold their data", help_text="For example, 14 9 2026")

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
        widgets = {"peer_type": forms.RadioSelect, "specialisms": forms.CheckboxSelectMultiple}
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_authority"].queryset = Authority.objects.filter(status="current")
        self.fields["home_authority"].empty_label = "None"
        self.fields["max_challenges_per_year"].max_value = 12
        self.fields["max_challenges_per_year"].validators.append(MaxValueValidator(12, "Most challenges a year must be 12 or fewer"))
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["consented_on"].initial = self.instance.consented_on
        self.helper = FormHelper()
        self.helper.layout = Layout(
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

    def clean_tags(self):
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        if any(len(name) > 50 for name in names):
            raise ValidationError("Each skill must be 50 characters or fewer")
        return names

    def clean(self):
        cleaned = super().clean()
        peer_type = cleaned.get("peer_type")
        if peer_type in ("officer", "member") and not cleaned.get("home_authority"):
            self.add_error("home_authority", "Choose the peer's home fire and rescue authority")
        if peer_type in ("beyond_sector", "challenge_manager") and cleaned.get("home_authority"):
            self.add_error("home_authority", "Only officer and member peers have a home authority")
        if peer_type == "beyond_sector" and not cleaned.get("home_organisation", "").strip():
            self.add_error("home_organisation", "Enter the organisation the peer works for")
        if peer_type != "beyond_sector" and cleaned.get("home_organisation", "").strip():
            self.add_error("home_organisation", "Only peers from beyond the sector have a home organisation")
        if peer_type != "member" and cleaned.get("political_group"):
            self.add_error("political_group", "Only member peers have a political group")
        if cleaned.get("is_active") is False and not cleaned.get("retired_reason", "").strip():
            self.add_error("retired_reason", "Enter why the peer is no longer active")
        return cleaned
