"""Recording and correcting HMICFRS inspections."""

import copy

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from authorities.forms.inspection import InspectionForm
from authorities.models import Inspection
from authorities.selectors.authority import authorities_managed_by
from authorities.selectors.inspection import inspections_for_authority
from authorities.services.inspection import inspection_save
from authorities.views.authority import AuthorityFormView


class InspectionSaveView(AuthorityFormView):
    """Record an HMICFRS inspection of the authority, or correct the one named by `pk`, with its grades."""

    template_name = "authorities/inspection_form.html"
    form_class = InspectionForm
    parents = staticmethod(authorities_managed_by)

    @cached_property
    def inspection(self):
        pk = self.kwargs.get("pk")
        return get_object_or_404(inspections_for_authority(authority=self.authority), pk=pk) if pk else None

    def get_form_kwargs(self):
        instance = copy.copy(self.inspection) if self.inspection else Inspection(authority=self.authority)
        return {**super().get_form_kwargs(), "instance": instance}

    def get_context_data(self, **kwargs):
        return super().get_context_data(inspection=self.inspection, **kwargs)

    def perform(self, form):
        inspection = inspection_save(
            by=self.request.user, authority=self.authority, inspection=self.inspection, grades=form.grades,
            **form.inspection_fields,
        )
        messages.success(self.request, f"Inspection {inspection.round_name} saved")
