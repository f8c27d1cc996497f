"""The authority's action plan: the plan page (read only for LGA staff who oversee the
challenge and its team), its CSV, and the authority's pages to respond to a recommendation,
add, change and remove actions, change an action's status and mark the plan final."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView

from challenges.forms.action_plan import PlannedActionForm, PlannedActionStatusForm, RecommendationResponseForm
from challenges.models import PlannedAction
from challenges.selectors.action_plan import (
    CSV_HEADER,
    action_plan_csv_rows,
    action_plan_entries,
    action_plan_for,
    action_plan_missing,
    action_plan_summary,
    challenges_plan_recorded_by,
    challenges_with_plan_visible_to,
)
from challenges.selectors.finding import recommendations_numbered
from challenges.services.action_plan import (
    ACTION_FIELDS,
    action_plan_finalise,
    planned_action_add,
    planned_action_change,
    planned_action_remove,
    planned_action_status_change,
    recommendation_respond,
)
from challenges.views.challenge import ChallengeChildFormView
from peersupport import csv_files
from peersupport.forms import ConfirmForm


def plan_url(challenge) -> str:
    return reverse("challenges:action-plan", args=[challenge.pk])


class ActionPlanView(LoginRequiredMixin, DetailView):
    """The plan: a count of actions by status, then each recommendation with the authority's
    response and actions. The authority changes it from here; others read it."""

    template_name = "challenges/action_plan/action_plan_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_with_plan_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge = self.object
        plan = action_plan_for(challenge=challenge)
        entries = action_plan_entries(challenge=challenge, plan=plan)
        can_record = self.request.user.has_perm("challenges.record_action_plan", challenge)
        return super().get_context_data(
            plan=plan, entries=entries, summary=action_plan_summary(entries=entries), can_record=can_record,
            can_edit=can_record and not (plan and plan.is_final),
            missing=action_plan_missing(entries=entries) if can_record else [], **kwargs
        )


class ActionPlanCsvView(LoginRequiredMixin, DetailView):
    """The plan as CSV: one row an action, and one for a recommendation without any."""

    def get_queryset(self):
        return challenges_with_plan_visible_to(user=self.request.user)

    def render_to_response(self, context):
        challenge = self.object
        entries = action_plan_entries(challenge=challenge, plan=action_plan_for(challenge=challenge))
        body = "".join(csv_files.export_lines(action_plan_csv_rows(entries=entries), header=CSV_HEADER))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{challenge.authority.slug}-action-plan-{challenge.pk}.csv"'
        return response


class ActionPlanFormView(ChallengeChildFormView):
    """A page of the authority's own plan: anyone else, a challenge whose report is not
    published, and a record not of this plan are a 404. A plan once final is not changed:
    its pages go back to it, saying so."""

    parents = staticmethod(challenges_plan_recorded_by)
    open_after_final = False

    @cached_property
    def plan(self):
        return action_plan_for(challenge=self.challenge)

    def before_form(self):
        """Find the page's records; a redirect instead when the plan is final."""
        if self.plan and self.plan.is_final and not self.open_after_final:
            messages.info(self.request, "The action plan is final: its responses and actions can no longer be changed")
            return redirect(plan_url(self.challenge))
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": plan_url(self.challenge)}

    def get_success_url(self):
        return plan_url(self.challenge)


class RecommendationMixin:
    def before_form(self):
        found = {finding.pk: finding for finding in recommendations_numbered(challenge=self.challenge)}
        self.recommendation = found.get(self.kwargs["finding_pk"])
        if self.recommendation is None:
            raise Http404
        self.response = None
        if self.plan:
            self.response = self.plan.responses.filter(recommendation=self.recommendation).first()
        return super().before_form()

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.recommendation, response=self.response, **kwargs)


class ActionMixin:
    def before_form(self):
        actions = PlannedAction.objects.filter(response__plan__challenge=self.challenge).select_related("response__recommendation")
        self.action = get_object_or_404(actions, pk=self.kwargs["action_pk"])
        found = {finding.pk: finding for finding in recommendations_numbered(challenge=self.challenge)}
        self.recommendation = found.get(self.action.response.recommendation_id)
        if self.recommendation is None:
            raise Http404
        return super().before_form()

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=self.action, recommendation=self.recommendation, **kwargs)


class RecommendationRespondView(RecommendationMixin, ActionPlanFormView):
    template_name = "challenges/action_plan/response_form.html"
    form_class = RecommendationResponseForm

    def get_initial(self):
        return {"response": self.response.response} if self.response else {}

    def perform(self, form):
        recommendation_respond(by=self.request.user, challenge=self.challenge, recommendation=self.recommendation, **form.cleaned_data)
        messages.success(self.request, f"Response to recommendation {self.recommendation.number} saved")


class PlannedActionAddView(RecommendationMixin, ActionPlanFormView):
    template_name = "challenges/action_plan/action_form.html"
    form_class = PlannedActionForm

    def before_form(self):
        redirected = super().before_form()
        if redirected is None and self.response is None:
            messages.info(self.request, f"Respond to recommendation {self.recommendation.number} before adding its actions")
            return redirect(reverse("challenges:action-plan-respond", args=[self.challenge.pk, self.recommendation.pk]))
        return redirected

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Add action"}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Add an action for recommendation {self.recommendation.number}", **kwargs)

    def perform(self, form):
        planned_action_add(by=self.request.user, response=self.response, **form.cleaned_data)
        messages.success(self.request, f"Action added to recommendation {self.recommendation.number}")


class PlannedActionChangeView(ActionMixin, ActionPlanFormView):
    template_name = "challenges/action_plan/action_form.html"
    form_class = PlannedActionForm

    def get_initial(self):
        return {name: getattr(self.action, name) for name in ACTION_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Change an action for recommendation {self.recommendation.number}", **kwargs)

    def perform(self, form):
        planned_action_change(by=self.request.user, planned_action=self.action, **form.cleaned_data)
        messages.success(self.request, "Action changed")


class PlannedActionStatusView(ActionMixin, ActionPlanFormView):
    """How an action stands: changed also once the plan is final, as the authority tracks it."""

    template_name = "challenges/action_plan/action_status_form.html"
    form_class = PlannedActionStatusForm
    open_after_final = True

    def get_initial(self):
        return {"status": self.action.status}

    def perform(self, form):
        action = planned_action_status_change(by=self.request.user, planned_action=self.action, status=form.cleaned_data["status"])
        messages.success(self.request, f"Status changed to ‘{action.get_status_display()}’")


class PlannedActionRemoveView(ActionMixin, ActionPlanFormView):
    template_name = "challenges/action_plan/action_remove.html"
    form_class = ConfirmForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Remove action"}

    def perform(self, form):
        planned_action_remove(by=self.request.user, planned_action=self.action)
        messages.success(self.request, "Action removed")


class ActionPlanFinaliseView(ActionPlanFormView):
    """Marking the plan final, after a page that says it will be published beside the report."""

    template_name = "challenges/action_plan/action_plan_finalise.html"
    form_class = ConfirmForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Mark the plan final and publish it"}

    def get_context_data(self, **kwargs):
        entries = action_plan_entries(challenge=self.challenge, plan=self.plan)
        return super().get_context_data(missing=action_plan_missing(entries=entries), entries=entries, **kwargs)

    def perform(self, form):
        action_plan_finalise(by=self.request.user, challenge=self.challenge)
        messages.success(self.request, "The action plan is final and published beside the report")
