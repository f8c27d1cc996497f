"""The peer team's findings: the findings page, adding, editing, deleting, reordering,
accepting and rejecting them, and the library of wording they can start from."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from challenges.choices import FindingState
from challenges.filters.finding import WordingFilter
from challenges.forms.finding import FindingDeleteForm, FindingEditForm, FindingForm, FindingRejectForm
from challenges.selectors.challenge import challenges_reported_by
from challenges.selectors.finding import (
    challenges_drafted_by,
    challenges_findings_visible_to,
    findings_are_frozen,
    findings_editable_by,
    findings_page,
    wording_library,
)
from challenges.services.finding import (
    FindingEditConflict,
    finding_accept,
    finding_delete,
    finding_edit,
    finding_move,
    finding_record,
    finding_reject,
    finding_template_delete,
    finding_template_save,
)
from challenges.views.challenge import ChallengeChildFormView
from peersupport.links import query_without
from peersupport.views import PermissionRequiredMixin


def findings_url(challenge, finding=None) -> str:
    """The findings page; at `finding`, so that focus and scroll come back to it after an action."""
    url = reverse("challenges:findings", args=[challenge.pk])
    return f"{url}#finding-{finding.pk}" if finding else url


def _template_id(value) -> int | None:
    """A wording's id from the address, or None when it is not a plausible one."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


class FindingListView(LoginRequiredMixin, DetailView):
    """A challenge's findings, area by area in the report's order with a count of each kind, for
    LGA staff who oversee it and its team. The lead peer and the challenge manager edit, delete,
    reorder and take in the drafts; a team member sees their own drafts; once the report is
    published nothing changes. A constant number of queries whatever the number of findings."""

    template_name = "challenges/findings/finding_list.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_findings_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge, user = self.object, self.request.user
        frozen = findings_are_frozen(challenge)
        can_record = not frozen and user.has_perm("challenges.record_findings", challenge)
        can_draft = not frozen and user.has_perm("challenges.draft_findings", challenge)
        return super().get_context_data(
            page=findings_page(challenge=challenge, user=user), frozen=frozen, can_record=can_record,
            can_draft=can_draft, can_keep_wording=user.has_perm("challenges.keep_wording_library"), **kwargs
        )


class FindingFormView(ChallengeChildFormView):
    """A form about the findings of a challenge whose team the user is on; it returns to the
    findings page."""

    parents = staticmethod(challenges_drafted_by)

    def before_form(self):
        # Once the report is published the form could only be refused on saving, after the
        # work of filling it in: the findings page says why nothing can change.
        if self.request.method == "GET" and findings_are_frozen(self.challenge):
            return redirect(findings_url(self.challenge))
        return super().before_form()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": findings_url(self.challenge), "back_text": "Back to the findings"}

    def get_success_url(self):
        return findings_url(self.challenge, getattr(self, "finding", None))


class FindingCreateView(FindingFormView):
    """Adding a finding: into the report for the lead peer and the challenge manager, as a draft
    for them to take for anyone else on the team. `?template=` starts it from the library of
    wording, and the finding remembers that it did."""

    template_name = "challenges/findings/finding_form.html"
    form_class = FindingForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "focus_areas": self.challenge.focus_areas}

    @cached_property
    def template(self):
        if "template" not in self.request.GET:
            return None
        pk = _template_id(self.request.GET["template"])
        if pk is None:
            raise Http404
        return get_object_or_404(wording_library(user=self.request.user), pk=pk)

    def get(self, request, *args, **kwargs):
        self.template  # noqa: B018 - an unknown wording is a 404 before the form shows
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        if self.template:
            return {"kind": self.template.kind, "area": self.template.area, "text": self.template.text}
        return {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template=self.template, drafting=not self.request.user.has_perm("challenges.record_findings", self.challenge),
            wording_url=f"{reverse('challenges:wording-library')}?challenge={self.challenge.pk}", **kwargs
        )

    def perform(self, form):
        self.finding = finding_record(by=self.request.user, challenge=self.challenge, template=self.template, **form.cleaned_data)
        if self.finding.state == FindingState.DRAFT:
            messages.success(self.request, f"{self.finding.get_kind_display()} saved as a draft for the lead peer to accept")
        else:
            messages.success(self.request, f"{self.finding.get_kind_display()} saved")


class OneFindingMixin:
    """The finding in the address, among those of the challenge the user may change."""

    def findings(self):
        return findings_editable_by(user=self.request.user, challenge=self.challenge)

    @cached_property
    def finding(self):
        return get_object_or_404(self.findings(), pk=self.kwargs["finding_pk"])

    def before_form(self):
        self.finding  # noqa: B018 - a finding the user may not change is a 404
        return super().before_form()

    def get_context_data(self, **kwargs):
        return super().get_context_data(finding=self.finding, **kwargs)


