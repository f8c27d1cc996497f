"""The progress review: its page (each recommendation with the authority's actions beside the
progress recorded), scheduling it, recording the progress on a recommendation, the overall
summary, and completing it. Its report is asked for from the reports app."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import DetailView

from challenges.forms.progress_review import ProgressReviewScheduleForm, ProgressReviewSummaryForm, RecommendationProgressForm
from challenges.selectors.finding import recommendations_numbered
from challenges.selectors.progress_review import (
    RECORDING_STATUSES,
    challenges_review_recorded_by,
    challenges_review_scheduled_by,
    challenges_with_review_visible_to,
    progress_review_default_date,
    progress_review_entries,
    progress_review_for,
    progress_review_missing,
)
from challenges.services.progress_review import (
    progress_review_complete,
    progress_review_schedule,
    progress_review_summary_save,
    recommendation_progress_record,
)
from challenges.views.challenge import ChallengeChildFormView
from peersupport.forms import ConfirmForm


def review_url(challenge) -> str:
    return reverse("challenges:progress-review", args=[challenge.pk])


class ProgressReviewView(LoginRequiredMixin, DetailView):
    """The review: when it is due, each recommendation with the action plan's actions beside
    the progress recorded, the summary, and its report. LGA staff who oversee the challenge
    and the team see it; LGA staff and the report's writers record it."""

    template_name = "challenges/progress_review/progress_review_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_with_review_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge, user = self.object, self.request.user
        review = progress_review_for(challenge=challenge)
        entries = progress_review_entries(challenge=challenge, review=review)
        open_to_record = review is not None and not review.completed_at and challenge.status in RECORDING_STATUSES
        return super().get_context_data(
            review=review, entries=entries,
            can_schedule=user.has_perm("challenges.schedule_progress_review", challenge)
            and challenge.status in RECORDING_STATUSES and not (review and review.completed_at),
            can_record=open_to_record and user.has_perm("challenges.record_progress", challenge),
            missing=progress_review_missing(entries=entries, review=review) if open_to_record else [],
            default_date=progress_review_default_date(challenge=challenge), **kwargs
        )


class ProgressReviewFormView(ChallengeChildFormView):
    """A page that records the review, for LGA staff who oversee the challenge and its lead
    peer and challenge manager (anyone else is a 404). Until the review is scheduled, and
    once it is complete, its pages go back to the review, saying why."""

    parents = staticmethod(challenges_review_recorded_by)

    @cached_property
    def review(self):
        return progress_review_for(challenge=self.challenge)

    def before_form(self):
        if self.review is None:
            messages.info(self.request, "Schedule the progress review before recording it")
            return redirect(review_url(self.challenge))
        if self.review.completed_at or self.challenge.status not in RECORDING_STATUSES:
            messages.info(self.request, "The progress review is complete: it can no longer be changed")
            return redirect(review_url(self.challenge))
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": review_url(self.challenge), "review": self.review}

    def get_success_url(self):
        return review_url(self.challenge)


class ProgressReviewScheduleView(ChallengeChildFormView):
    """Scheduling the review, or moving it: about ten months after the visit by default."""

    parents = staticmethod(challenges_review_scheduled_by)
    template_name = "challenges/progress_review/progress_review_schedule.html"
    form_class = ProgressReviewScheduleForm

    @cached_property
    def review(self):
        return progress_review_for(challenge=self.challenge)

    def get_initial(self):
        return {"scheduled_for": self.review.scheduled_for if self.review else progress_review_default_date(challenge=self.challenge)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "visit_ended": self.challenge.end_date}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": review_url(self.challenge), "review": self.review}

    def get_success_url(self):
        return review_url(self.challenge)

    def perform(self, form):
        review = progress_review_schedule(by=self.request.user, challenge=self.challenge, **form.cleaned_data)
        messages.success(self.request, f"The progress review is scheduled for {review.scheduled_for:%-d %B %Y}")


class RecommendationProgressRecordView(ProgressReviewFormView):
    template_name = "challenges/progress_review/progress_form.html"
    form_class = RecommendationProgressForm

    def before_form(self):
        found = {finding.pk: finding for finding in recommendations_numbered(challenge=self.challenge)}
        self.recommendation = found.get(self.kwargs["finding_pk"])
        if self.recommendation is None:
            raise Http404
        return super().before_form()

    def get_initial(self):
        recorded = self.review.assessments.filter(recommendation=self.recommendation).first() if self.review else None
        return {"progress": recorded.progress, "assessment": recorded.assessment} if recorded else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(recommendation=self.recommendation, **kwargs)

    def perform(self, form):
        recommendation_progress_record(
            by=self.request.user, challenge=self.challenge, recommendation=self.recommendation, **form.cleaned_data
        )
        messages.success(self.request, f"Progress on recommendation {self.recommendation.number} saved")


class ProgressReviewSummaryView(ProgressReviewFormView):
    template_name = "challenges/progress_review/summary_form.html"
    form_class = ProgressReviewSummaryForm

    def get_initial(self):
        return {"summary": self.review.summary}

    def perform(self, form):
        progress_review_summary_save(by=self.request.user, challenge=self.challenge, **form.cleaned_data)
        messages.success(self.request, "Summary saved")


class ProgressReviewCompleteView(ProgressReviewFormView):
    """Completing the review, after a page that says what is still missing, if anything."""

    template_name = "challenges/progress_review/progress_review_complete.html"
    form_class = ConfirmForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "button": "Complete the review"}

    def get_context_data(self, **kwargs):
        entries = progress_review_entries(challenge=self.challenge, review=self.review)
        return super().get_context_data(missing=progress_review_missing(entries=entries, review=self.review), **kwargs)

    def perform(self, form):
        progress_review_complete(by=self.request.user, challenge=self.challenge)
        messages.success(self.request, "The progress review is complete: its report can now be prepared")
