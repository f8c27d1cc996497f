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