class FindingUpdateView(OneFindingMixin, FindingFormView):
    """Editing a finding, from the version it was read at. When someone else saved it meanwhile,
    nothing is saved: the page shows their words beside the user's, and a second save (from
    their version now) overwrites them knowingly."""

    template_name = "challenges/findings/finding_form.html"
    form_class = FindingEditForm
    conflict = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "legacy_area": self.finding.area, "focus_areas": self.challenge.focus_areas}

    def get_initial(self):
        finding = self.finding
        return {name: getattr(finding, name) for name in (
            "kind", "area", "text", "priority", "title", "why_it_matters", "practice_contact", "shared_with_sector", "version"
        )}

    def perform(self, form):
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        try:
            self.finding = finding_edit(by=self.request.user, finding=self.finding, version=version, **changes)
        except FindingEditConflict as conflict:
            # The user's words stay in the form; the version is now the other person's, so
            # that saving again replaces their words knowingly.
            self.conflict = conflict.current
            form.data = form.data.copy()
            form.data["version"] = str(conflict.current.version)
            raise
        messages.success(self.request, f"{self.finding.get_kind_display()} saved")

    def get_context_data(self, **kwargs):
        return super().get_context_data(editing=True, conflict=self.conflict, **kwargs)


class FindingDeleteView(OneFindingMixin, FindingFormView):
    """Deleting a finding, after a page that shows it and asks."""

    template_name = "challenges/findings/finding_delete.html"
    form_class = FindingDeleteForm

    def perform(self, form):
        finding_delete(by=self.request.user, finding=self.finding)
        messages.success(self.request, f"{self.finding.get_kind_display()} deleted")

    def get_success_url(self):
        return findings_url(self.challenge)


class FindingRejectView(OneFindingMixin, FindingFormView):
    """The lead peer or challenge manager leaves a team member's draft out, saying why."""

    parents = staticmethod(challenges_reported_by)
    template_name = "challenges/findings/finding_reject.html"
    form_class = FindingRejectForm

    def findings(self):
        return super().findings().filter(state=FindingState.DRAFT)

    def perform(self, form):
        finding_reject(by=self.request.user, finding=self.finding, reason=form.cleaned_data["rejection_reason"])
        messages.success(self.request, f"Draft by {self.finding.recorded_by.full_name} rejected")

    def get_success_url(self):
        return findings_url(self.challenge)


class FindingActionView(LoginRequiredMixin, View):
    """A button on the findings page that acts on one finding (POST only), then returns to it
    there; a refusal is shown at the top of the page."""

    http_method_names = ["post"]
    parents = staticmethod(challenges_reported_by)

    def findings(self, challenge):
        return findings_editable_by(user=self.request.user, challenge=challenge)

    def post(self, request, pk, finding_pk, **kwargs):
        challenge = get_object_or_404(self.parents(user=request.user), pk=pk)
        finding = get_object_or_404(self.findings(challenge), pk=finding_pk)
        try:
            message = self.act(finding, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, message)
        return redirect(findings_url(challenge, finding))


class FindingMoveView(FindingActionView):
    def act(self, finding, direction):
        if direction not in ("up", "down"):
            raise Http404
        finding_move(by=self.request.user, finding=finding, direction=direction)
        return f"{finding.get_kind_display()} moved {direction}"


class FindingAcceptView(FindingActionView):
    def findings(self, challenge):
        return super().findings(challenge).filter(state=FindingState.DRAFT)

    def act(self, finding):
        finding_accept(by=self.request.user, finding=finding)
        return f"Draft by {finding.recorded_by.full_name} accepted into the report"


class FindingWordingSaveView(FindingActionView):
    """LGA staff keep a finding's words in the library of wording."""

    parents = staticmethod(challenges_findings_visible_to)

    def findings(self, challenge):
        if not self.request.user.has_perm("challenges.keep_wording_library"):
            raise Http404
        return challenge.findings.filter(state=FindingState.ACCEPTED)

    def act(self, finding):
        finding_template_save(by=self.request.user, kind=finding.kind, area=finding.area, text=finding.text)
        return f"{finding.get_kind_display()} saved to the library of wording"


class WordingLibraryView(PermissionRequiredMixin, FilterView):
    """The library of wording: searched by words, kind and area, each entry with how often
    it was used. A team member who came from a challenge's findings (`?challenge=`) starts a
    finding from an entry; LGA staff take entries out."""

    permission_required = "challenges.use_wording_library"
    template_name = "challenges/findings/wording_library.html"
    filterset_class = WordingFilter
    context_object_name = "entries"
    paginate_by = 20
    strict = True

    def get_queryset(self):
        return wording_library(user=self.request.user).order_by("kind", "area", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        challenge = None
        if self.filterset.is_valid() and self.filterset.form.cleaned_data.get("challenge"):
            challenge = challenges_drafted_by(user=self.request.user).filter(pk=self.filterset.form.cleaned_data["challenge"]).first()
            if challenge and findings_are_frozen(challenge):
                challenge = None  # its findings are frozen: nothing can start from an entry
        context.update(
            challenge=challenge, query_string=query_without(self.request, "page"),
            can_keep=self.request.user.has_perm("challenges.keep_wording_library"),
        )
        return context


class WordingDeleteView(PermissionRequiredMixin, FormView):
    """LGA staff take an entry out of the library of wording, after a page that asks."""

    permission_required = "challenges.keep_wording_library"
    template_name = "challenges/findings/wording_delete.html"
    form_class = FindingDeleteForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(self.permission_required):
            self.entry = get_object_or_404(wording_library(user=request.user), pk=kwargs["template_pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Take it out of the library"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, back_url=reverse("challenges:wording-library"), **kwargs)

    def form_valid(self, form):
        finding_template_delete(by=self.request.user, template=self.entry)
        messages.success(self.request, "Wording taken out of the library")
        return redirect("challenges:wording-library")

