"""The authority's factual accuracy check: LGA staff send the draft report with a deadline;
the authority reads it in the browser, comments on findings and areas and submits its check;
the team answers each comment. Anyone the page is not for gets a 404."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView

from challenges.choices import ChallengeStatus, FindingArea
from challenges.forms.factual_check import (
    FactualCheckCommentDeleteForm,
    FactualCheckCommentForm,
    FactualCheckSendForm,
    FactualCheckSubmitForm,
    FactualCommentAnswerForm,
)
from challenges.forms.team import LARGEST_ID
from challenges.selectors.challenge import challenges_managed_by
from challenges.selectors.factual_check import (
    challenges_in_factual_check_for,
    comment_findings_of,
    commentable_areas,
    factual_check_deadline_note,
    factual_check_draft,
    factual_check_latest,
    factual_check_overdue_text,
)
from challenges.selectors.finding import findings_are_frozen, findings_in_report
from challenges.services.factual_check import (
    factual_check_comment_add,
    factual_check_comment_delete,
    factual_check_comment_edit,
    factual_check_deadline_default,
    factual_check_send,
    factual_check_submit,
    factual_comment_answer,
)
from challenges.services.finding import FindingEditConflict
from challenges.views.challenge import ChallengeChildFormView
from peersupport.formats import long_date

CHECK_FACTS = "challenges.check_facts"
ANSWER = "challenges.answer_factual_comments"


def factual_check_page(challenge) -> str:
    return reverse("challenges:factual-check", args=[challenge.pk])


class FactualCheckView(LoginRequiredMixin, DetailView):
    """The draft report as the authority reads it, findings area by area with recommendations
    numbered, the deadline and the working days left, and the comments: the authority's FRA
    contacts comment until they submit; the team answers once they have."""

    template_name = "challenges/factual_check/check_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_in_factual_check_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge, user, today = self.object, self.request.user, timezone.localdate()
        check = factual_check_latest(challenge=challenge)
        if check is None:
            raise Http404
        is_authority, frozen = user.has_perm(CHECK_FACTS, challenge), findings_are_frozen(challenge)
        return super().get_context_data(
            check=check, draft=factual_check_draft(check=check, user=user), is_authority=is_authority,
            can_comment=is_authority and check.is_open and not frozen,
            can_answer=user.has_perm(ANSWER, challenge) and not check.is_open and not frozen,
            deadline_note=factual_check_deadline_note(check, today=today), overdue_text=factual_check_overdue_text(check, today=today),
            back_url=challenge.get_absolute_url(), **kwargs
        )


class FactualCheckFormView(ChallengeChildFormView):
    """A form about the challenge's latest check, for those with `permission` on the challenge
    while the check is open (`while_open`) or submitted; anyone else, or any other time, a 404.
    It returns to the draft page."""

    parents = staticmethod(challenges_in_factual_check_for)
    permission = CHECK_FACTS
    while_open = True

    def before_form(self):
        super().before_form()
        self.check = factual_check_latest(challenge=self.challenge)
        if self.check is None or self.check.is_open != self.while_open:
            raise Http404
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(check=self.check, **kwargs), "back_url": factual_check_page(self.challenge)}

    def get_success_url(self):
        return factual_check_page(self.challenge)


class FactualCheckSendView(ChallengeChildFormView):
    """LGA staff who oversee the challenge send its draft report to the authority with a
    deadline (10 working days by default), while the report is being drafted."""

    parents = staticmethod(challenges_managed_by)
    template_name = "challenges/factual_check/check_send.html"
    form_class = FactualCheckSendForm

    def before_form(self):
        user, challenge = self.request.user, self.challenge
        if not user.has_perm("challenges.send_for_factual_check", challenge) or challenge.status != ChallengeStatus.REPORT_DRAFTING:
            raise Http404
        self.today = timezone.localdate()

    def get_initial(self):
        return {"deadline": factual_check_deadline_default(today=self.today)}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "today": self.today}

    def get_context_data(self, **kwargs):
        return super().get_context_data(finding_count=len(findings_in_report(challenge=self.challenge)), **kwargs)

    def perform(self, form):
        check = factual_check_send(by=self.request.user, challenge=self.challenge, deadline=form.cleaned_data["deadline"], today=self.today)
        messages.success(self.request, f"The draft report has been sent to the authority, to check by {long_date(check.deadline)}")


class FactualCheckCommentView(FactualCheckFormView):
    """The authority comments on a finding of the draft (?finding=<id>), proposing new wording
    if it wishes, or on an area of it as a whole (?area=<area>)."""

    template_name = "challenges/factual_check/comment_form.html"
    form_class = FactualCheckCommentForm

    def before_form(self):
        super().before_form()
        finding_id, area = self.request.GET.get("finding", ""), self.request.GET.get("area", "")
        self.finding, self.area = None, ""
        if finding_id:
            if not (finding_id.isascii() and finding_id.isdigit() and int(finding_id) <= LARGEST_ID):
                raise Http404
            self.finding = get_object_or_404(comment_findings_of(challenge=self.challenge), pk=int(finding_id))
            self.finding.number = next(f.number for f in findings_in_report(challenge=self.challenge) if f.pk == self.finding.pk)
        elif area in commentable_areas(challenge=self.challenge):
            self.area = area
        else:
            raise Http404

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "on_finding": self.finding is not None}

    def get_context_data(self, **kwargs):
        area_label = FindingArea(self.area).label if self.area else ""
        return super().get_context_data(finding=self.finding, area_label=area_label, **kwargs)

    def perform(self, form):
        factual_check_comment_add(
            by=self.request.user, factual_check=self.check, finding=self.finding, area=self.area,
            comment=form.cleaned_data["comment"], proposed_text=form.cleaned_data.get("proposed_text", ""),
        )
        messages.success(self.request, "Your comment has been saved. The team will see it once you submit the check")


class OwnCommentMixin:
    """A comment of the open check that the user wrote: anyone else's is a 404."""

    def before_form(self):
        super().before_form()
        self.comment = get_object_or_404(
            self.check.comments.select_related("finding"), pk=self.kwargs["comment_pk"], written_by=self.request.user
        )


