"""The authorities register: the list, an authority's page, its history, and correcting the record."""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import DetailView
from django_filters.views import FilterView

from authorities.choices import AuthorityStatus, Governance, Region
from authorities.filters.authority import AuthorityFilter
from authorities.forms.authority import AuthorityForm
from authorities.selectors.authority import (
    authorities_correctable_by,
    authorities_list_values,
    authorities_visible_to,
    authorities_with_details,
    authority_contacts,
)
from authorities.selectors.history import authority_history
from authorities.selectors.inspection import inspections_for_authority
from authorities.services.authority import authority_update
from peersupport.formats import long_date, time_since
from peersupport.links import record_url_maker
from peersupport.views import ParentFormView, PermissionRequiredMixin


class AuthorityListView(PermissionRequiredMixin, FilterView):
    """The register for LGA staff: filter by region, governance model and status; sort by
    time since the last challenge."""

    permission_required = "authorities.view_register"
    template_name = "authorities/authority_list.html"
    filterset_class = AuthorityFilter
    context_object_name = "authorities"
    strict = True  # a filter with errors shows its errors and no authorities

    def get_queryset(self):
        return authorities_with_details(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = record_url_maker("authorities:authority-detail", "slug")
        today = timezone.localdate()
        authorities = authorities_list_values(queryset=context["authorities"])
        context["rows"] = [_authority_row(authority, link, today) for authority in authorities]
        return context


def _authority_row(authority, link, today):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    if authority["status"] == AuthorityStatus.CURRENT:
        status = "Current"
    else:
        successor = authority["succeeded_by__short_name"]
        status = f"Abolished {long_date(authority['ended_on'])}" + (f", now {successor}" if successor else "")
    last = authority["last_challenge_on"]
    return {
        "url": link(authority["slug"]),
        "name": authority["name"],
        "region": Region(authority["region"]).label,
        "governance": Governance(authority["governance"]).label,
        "status": status,
        "last_challenge": long_date(last) if last else "Never",
        "since": time_since(last, today).capitalize() if last else "",
    }


class AuthorityDetailView(LoginRequiredMixin, DetailView):
    """An authority's page: LGA staff see any authority, an FRA contact only their own. Its
    challenges and published reports come from those apps' template tags."""

    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_with_details(user=self.request.user)

    def get_context_data(self, **kwargs):
        authority = self.object
        inspections = list(inspections_for_authority(authority=authority))
        return super().get_context_data(
            contacts=authority_contacts(authority=authority),
            latest_inspection=inspections[0] if inspections else None,
            earlier_inspections=inspections[1:],
            predecessors=authority.predecessors.order_by("name"),
            **kwargs,
        )


class AuthorityHistoryView(PermissionRequiredMixin, DetailView):
    """Who changed what and when in an authority's record, contacts and inspections."""

    permission_required = "authorities.view_register"
    template_name = "authorities/authority_history.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=authority_history(authority=self.object), **kwargs)


class AuthorityFormView(ParentFormView):
    """A form about one authority, among those the view's `parents` selector gives the user."""

    parent_name = "authority"
    parent_lookup = "slug"

    @property
    def authority(self):
        return self.parent


class AuthorityUpdateView(AuthorityFormView):
    """An LGA administrator corrects the register record."""

    template_name = "authorities/authority_form.html"
    form_class = AuthorityForm
    parents = staticmethod(authorities_correctable_by)

    def get_form_kwargs(self):
        # The form checks a copy, so that the page keeps the saved name while it shows errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.authority)}

    def perform(self, form):
        authority_update(by=self.request.user, authority=self.authority, **form.cleaned_data)
        messages.success(self.request, f"{self.authority.name} saved")
