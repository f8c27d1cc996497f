from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView
from django_filters.views import FilterView

from challenges.permissions import can_book_challenges
from challenges.selectors import challenges_for_authority
from reports.selectors import reports_published_for_authority

from . import services
from .filters import PeerFilter
from .forms import LoginForm, PeerContactForm, PeerForm, PeerSpecialismsForm, UnavailabilityForm
from .selectors import (
    authorities_visible_to,
    peer_assignments,
    peer_load_in_year,
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


class AuthorityDetailView(LoginRequiredMixin, DetailView):
    template_name = "authorities/authority_detail.html"
    context_object_name = "authority"

    def get_queryset(self):
        return authorities_visible_to(user=self.request.user).select_related("succeeded_by")

    def get_context_data(self, **kwargs):
        authority = self.object
        return super().get_context_data(
            challenges=challenges_for_authority(authority=authority),
            published_reports=reports_published_for_authority(authority=authority),
            **kwargs,
        )


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
    pass


class PeerUpdateView(LgaStaffRequiredMixin, PeerSaveMixin, UpdateView):
    def get_queryset(self):
        return peers_visible_to(user=self.request.user)


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
            training_records=peer.training_records.all(),
            unavailabilities=peer.unavailabilities.filter(end_date__gte=today),
            assignments=peer_assignments(peer=peer),
            load_this_year=peer_load_in_year(peer=peer, year=today.year),
            year=today.year,
            **kwargs,
        )


class PeerChildFormView(LoginRequiredMixin, ServiceFormMixin, FormView):
    """A form about one peer, found among the peers the user may see: LGA staff any, a peer
    only themself; anyone else gets a 404."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.peer = get_object_or_404(peers_visible_to(user=request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(peer=self.peer, back_url=self.peer.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.peer.get_absolute_url()


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


class UnavailabilityDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, period_pk):
        peer = get_object_or_404(peers_visible_to(user=request.user), pk=pk)
        period = get_object_or_404(peer.unavailabilities, pk=period_pk)
        services.unavailability_remove(by=request.user, period=period)
        messages.success(request, "Dates removed")
        return redirect(peer.get_absolute_url())
