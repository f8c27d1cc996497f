import copy

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from challenges.permissions import can_book_challenges
from challenges.selectors import challenges_for_authority, challenges_visible_to
from reports.selectors import reports_published_for_authority

from . import peer_csv, permissions, services
from .choices import ContactRole, PeerType, PoliticalGroup
from .filters import AuthorityFilter, PeerFilter
from .forms import (
    AuthorityContactForm,
    AuthorityForm,
    ConfirmForm,
    InspectionForm,
    LoginForm,
    PeerContactForm,
    PeerForm,
    PeerImportConfirmForm,
    PeerImportForm,
    PeerSpecialismsForm,
    TrainingRecordForm,
    UnavailabilityForm,
)
from .models import Inspection, Specialism
from .selectors import (
    authorities_correctable_by,
    authorities_managed_by,
    authorities_visible_to,
    authorities_with_details,
    authority_contact_for_role,
    authority_contacts,
    authority_history,
    inspections_for_authority,
    peer_assignments,
    peer_load_in_year,
    peer_training_records,
    peers_for_export,
    peers_for_list,
    peers_visible_to,
)


class ServiceFormMixin:
    """Runs a service from a valid form; a rule the service refuses becomes a form error,
    shown in the GOV.UK error summary like any other."""

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, field_errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.get_success_url())


class LgaStaffRequiredMixin(LoginRequiredMixin):
    """Signed-in users who are not LGA staff get a 404: the page does not exist for them."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_lga_staff:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_book=user.is_authenticated and can_book_challenges(user), **kwargs
        )


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class AuthorityListView(LgaStaffRequiredMixin, FilterView):
    """The register for LGA staff: filter by region, governance model and status; sort by
    time since the last challenge."""

    template_name = "authorities/authority_list.html"
    filterset_class = AuthorityFilter
    context_object_name = "authorities"
    strict = True  # a filter with errors shows its errors and no authorities

    def get_queryset(self):
        return authorities_with_details(user=self.request.user)


class AuthorityDetailView(LoginRequiredMixin, DetailView):
    """An authority's page: LGA staff see any authority, an FRA contact only their own."""

    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_with_details(user=self.request.user)

    def get_context_data(self, **kwargs):
        authority, user = self.object, self.request.user
        inspections = list(inspections_for_authority(authority=authority))
        return super().get_context_data(
            contacts=authority_contacts(authority=authority),
            latest_inspection=inspections[0] if inspections else None,
            earlier_inspections=inspections[1:],
            predecessors=authority.predecessors.order_by("name"),
            challenges=challenges_for_authority(authority=authority),
            challenges_with_page=set(challenges_visible_to(user=user).filter(authority=authority).values_list("pk", flat=True)),
            published_reports=reports_published_for_authority(authority=authority),
            is_lga_staff=user.is_lga_staff,
            can_correct=permissions.can_correct_authority(user),
            can_manage=permissions.can_manage_authority(user, authority),
            **kwargs,
        )


class AuthorityHistoryView(LgaStaffRequiredMixin, DetailView):
    """Who changed what and when in an authority's record, contacts and inspections."""

    template_name = "authorities/authority_history.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=authority_history(authority=self.object), **kwargs)


class ParentFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A form about one record, its parent (a peer, an authority, a challenge), found by the
    URL's `parent_lookup` among the records the `parents` selector gives the user: anyone
    else gets a 404. The page links back to the parent, names it `parent_name`, and returns
    to it once saved."""

    parent_name = None
    parents = None  # a selector taking `user`, such as peers_visible_to
    parent_lookup = "pk"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            lookup = {self.parent_lookup: kwargs[self.parent_lookup]}
            self.parent = get_object_or_404(self.parents(user=request.user), **lookup)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.parent_name: self.parent}, back_url=self.parent.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.parent.get_absolute_url()


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
        services.authority_update(by=self.request.user, authority=self.authority, **form.cleaned_data)
        messages.success(self.request, f"{self.authority.name} saved")


class AuthorityContactMixin:
    """The contact role the URL names (404 if none) and the contact recorded for it, if any."""

    parents = staticmethod(authorities_managed_by)

    @cached_property
    def role(self):
        role = {choice.slug: choice for choice in ContactRole}.get(self.kwargs["role"])
        if role is None:
            raise Http404
        return role

    @cached_property
    def contact(self):
        return authority_contact_for_role(authority=self.authority, role=self.role)

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=self.role, contact=self.contact, **kwargs)


class AuthorityContactUpdateView(AuthorityContactMixin, AuthorityFormView):
    """Add or change the authority's contact for one role."""

    template_name = "authorities/authority_contact_form.html"
    form_class = AuthorityContactForm

    def get_initial(self):
        return {"name": self.contact.name, "email": self.contact.email} if self.contact else {}

    def perform(self, form):
        services.authority_contact_save(by=self.request.user, authority=self.authority, role=self.role, **form.cleaned_data)
        messages.success(self.request, f"{self.role.label} saved")


class AuthorityContactDeleteView(AuthorityContactMixin, AuthorityFormView):
    """Ask, then remove the authority's contact for one role."""

    template_name = "authorities/authority_contact_delete.html"
    form_class = ConfirmForm

    def get_form_kwargs(self):
        if self.contact is None:
            raise Http404
        return {**super().get_form_kwargs(), "button": "Remove contact"}

    def perform(self, form):
        services.authority_contact_remove(by=self.request.user, contact=self.contact)
        messages.success(self.request, f"{self.contact.name} removed as {self.role.label.lower()}")


class InspectionSaveView(AuthorityFormView):
    """Record an HMICFRS inspection of the authority, or correct one, with its grades."""

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
        inspection = services.inspection_save(
            by=self.request.user, authority=self.authority, inspection=self.inspection, grades=form.grades,
            **form.inspection_fields,
        )
        messages.success(self.request, f"Inspection {inspection.round_name} saved")


class InspectionCreateView(InspectionSaveView):
    pass


class InspectionUpdateView(InspectionSaveView):
    pass


class PeerListView(LgaStaffRequiredMixin, FilterView):
    """The peer pool, searchable and filterable, for LGA staff."""

    template_name = "authorities/peer_list.html"
    filterset_class = PeerFilter
    context_object_name = "peers"
    paginate_by = 50
    strict = True  # a search with errors shows its errors and no peers, not the whole pool

    def get_queryset(self):
        return peers_for_list(queryset=peers_visible_to(user=self.request.user)).order_by("full_name", "id")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(query_string=query.urlencode(), **kwargs)


class PeerSaveMixin(ServiceFormMixin):
    """Add or correct a peer's whole record (LGA staff)."""

    template_name = "authorities/peer_form.html"
    form_class = PeerForm

    def perform(self, form):
        data = dict(form.cleaned_data)
        specialisms, tags = data.pop("specialisms"), data.pop("tags")
        self.object = services.peer_save(
            by=self.request.user, peer=form.instance, specialisms=specialisms, tags=tags, **data
        )
        messages.success(self.request, f"{self.object.full_name} saved")

    def get_success_url(self):
        return self.object.get_absolute_url()


class PeerCreateView(LgaStaffRequiredMixin, PeerSaveMixin, CreateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=reverse("authorities:peer-list"), back_text="Peer pool", **kwargs)


class PeerUpdateView(LgaStaffRequiredMixin, PeerSaveMixin, UpdateView):
    def get_queryset(self):
        return peers_visible_to(user=self.request.user)

    def get_form_kwargs(self):
        # The form checks a copy, so that the page keeps the saved name while it shows errors.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=self.object.get_absolute_url(), back_text=self.object.full_name, **kwargs)


class PeerMeView(LoginRequiredMixin, View):
    """A peer's own record, from a link that works without knowing its number."""

    def get(self, request):
        peer = get_object_or_404(peers_visible_to(user=request.user), user=request.user)
        return redirect(peer.get_absolute_url())