class FactualCheckCommentEditView(OwnCommentMixin, FactualCheckFormView):
    template_name = "challenges/factual_check/comment_form.html"
    form_class = FactualCheckCommentForm

    def get_initial(self):
        return {"comment": self.comment.comment, "proposed_text": self.comment.proposed_text}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "on_finding": self.comment.finding_id is not None}

    def get_context_data(self, **kwargs):
        finding = self.comment.finding
        if finding is not None:
            finding.number = next((f.number for f in findings_in_report(challenge=self.challenge) if f.pk == finding.pk), None)
        area_label = self.comment.get_area_display() if self.comment.area else ""
        return super().get_context_data(finding=finding, area_label=area_label, editing=True, **kwargs)

    def perform(self, form):
        factual_check_comment_edit(
            by=self.request.user, comment=self.comment, text=form.cleaned_data["comment"],
            proposed_text=form.cleaned_data.get("proposed_text", ""),
        )
        messages.success(self.request, "Your comment has been changed")


class FactualCheckCommentDeleteView(OwnCommentMixin, FactualCheckFormView):
    template_name = "challenges/factual_check/comment_delete.html"
    form_class = FactualCheckCommentDeleteForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)

    def perform(self, form):
        factual_check_comment_delete(by=self.request.user, comment=self.comment)
        messages.success(self.request, "Your comment has been deleted")


class FactualCheckSubmitView(FactualCheckFormView):
    """The authority confirms it has finished: its comments go to the team to answer."""

    template_name = "challenges/factual_check/check_submit.html"
    form_class = FactualCheckSubmitForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment_count=self.check.comments.count(), **kwargs)

    def perform(self, form):
        factual_check_submit(by=self.request.user, factual_check=self.check)
        messages.success(self.request, "Your factual accuracy check has been submitted. The team will answer your comments")


class FactualCommentAnswerView(FactualCheckFormView):
    """The team accepts or rejects one of the authority's comments, with a reply; accepting a
    proposed correction changes the finding's text, refused if the finding changed since."""

    permission = ANSWER
    while_open = False
    template_name = "challenges/factual_check/comment_answer.html"
    form_class = FactualCommentAnswerForm

    def before_form(self):
        super().before_form()
        self.comment = get_object_or_404(self.check.comments.filter(outcome=""), pk=self.kwargs["comment_pk"])

    @cached_property
    def finding(self):
        """The finding as it is now, numbered as in the report."""
        if self.comment.finding_id is None:
            return None
        return next((f for f in findings_in_report(challenge=self.challenge) if f.pk == self.comment.finding_id), None) or (
            self.comment.finding
        )

    @property
    def corrects(self):
        return bool(self.comment.finding_id and self.comment.proposed_text)

    def get_initial(self):
        return {"finding_version": self.finding.version if self.finding else None}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "corrects": self.corrects}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment, finding=self.finding, corrects=self.corrects, **kwargs
        )

    def perform(self, form):
        try:
            comment = factual_comment_answer(
                by=self.request.user, comment=self.comment, outcome=form.cleaned_data["outcome"],
                reply=form.cleaned_data["reply"], finding_version=form.cleaned_data.get("finding_version"),
            )
        except FindingEditConflict as conflict:
            # The page shows the finding as it is now; answering again starts from that version.
            conflict.current.number = getattr(self.finding, "number", None)
            self.__dict__["finding"] = conflict.current
            form.data = form.data.copy()
            form.data["finding_version"] = str(conflict.current.version)
            raise
        messages.success(self.request, f"The comment has been answered: {comment.get_outcome_display().lower()}")
