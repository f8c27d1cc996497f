"""The peer pool: the list, a peer's record, and adding or correcting a peer."""

import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.filters.peer import PeerFilter
from authorities.forms.peer import PeerForm
from authorities.models import Peer
from authorities.selectors.peer import (
    peer_assignments,
    peer_load_in_year,
    peer_training_records,
    peers_for_list,
    peers_visible_to,
    peers_with_specialisms_and_loads,
)
from authorities.services.peer import peer_save
from peersupport.links import query_without, record_url_maker
from peersupport.templatetags.govuk import tag_html
from peersupport.views import ParentFormView, PermissionRequiredMixin, ServiceFormMixin


class PeerListView(PermissionRequiredMixin, FilterView):
    """The peer pool, searchable and filterable, for LGA staff."""

    permission_required = "authorities.view_peer_pool"
    template_name = "authorities/peer_list.html"
    filterset_class = PeerFilter
    context_object_name = "peers"
    paginate_by = 50
    strict = True  # a search with errors shows its errors and no peers, not the whole pool

    def get_queryset(self):
        return peers_for_list(queryset=peers_visible_to(user=self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query_string=query_without(self.request, "page"), **kwargs)
        context["peers"] = peers_with_specialisms_and_loads(peers=context["peers"])
        link = record_url_maker("authorities:peer-detail")
        context["rows"] = [_peer_row(peer, link) for peer in context["peers"]]
        return context


def _peer_row(peer, link):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    about = [
        PeerType(peer["peer_type"]).label, peer["role_title"],
        PoliticalGroup(peer["political_group"]).label if peer["political_group"] else "",
    ]
    tags = [tag_html("Can lead", "green")] if peer["can_lead"] else []
    if not peer["is_active"]:
        tags.append(tag_html("Retired", "grey"))
    tags = mark_safe("".join(f"<br>{tag}" for tag in tags))  # GOV.UK tags, each on a line of its own
    region = peer["home_authority__region"]
    return {
        "url": link(peer["pk"]),
        "name": peer["full_name"],
        "about": ", ".join(part for part in about if part),
        "tags": tags,
        "home": Peer.home_name(peer["home_authority__short_name"], peer["home_organisation"]),
        "region": Region(region).label if region else "",
        "specialisms": peer["specialism_names"] or "None recorded",
        "load": f"{peer['load_this_year']} of {peer['max_challenges_per_year']}",
    }


class PeerSaveMixin(ServiceFormMixin):
    """Add or correct a peer's whole record (LGA staff)."""

    template_name = "authorities/peer_form.html"
    form_class = PeerForm

    def perform(self, form):
        data = dict(form.cleaned_data)
        specialisms, tags = data.pop("specialisms"), data.pop("tags")
        self.object = peer_save(
            by=self.request.user, peer=form.instance, specialisms=specialisms, tags=tags, **data
        )
        messages.success(self.request, f"{self.object.full_name} saved")

    def get_success_url(self):
        return self.object.get_absolute_url()


class PeerCreateView(PermissionRequiredMixin, PeerSaveMixin, CreateView):
    permission_required = "authorities.keep_peer_pool"

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=reverse("authorities:peer-list"), back_text="Peer pool", **kwargs)


class PeerUpdateView(PermissionRequiredMixin, PeerSaveMixin, UpdateView):
    permission_required = "authorities.keep_peer_pool"

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
            load_heading=f"Challenges in {today.year}",
            load_summary=f"{peer_load_in_year(peer=peer, year=today.year)} of {peer.max_challenges_per_year} a year",
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