class PeerDetailView(LoginRequiredMixin, DetailView):
    template_name = "authorities/peer_detail.html"
    context_object_name = "peer"

    def get_queryset(self):
        return peers_visible_to(user=self.request.user).select_related("home_authority")

    def get_context_data(self, **kwargs):
        peer, today = self.object, timezone.localdate()
        return super().get_context_data(
            is_self=peer.user_id == self.request.user.pk,
            specialisms=peer.specialisms.order_by("name"),
            tags=peer.tags.all(),
            training_records=peer_training_records(peer=peer, today=today),
            unavailabilities=peer.unavailabilities.filter(end_date__gte=today),
            assignments=peer_assignments(peer=peer),
            load_this_year=peer_load_in_year(peer=peer, year=today.year),
            year=today.year,
            **kwargs,
        )


class PeerChildFormView(ParentFormView):
    """A form about one peer, found among the peers the user may see: LGA staff any, a peer
    only themself; anyone else gets a 404."""

    parent_name = "peer"
    parents = staticmethod(peers_visible_to)

    @property
    def peer(self):
        return self.parent


class PeerContactUpdateView(PeerChildFormView):
    template_name = "authorities/peer_contact_form.html"
    form_class = PeerContactForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "peer": self.peer}

    def get_initial(self):
        return {"email": self.peer.email, "phone": self.peer.phone}

    def perform(self, form):
        services.peer_update_contact(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, "Contact details saved")


class PeerSpecialismsUpdateView(PeerChildFormView):
    template_name = "authorities/peer_specialisms_form.html"
    form_class = PeerSpecialismsForm

    def get_initial(self):
        return {
            "specialisms": list(self.peer.specialisms.all()),
            "tags": ", ".join(tag.name for tag in self.peer.tags.all()),
        }

    def perform(self, form):
        services.peer_update_specialisms(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, "Specialisms saved")


class UnavailabilityCreateView(PeerChildFormView):
    template_name = "authorities/unavailability_form.html"
    form_class = UnavailabilityForm

    def perform(self, form):
        period = services.unavailability_add(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, f"Unavailable from {period.start_date:%-d %B %Y} to {period.end_date:%-d %B %Y}")


class PeerChildDeleteView(LoginRequiredMixin, View):
    """Remove one of a peer's records (POST only), found among the peer's own `related_name`
    records of a peer the user may see; anyone else gets a 404."""

    http_method_names = ["post"]
    related_name = None
    record_kwarg = None

    def post(self, request, pk, **kwargs):
        peer = get_object_or_404(peers_visible_to(user=request.user), pk=pk)
        record = get_object_or_404(getattr(peer, self.related_name), pk=kwargs[self.record_kwarg])
        messages.success(request, self.remove(record))
        return redirect(peer.get_absolute_url())


class UnavailabilityDeleteView(PeerChildDeleteView):
    related_name, record_kwarg = "unavailabilities", "period_pk"

    def remove(self, period):
        services.unavailability_remove(by=self.request.user, period=period)
        return "Dates removed"


class TrainingRecordCreateView(LgaStaffRequiredMixin, PeerChildFormView):
    """LGA staff record a peer's training; the peer sees it on their record, read-only."""

    template_name = "authorities/trainingrecord_form.html"
    form_class = TrainingRecordForm

    def perform(self, form):
        record = services.training_record_add(by=self.request.user, peer=self.peer, **form.cleaned_data)
        messages.success(self.request, f"{record.course} added")


class TrainingRecordUpdateView(LgaStaffRequiredMixin, PeerChildFormView):
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
        record = services.training_record_update(by=self.request.user, record=self.record, **form.cleaned_data)
        messages.success(self.request, f"{record.course} saved")


