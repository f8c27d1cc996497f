"""Dates when a peer cannot take part in challenges."""

from django.contrib import messages

from authorities.forms.unavailability import UnavailabilityForm
from authorities.services.unavailability import unavailability_add, unavailability_remove
from authorities.views.peer import PeerChildDeleteView, PeerChildFormView
from peersupport.formats import date_range


class UnavailabilityCreateView(PeerChildFormView):
    template_name = "authorities/unavailability_form.html"
    form_class = UnavailabilityForm

    def perform(self, form):
        period = unavailability_add(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, f"Unavailable from {date_range(period.start_date, period.end_date)}")


class UnavailabilityDeleteView(PeerChildDeleteView):
    related_name, record_kwarg = "unavailabilities", "period_pk"

    def remove(self, period):
        unavailability_remove(by=self.request.user, period=period)
        return "Dates removed"
