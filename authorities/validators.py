"""Field rules shared by the models, the forms and the CSV import, so that whatever one
accepts the others accept too (an export must import again)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

TELEPHONE_MESSAGE = "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"
ONS_CODE = re.compile(r"^E[0-9]{8}\Z")
validate_ons_code = RegexValidator(ONS_CODE, "Enter an ONS code in the correct format: E and 8 digits, like E31000001")


def validate_telephone(value):
    # ASCII digits only: str.isdigit() would let through other scripts' digits.
    if value and not all(character in "0123456789 +()-" for character in value):
        raise ValidationError(TELEPHONE_MESSAGE, code="telephone")


def validate_short_name(value):
    # Short names and ONS codes both name an authority in the peer import: they must not clash.
    if ONS_CODE.match(value.strip().upper()):
        raise ValidationError("A short name cannot look like an ONS code", code="ons_code")