class TrainingRecordDeleteView(LgaStaffRequiredMixin, PeerChildDeleteView):
    related_name, record_kwarg = "training_records", "record_pk"

    def remove(self, record):
        services.training_record_remove(by=self.request.user, record=record)
        return f"{record.course} removed"


class PeerExportView(LgaStaffRequiredMixin, View):
    """The pool as CSV in the import's columns, with the peer list's search applied, so that
    an export can be corrected in a spreadsheet and imported again."""

    def get(self, request):
        search = PeerFilter(request.GET, queryset=peers_visible_to(user=request.user), request=request)
        if not search.is_valid():
            return redirect(f"{reverse('authorities:peer-list')}?{request.GET.urlencode()}")
        peers = peers_for_export(queryset=search.qs)
        response = StreamingHttpResponse(peer_csv.export_lines(peers), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="peer-pool-{timezone.localdate():%Y-%m-%d}.csv"'
        return response


# The checked file waits in the session (stored on the server) between the preview and the
# import; the confirmation sends back only the hash of what was previewed.
IMPORT_SESSION_KEY = "peer_import"


def _imported_file(session):
    stored = session.get(IMPORT_SESSION_KEY)
    return ContentFile(stored["text"].encode(), name=stored["name"]) if stored else None


class PeerImportView(LgaStaffRequiredMixin, ServiceFormMixin, FormView):
    """Import peers from CSV, step 1: upload a file. Nothing is saved until the user has
    checked every row (step 2) and confirmed (step 3)."""

    template_name = "authorities/peer_import.html"
    form_class = PeerImportForm
    success_url = reverse_lazy("authorities:peer-import-preview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            back_url=reverse("authorities:peer-list"),
            back_text="Peer pool",
            peer_types=PeerType.values,
            political_groups=PoliticalGroup.values,
            specialisms=Specialism.objects.order_by("code"),
            **kwargs,
        )

    def perform(self, form):
        checked = services.peers_import_preview(by=self.request.user, file=form.cleaned_data["file"])
        self.request.session[IMPORT_SESSION_KEY] = {"name": checked.name, "text": checked.text}


class PeerImportPreviewView(LgaStaffRequiredMixin, TemplateView):
    """Step 2: every row of the file as it would be saved, with its errors, checked against
    the pool as it is now each time the page is shown."""

    template_name = "authorities/peer_import_preview.html"
    summary_limit = 100  # the table below shows every error; the summary, the first ones

    def get(self, request, *args, **kwargs):
        file = _imported_file(request.session)
        if file is None:
            return redirect("authorities:peer-import")
        try:
            checked = services.peers_import_preview(by=request.user, file=file)
        except ValidationError as error:  # the limits changed since the upload, say
            del request.session[IMPORT_SESSION_KEY]
            messages.error(request, error.messages[0])
            return redirect("authorities:peer-import")
        errors = checked.errors
        return self.render_to_response(
            self.get_context_data(
                checked=checked,
                errors=errors,
                summary_errors=errors[: self.summary_limit],
                errors_not_in_summary=max(len(errors) - self.summary_limit, 0),
                confirm_form=PeerImportConfirmForm(initial={"sha256": checked.sha256}),
            )
        )


class PeerImportConfirmView(LgaStaffRequiredMixin, View):
    """Step 3: save every row, or none, and say what changed."""

    http_method_names = ["post"]

    def post(self, request):
        file, form = _imported_file(request.session), PeerImportConfirmForm(request.POST)
        if file is None or not form.is_valid():
            messages.error(request, "There is no file waiting to be imported: upload it again")
            return redirect("authorities:peer-import")
        try:
            checked = services.peers_import_commit(by=request.user, file=file, sha256=form.cleaned_data["sha256"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("authorities:peer-import-preview")
        del request.session[IMPORT_SESSION_KEY]
        added, updated, unchanged = len(checked.new_rows), len(checked.changed_rows), len(checked.unchanged_rows)
        messages.success(request, f"Peers imported: {added} added, {updated} updated, {unchanged} unchanged")
        return redirect("authorities:peer-list")
