"""Signing in with an email address and password."""

from crispy_forms_gds.layout import Field, Size, Submit
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from peersupport.forms import EMAIL_ADDRESS_LENGTH, EMAIL_MESSAGES, GovukErrorsMixin, govuk_form_helper

AXES_USERNAME_LENGTH = 255  # django-axes' AccessAttempt.username


def normalise_email(value):
    """Accounts are stored in lower case, so "Jo.Bennett@Example.org" finds jo.bennett@example.org."""
    return value.strip().lower()


def axes_username(request, credentials=None):
    """The account django-axes counts wrong passwords against (AXES_USERNAME_CALLABLE): the
    email address as LoginForm cleans it, wherever axes reads it (the credentials, or the
    form as sent) and whichever form sent it (the Django admin's does not lower-case), so
    that every wrong password for one account counts towards the same lockout."""
    username = credentials.get("username") if credentials else request.POST.get("username")
    if not isinstance(username, str):
        return None
    # AccessAttempt.username is 255 characters; no account's address is longer (254 at most),
    # so cutting a longer one short still counts it against nobody real.
    return normalise_email(username)[:AXES_USERNAME_LENGTH]


class LoginForm(GovukErrorsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact the LGA to restore it",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        # AuthenticationForm sets max_length after the field is built, so nothing enforces it.
        self.fields["username"].validators.append(
            MaxLengthValidator(EMAIL_ADDRESS_LENGTH, EMAIL_MESSAGES["max_length"])
        )
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = govuk_form_helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )
        self.helper.label_size = Size.SMALL

    def clean_username(self):
        return normalise_email(self.cleaned_data["username"])
