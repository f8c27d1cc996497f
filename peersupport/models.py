"""The project's model kit, shared by every app's models."""

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    return {value: force_str(label) for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """`get_<field>_display()` from a dict made once per field. Django rebuilds the field's
    choices into a new dict at every call, which tables of fifty rows with three labels each
    pay for at every request."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return _labels(field).get(value, value)
