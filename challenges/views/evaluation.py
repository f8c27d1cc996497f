"""The evaluation of a challenge: the page a person answers from the email's link (no
sign-in: the secret in the link is the key), the answers for the LGA staff who oversee the
challenge, and the programme's yearly summary, on the page and as CSV."""

import re

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView

from authorities.choices import Region
from challenges.choices import EVALUATION_QUESTIONS
from challenges.forms.evaluation import EvaluationAnswerForm, EvaluationSummaryForm
from challenges.models import Evaluation
from challenges.selectors.evaluation import (
    challenges_with_evaluations_seen_by,
    evaluation_figures,
    evaluation_summary_by_year,
    evaluations_for_challenge,
)
from challenges.services.dates import visit_description
from challenges.services.evaluation import evaluation_answer, evaluation_invitation_resend, evaluation_results_path
from challenges.templatetags.evaluation_tags import one_decimal
from peersupport.csv_files import escape_cell, export_lines
from peersupport.views import PermissionRequiredMixin, ServiceFormMixin

# The shape of the secrets the service makes (secrets.token_urlsafe): anything else is no
# evaluation, and is not looked for (PostgreSQL refuses a NUL in a query's text).
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SEE_EVALUATIONS = "challenges.see_evaluations"
# The questions as the tables' columns name them.
COLUMN_HEADINGS = {
    "preparation_rating": "Preparation", "team_rating": "Peer team", "feedback_rating": "Feedback on site",
    "report_rating": "Report",
}


class EvaluationAnswerView(ServiceFormMixin, FormView):
    """The challenge, the four questions and a box for comments; once answered, the date it
    was answered and no form: an answer cannot be changed."""

    template_name = "challenges/evaluation/evaluation_answer.html"
    form_class = EvaluationAnswerForm

    def dispatch(self, request, *args, token, **kwargs):
        if not TOKEN.fullmatch(token):
            raise Http404
        self.evaluation = get_object_or_404(Evaluation.objects.select_related("challenge__authority"), token=token)
        response = super().dispatch(request, *args, token=token, **kwargs)
        # The page holds the secret of the link: kept by no cache, and listed by no search engine.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    def post(self, request, *args, **kwargs):
        if self.evaluation.is_answered:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        challenge = self.evaluation.challenge
        context = super().get_context_data(
            evaluation=self.evaluation, challenge=challenge, on_site=visit_description(challenge), **kwargs
        )
        if self.evaluation.is_answered:
            context.pop("form", None)
        return context

    def perform(self, form):
        self.evaluation = evaluation_answer(
            evaluation=self.evaluation, ratings=form.ratings, comments=form.cleaned_data["comments"]
        )
        messages.success(self.request, "Thank you: your answer has been sent")

    def get_success_url(self):
        return self.request.path


class EvaluationResultsView(LoginRequiredMixin, DetailView):
    """Each answer to the challenge's evaluation (role, name, ratings, comments), the figures,
    and who has not answered yet, with "Send again": for the LGA staff who oversee the
    challenge; anyone else gets a 404."""

    template_name = "challenges/evaluation/evaluation_results.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_with_evaluations_seen_by(user=self.request.user)

    def get_object(self, queryset=None):
        challenge = super().get_object(queryset)
        if not self.request.user.has_perm(SEE_EVALUATIONS, challenge):
            raise Http404
        return challenge

    def get_context_data(self, **kwargs):
        evaluations = list(evaluations_for_challenge(challenge=self.object))
        return super().get_context_data(
            figures=evaluation_figures(challenge=self.object),
            answered=[evaluation for evaluation in evaluations if evaluation.is_answered],
            waiting=[evaluation for evaluation in evaluations if not evaluation.is_answered],
            questions=EVALUATION_QUESTIONS,
            **kwargs,
        )


class EvaluationInvitationResendView(LoginRequiredMixin, View):
    """Send an unanswered invitation again (at most once a day): a button on the results page."""

    def post(self, request, pk, evaluation_pk):
        challenge = get_object_or_404(challenges_with_evaluations_seen_by(user=request.user), pk=pk)
        if not request.user.has_perm(SEE_EVALUATIONS, challenge):
            raise Http404
        evaluation = get_object_or_404(challenge.evaluations.all(), pk=evaluation_pk)
        try:
            evaluation_invitation_resend(by=request.user, evaluation=evaluation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The invitation has been sent again to {evaluation.name}")
        return redirect(evaluation_results_path(challenge))


class EvaluationSummaryMixin(PermissionRequiredMixin):
    """The summary's region, from the query: a region not in the list is refused."""

    permission_required = "challenges.see_evaluation_summary"

    def summary_form(self):
        form = EvaluationSummaryForm(self.request.GET or None)
        region = form.cleaned_data["region"] if form.is_valid() else ""
        return form, region


class EvaluationSummaryView(EvaluationSummaryMixin, TemplateView):
    """Per financial year, how many were asked and answered and the average rating for each
    question, for LGA staff, optionally for one region; downloadable as CSV."""

    template_name = "challenges/evaluation/evaluation_summary.html"

    def get_context_data(self, **kwargs):
        form, region = self.summary_form()
        years = evaluation_summary_by_year(region=region) if not form.errors else []
        for year in years:
            year["average_list"] = [year["averages"][field] for field, _ in EVALUATION_QUESTIONS]
        return super().get_context_data(
            form=form, region=Region(region).label if region else "", years=years,
            questions=[(COLUMN_HEADINGS[field], question) for field, question in EVALUATION_QUESTIONS],
            query=self.request.GET.urlencode() if region else "", **kwargs
        )


SUMMARY_HEADER = ["Financial year", "Challenges", "Invited", "Answered", *[question for _, question in EVALUATION_QUESTIONS]]


def summary_rows(years):
    """The summary's rows as the CSV holds them: averages to one decimal, blank with no answers."""
    for year in years:
        yield [
            year["label"], year["challenges"], year["invited"], year["answered"],
            *[one_decimal(year["averages"][field]) for field, _ in EVALUATION_QUESTIONS],
        ]


class EvaluationSummaryDownloadView(EvaluationSummaryMixin, View):
    """The summary's table as CSV, for the region chosen; a region not in the list goes back
    to the page, which says why."""

    def get(self, request):
        form, region = self.summary_form()
        if form.errors:
            return redirect(f"{request.path.removesuffix('download/')}?{request.GET.urlencode()}")
        rows = ([escape_cell(str(cell)) for cell in row] for row in summary_rows(evaluation_summary_by_year(region=region)))
        response = StreamingHttpResponse(export_lines(rows, header=SUMMARY_HEADER), content_type="text/csv; charset=utf-8")
        name = f"evaluation-summary{'-' + region.replace('_', '-') if region else ''}-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
