"""The project's searches with django-filter, laid out as GOV.UK forms."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django.http import QueryDict

from peersupport.forms import GovukErrorsMixin


class GovukFilterSet(django_filters.FilterSet):
    """A filter set with `defaults` for filters the query leaves out (also on first arrival,
    with no query), and a GET form laid out by `layout()` with crispy-forms-gds."""

    defaults = {}

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)

    def layout(self) -> Layout:
        """Every filter in order, then the button; a filter set with a richer page overrides it."""
        return Layout(*[Field(name) for name in self.filters], Submit("filter", "Apply"))

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (GovukErrorsMixin, form_class), {})

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.layout = self.layout()
        return form
