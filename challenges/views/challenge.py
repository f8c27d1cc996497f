"""Challenges: the list, booking one, and a challenge's page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.urls import reverse
from django.views.generic import DetailView
from django_filters.views import FilterView

from challenges.choices import SCOPABLE_STATUSES, ChallengeStatus
from challenges.filters.challenge import ChallengeFilter
from challenges.rows import challenge_row, challenge_row_html
from challenges.selectors.challenge import challenges_managed_by, challenges_visible_to
from challenges.selectors.history import challenge_history
from challenges.selectors.programme import challenge_list_values, challenge_status_counts
from challenges.selectors.team import team_active
from challenges.services.challenge import RESCHEDULABLE_STATUSES
from challenges.services.status import ACTION_LABELS, status_moves_from
from peersupport.links import query_without, record_url_maker
from peersupport.views import ParentFormView, PermissionRequiredMixin


class ChallengeListView(PermissionRequiredMixin, FilterView):
    """The programme's challenges the user can see (LGA staff in scope, a peer the teams they
    are on), filtered by status, type, region, year, adviser and authority, with a count for
    each status, sorted and paginated; the same filters download as CSV. A constant number of
    queries whatever the number of challenges."""

    permission_required = "challenges.view_challenges"
    template_name = "challenges/challenge_list.html"
    filterset_class = ChallengeFilter
    context_object_name = "challenges"
    paginate_by = 50
    strict = True  # a filter with errors shows its errors and no challenges

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        counts = challenge_status_counts(queryset=filterset.without_status) if filterset.is_valid() else []
        if counts:
            # The counts give the number of challenges the filters keep, so that the paginator
            # need not count them again.
            chosen = filterset.form.cleaned_data.get("status")
            self.total = sum(count for status, count in counts if not chosen or status == chosen)
        context = super().get_context_data(**kwargs)
        link = record_url_maker("challenges:challenge-detail")
        context["rows"] = [
            challenge_row(challenge, link(challenge["pk"]))
            for challenge in challenge_list_values(queryset=context["challenges"])
        ]
        context["rows_html"] = [challenge_row_html(row) for row in context["rows"]]
        query = query_without(self.request, "status", "page")
        context["status_counts"] = [
            {"status": status, "count": count, "href": f"?{query}&status={status.value}" if query else f"?status={status.value}",
             "current": filterset.form.cleaned_data.get("status") == status}
            for status, count in counts
        ]
        context["query_string"] = query_without(self.request, "page")
        return context

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page, **kwargs)
        if getattr(self, "total", None) is not None:
            paginator.count = self.total  # Paginator.count is a cached property: set, it is not counted
        return paginator


def status_move_url(challenge, status) -> str:
    """Where a move of the challenge's life is made: sending for the factual accuracy check
    has a page of its own, as it sets the authority's deadline."""
    if status == ChallengeStatus.FACTUAL_CHECK:
        return reverse("challenges:factual-check-send", args=[challenge.pk])
    return reverse("challenges:challenge-status", args=[challenge.pk, status])


class ChallengeDetailView(LoginRequiredMixin, DetailView):
    """A challenge's page: its details, team and findings, and its feedback report from the
    reports app's template tag."""

    template_name = "challenges/challenge_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user).select_related(
            "principal_adviser", "challenge_manager", "requested_by", "inspection"
        )

    def get_context_data(self, **kwargs):
        challenge, user = self.object, self.request.user
        moves = [
            {"label": ACTION_LABELS[status], "url": status_move_url(challenge, status),
             "warning": status in (ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED)}
            for status, permission in status_moves_from(challenge.status)
            if user.has_perm(permission, challenge)
            # Confirming needs the visit's dates: until then "Scope the challenge" agrees them.
            and not (status == ChallengeStatus.CONFIRMED and not challenge.start_date)
        ]
        return super().get_context_data(
            team=team_active(challenge=challenge),
            moves=moves, can_reschedule=challenge.status in RESCHEDULABLE_STATUSES,
            can_scope=challenge.status in SCOPABLE_STATUSES,
            documents=challenge.documents.select_related("uploaded_by"), **kwargs
        )


class ChallengeChildFormView(ParentFormView):
    """A form about one challenge, found only among the challenges the user may change this
    way, for those with `permission` on it (when set): anyone else gets a 404."""

    parent_name = "challenge"
    parents = staticmethod(challenges_visible_to)
    permission = None

    def before_form(self):
        if self.permission and not self.request.user.has_perm(self.permission, self.challenge):
            raise Http404
        return None

    @property
    def challenge(self):
        return self.parent


class ChallengeHistoryView(PermissionRequiredMixin, DetailView):
    """Who changed what and when in a challenge, for LGA staff who oversee it."""

    permission_required = "challenges.book_challenge"
    template_name = "challenges/challenge_history.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_managed_by(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entries=challenge_history(challenge=self.object), **kwargs)
