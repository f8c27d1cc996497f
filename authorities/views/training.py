"""A peer's training records, kept by LGA staff."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from authorities.forms.training import TrainingRecordForm
from authorities.services.training import training_record_add, training_record_remove, training_record_update
from authorities.views.peer import PeerChildDeleteView, PeerChildFormView
from peersupport.views import PermissionRequiredMixin


class TrainingRecordCreateView(PermissionRequiredMixin, PeerChildFormView):
    """LGA staff record a peer's training; the peer sees it on their record, read-only."""

    permission_required = "authorities.keep_peer_pool"

    template_name = "authorities/trainingrecord_form.html"
    form_class = TrainingRecordForm

    def perform(self, form):
        record = training_record_add(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, f"{record.course} added")


class TrainingRecordUpdateView(PermissionRequiredMixin, PeerChildFormView):
    permission_required = "authorities.keep_peer_pool"

    template_name = "authorities/trainingrecord_form.html"
    form_class = TrainingRecordForm

    @cached_property
    def record(self):
        return get_object_or_404(self.peer.training_records, pk=self.kwargs["record_pk"])

    def get_initial(self):
        return {"course": self.record.course, "completed_on": self.record.completed_on, "expires_on": self.record.expires_on}

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, **kwargs)

    def perform(self, form):
        record = training_record_update(by=self.request.user, record=self.record, **form.cleaned_data)
        messages.success(self.request, f"{record.course} saved")


class TrainingRecordDeleteView(PermissionRequiredMixin, PeerChildDeleteView):
    permission_required = "authorities.keep_peer_pool"

    related_name, record_kwarg = "training_records", "record_pk"

    def remove(self, record):
        training_record_remove(by=self.request.user, record=record)
        return f"{record.course} removed"
