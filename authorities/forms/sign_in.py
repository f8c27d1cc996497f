"""Signing in with an email address and password."""

from crispy_forms_gds.layout import Field, Size, Submit
from django.contrib.auth.forms import AuthenticationForm

from peersupport.forms import GovukErrorsMixin, govuk_form_helper


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
