"""The project's searches with django-filter, laid out as GOV.UK forms."""

import hashlib
import time
from dataclasses import dataclass

import django_filters
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Layout, Submit
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.forms import CharField
from django.http import QueryDict
from django.template import engines
from django.utils.safestring import SafeString, mark_safe

from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper

_ERROR_SUMMARY = engines["django"].from_string("{% load crispy_forms_gds %}{% error_summary form %}")


@dataclass(frozen=True)
class RenderedFilterForm:
    """A search form as HTML: the GOV.UK error summary (above the page's heading) and the form."""

    error_summary: SafeString
    form: SafeString


class GovukDateFilter(django_filters.DateFilter):
    """A date to search by, typed in the GOV.UK date pattern (day, month and year boxes) as
    every date in the service is."""

    field_class = GovukDateField


class GovukFilterSet(django_filters.FilterSet):
    """A filter set with `defaults` for filters the query leaves out (also on first arrival,
    with no query), and a GET form laid out by `layout()` with crispy-forms-gds.

    Laying a form out with crispy-forms costs more than the rest of a list page, and the same
    search gives the same form: `rendered_form()` keeps each in the cache, keyed by the search
    and by a version of the models the filters offer as choices (`choices_from`), which any
    save or removal of one of their records moves on, and any migration (which may change
    them, and comes with every release of new code)."""

    defaults = {}
    choices_from = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for model in cls.choices_from:
            for signal in (post_save, post_delete):
                signal.connect(_new_choices_version, sender=model, weak=False, dispatch_uid=f"filter-choices-{model._meta.label}")
        if cls.choices_from:
            post_migrate.connect(
                lambda **kwargs: [_new_choices_version(model) for model in cls.choices_from],
                weak=False, dispatch_uid=f"filter-choices-{cls.__module__}.{cls.__name__}",
            )

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
        # Made once for each filter set: its fields and their choices are the same at every
        # request (the choices' querysets are read when each form is shown), and building
        # them again cost as much as a list page's rows.
        cls = type(self)
        if "_govuk_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            cls._govuk_form_class = type(form_class.__name__, (GovukErrorsMixin, form_class), {})
        return cls._govuk_form_class

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = govuk_form_helper(self.layout())
            form.helper.form_method = "get"
        return form

    def rendered_form(self) -> RenderedFilterForm:
        """The error summary and the form, from the cache when this search was shown before.
        A search with words typed into it, or with errors, is rendered each time: there are
        too many of them for keeping each to be worth it, and what is kept is then bounded by
        the choices and the plausible dates."""
        key = self._cache_key()
        cached = cache.get(key) if key else None
        if cached is None:
            cached = (_ERROR_SUMMARY.render({"form": self.form}), render_crispy_form(self.form))
            if key:
                cache.set(key, cached, 60 * 60)
        return RenderedFilterForm(error_summary=mark_safe(cached[0]), form=mark_safe(cached[1]))

    def _cache_key(self):
        if self.form.errors:
            return None
        search = []
        for name, field in self.form.fields.items():
            widget = field.widget
            # The names the field reads its value from: one for most, one a box for dates.
            names = [f"{name}_{i}" for i in range(len(widget.widgets))] if hasattr(widget, "widgets") else [name]
            values = [value for data_name in names for value in self.data.getlist(data_name)]
            if isinstance(field, CharField) and any(v.strip() for v in values):
                return None
            search.append((name, values))
        versions = [cache.get(_version_key(model), 0) for model in self.choices_from]
        digest = hashlib.sha256(repr((search, versions)).encode()).hexdigest()
        return f"filter-form:{type(self).__module__}.{type(self).__name__}:{digest}"


def _version_key(model):
    return f"filter-choices-version:{model._meta.label}"


def _new_choices_version(sender, **kwargs):
    # Now, for this process and transaction; and again once the change is committed, as
    # another process may meanwhile have kept the form with the rows before it under the
    # version set now.
    _set_new_version(sender)
    transaction.on_commit(lambda: _set_new_version(sender))


def _set_new_version(model):
    cache.set(_version_key(model), time.time_ns(), None)
