"""Asking for a challenge (an FRA contact, one page), and booking, scoping and rescheduling
one (LGA staff, as question pages with a check-your-answers page: peersupport/journeys.py)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from challenges.choices import SCOPABLE_STATUSES, ChallengeStatus, ChallengeType
from challenges.forms.challenge import (
    AuthorityQuestion,
    ChallengeRequestForm,
    DaysAndNotesQuestion,
    FocusQuestion,
    FundingQuestion,
    InspectionQuestion,
    PeopleQuestion,
    RescheduleReasonQuestion,
    ScopingMeetingQuestion,
    SecondPhaseQuestion,
    SecondVisitQuestion,
    ThemeQuestion,
    TypeQuestion,
    VisitQuestion,
    has_second_phase,
    is_deep_dive,
)
from challenges.selectors.challenge import challenges_managed_by
from challenges.services.challenge import (
    RESCHEDULABLE_STATUSES,
    challenge_book,
    challenge_request,
    challenge_reschedule,
    challenge_scope,
)
from peersupport.journeys import Question, QuestionJourneyView
from peersupport.views import PermissionRequiredMixin, ServiceFormMixin


def has_first_phase(answers) -> bool:
    return bool(answers.get("start_date"))


THEME_QUESTION = Question("theme", ThemeQuestion, "What is the deep dive's theme?")
VISIT_QUESTIONS = (
    Question("dates", VisitQuestion, "When is the team on site?"),
    Question("second-phase", SecondPhaseQuestion, "Is there a second phase on site?", applies=has_first_phase),
    Question("second-dates", SecondVisitQuestion, "When is the second phase?", applies=has_second_phase),
)


def _visit(answers) -> dict:
    second = has_first_phase(answers) and has_second_phase(answers)
    return {
        "start_date": answers.get("start_date"), "end_date": answers.get("end_date"),
        "second_start_date": answers.get("second_start_date") if second else None,
        "second_end_date": answers.get("second_end_date") if second else None,
    }


def _visit_initial(challenge, question) -> dict:
    if question.slug == "dates":
        return {"start_date": challenge.start_date, "end_date": challenge.end_date}
    if question.slug == "second-phase":
        return {"second_phase": "yes" if challenge.second_start_date else ("no" if challenge.start_date else None)}
    if question.slug == "second-dates":
        return {"second_start_date": challenge.second_start_date, "second_end_date": challenge.second_end_date}
    return {}


class ChallengeRequestView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    """An FRA contact asks for a challenge of their authority."""

    permission_required = "challenges.request_challenge"
    template_name = "challenges/challenge_request_form.html"
    form_class = ChallengeRequestForm

    def perform(self, form):
        self.challenge = challenge_request(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, "Your request has been sent to your principal adviser, who will be in touch to scope it")

    def get_success_url(self):
        return self.challenge.get_absolute_url()


class ChallengeBookView(PermissionRequiredMixin, QuestionJourneyView):
    """LGA staff book a confirmed challenge directly, without a request."""

    permission_required = "challenges.book_challenge"
    url_name = "challenges:challenge-book-step"
    title = "Book a challenge"
    submit_label = "Book challenge"
    questions = (
        Question("authority", AuthorityQuestion, "Which fire and rescue authority is it for?"),
        Question("type", TypeQuestion, "What type of challenge is it?"),
        Question("theme", ThemeQuestion, THEME_QUESTION.title, applies=is_deep_dive),
        *VISIT_QUESTIONS,
    )

    def form_kwargs(self, question):
        if question.form_class is AuthorityQuestion:
            return {"user": self.request.user}
        if question.form_class is VisitQuestion:
            return {"past_allowed": self.request.user.has_perm("challenges.record_past_challenge")}
        return {}

    def cancel_url(self):
        return reverse("challenges:challenge-list")

    def complete(self, answers):
        challenge = challenge_book(
            by=self.request.user, authority=answers["authority"], challenge_type=answers["challenge_type"],
            theme=answers.get("theme", "") if is_deep_dive(answers) else "", record_past=answers.get("record_past", False),
            **_visit(answers),
        )
        messages.success(self.request, f"Challenge booked for {challenge.authority.name}")
        return challenge.get_absolute_url()


class ChallengeJourneyView(PermissionRequiredMixin, QuestionJourneyView):
    """A journey about one challenge the user oversees, in one of `allowed_statuses`."""

    permission_required = "challenges.book_challenge"
    allowed_statuses = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            challenges = challenges_managed_by(user=request.user).filter(status__in=self.allowed_statuses)
            self.challenge = get_object_or_404(challenges, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self):
        return self.challenge.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(challenge=self.challenge, **kwargs)


class ChallengeScopeView(ChallengeJourneyView):
    """Record what scoping agreed; while the challenge is being scoped, its dates too, and it
    can be confirmed from the check-your-answers page."""

    url_name = "challenges:challenge-scope-step"
    check_template = "challenges/challenge_scope_check.html"
    # A challenge published, closed or cancelled has had its scope: it is kept as it was.
    allowed_statuses = SCOPABLE_STATUSES
    base_questions = (
        Question("scoping-meeting", ScopingMeetingQuestion, "When is the scoping meeting?"),
        Question("focus", FocusQuestion, "What will the challenge focus on?"),
        Question("inspection", InspectionQuestion, "How does it relate to an HMICFRS inspection?"),
        Question("funding", FundingQuestion, "How is it funded?"),
        Question("people", PeopleQuestion, "Who is the LGA challenge manager?"),
    )
    tail_questions = (Question("days-and-notes", DaysAndNotesQuestion, "Days on site and notes"),)

    @property
    def title(self):
        return f"Scope the challenge of {self.challenge.authority.short_name}"

    @property
    def submit_label(self):
        return "Save the scope"

    @property
    def questions(self):
        theme = (THEME_QUESTION,) if self.challenge.challenge_type == ChallengeType.DEEP_DIVE else ()
        dates = VISIT_QUESTIONS if self.challenge.status == ChallengeStatus.SCOPING else ()
        return (self.base_questions[0], self.base_questions[1], *theme, *self.base_questions[2:], *dates, *self.tail_questions)

    def form_kwargs(self, question):
        if question.form_class is InspectionQuestion:
            return {"authority": self.challenge.authority}
        if question.form_class is VisitQuestion:
            return {"dates_required": False}
        return {}

    def initial_for(self, question):
        challenge = self.challenge
        if question.slug in ("dates", "second-phase", "second-dates"):
            return _visit_initial(challenge, question)
        return {name: getattr(challenge, name) for name in question.form_class.base_fields if hasattr(challenge, name)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_confirm=self.challenge.status == ChallengeStatus.SCOPING, **kwargs)

    def complete(self, answers):
        changes = {name: value for name, value in answers.items() if name not in ("second_phase", "record_past")}
        if self.challenge.status == ChallengeStatus.SCOPING:
            changes.update(_visit(answers))
        confirm = bool(self.request.POST.get("confirm"))
        challenge = challenge_scope(by=self.request.user, challenge=self.challenge, confirm=confirm, **changes)
        messages.success(self.request, "Challenge confirmed" if confirm else "Scope saved")
        return challenge.get_absolute_url()


class ChallengeRescheduleView(ChallengeJourneyView):
    """Move a confirmed challenge's visit to new dates, saying why; the history keeps the old."""

    url_name = "challenges:challenge-reschedule-step"
    submit_label = "Reschedule"
    allowed_statuses = RESCHEDULABLE_STATUSES
    questions = (*VISIT_QUESTIONS, Question("reason", RescheduleReasonQuestion, "Why are the dates changing?"))

    @property
    def title(self):
        return f"Reschedule the challenge of {self.challenge.authority.short_name}"

    def initial_for(self, question):
        return _visit_initial(self.challenge, question)

    def complete(self, answers):
        before = self.challenge.phases
        challenge = challenge_reschedule(
            by=self.request.user, challenge=self.challenge, reason=answers["reason"], **_visit(answers)
        )
        if challenge.phases == before:
            messages.info(self.request, "The dates are the ones the challenge already had: nothing has changed")
        else:
            messages.success(self.request, "Challenge rescheduled")
        return challenge.get_absolute_url()
