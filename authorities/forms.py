from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose errors use GOV.UK wording and name the field."""

    def __init__(self, *, label, **kwargs):
        super().__init__(label=label, **kwargs)
        lowered = label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {lowered}"
        self.error_messages["incomplete"] = f"The {lowered} must include a day, month and year"

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError:
            raise ValidationError(f"The {self.label[0].lower() + self.label[1:]} must be a real date") from None


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


class PeerContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
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
        from .models import Peer

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
    specialisms = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
        from .models import Specialism

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
