"""Question pages, the GOV.UK pattern for a task of several questions: one thing per page,
then a page to check the answers (each with a link to change it), then one service call.

Each journey has its own id in its URLs and keeps its answers in the session under that id,
so the back button shows each page as it was answered, and a second tab started afresh is a
journey of its own that does not disturb the first. Only answers that passed their page's
form are kept; all are checked again, together, by the service at the end. An answer the
service refuses sends the person back to its page, with the service's message there."""

import datetime
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from crispy_forms_gds.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.views.generic import TemplateView

from peersupport.formats import long_date

CHECK = "check"
SESSION_KEY = "journeys"
DONE_KEY = "journeys_done"
# A person rarely has more than a few tasks open at once; the oldest is dropped beyond this.
MAX_JOURNEYS = 10
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Question:
    """One page of a journey: its form, its heading, and whether it applies given the answers
    so far (a deep dive's theme, say, only for a deep dive)."""

    slug: str
    form_class: type[forms.Form]
    title: str
    applies: Callable[[dict], bool] | None = None


@dataclass(frozen=True)
class Walk:
    """A journey as its answers stand: the pages that apply, in order; the cleaned answers of
    those answered; the pages that apply and are not answered yet; the answered pages' forms."""

    pages: list[Question]
    answers: dict
    missing: list[Question]
    forms: dict


def answer_text(field: forms.Field, value) -> str:
    """A form field's cleaned value as the check-your-answers page shows it."""
    if value in (None, "", [], ()):
        return NOT_GIVEN
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(field, forms.ModelChoiceField):
        return str(value)
    if isinstance(field, forms.MultipleChoiceField):
        labels = dict(field.choices)
        return ", ".join(str(labels.get(item, item)) for item in value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _answers_posted(form, data) -> dict:
    """What was posted for the form's own fields (a date's three boxes are `<name>_0` to
    `<name>_2`): nothing else reaches the session, however much else a request carries."""
    names = set()
    for name, field in form.fields.items():
        widgets = getattr(field.widget, "widgets", None)
        names.update([form.add_prefix(f"{name}_{index}") for index in range(len(widgets))] if widgets else [form.add_prefix(name)])
    return {name: data.getlist(name) for name in names if name in data}


class QuestionJourneyView(ABC, TemplateView):
    """A journey of `questions`, at the URL named `url_name` with the view's own URL kwargs
    plus `journey` and `step`; the same view without them starts a new journey. Subclasses
    give `form_kwargs`, `initial_for` (when changing a record) and `complete`, which calls
    the service and returns where to go."""

    questions: tuple[Question, ...] = ()
    url_name = None
    title = None  # the task, shown as each page's caption
    check_heading = "Check your answers before saving"
    submit_label = "Save"
    question_template = "layouts/question_page.html"
    check_template = "layouts/check_answers.html"

    # The journey's state in the session

    def dispatch(self, request, *args, **kwargs):
        self.parent_kwargs = {name: value for name, value in kwargs.items() if name not in ("journey", "step")}
        return super().dispatch(request, *args, **kwargs)

    def _journeys(self) -> dict:
        return self.request.session.setdefault(SESSION_KEY, {})

    def _start(self):
        journeys = self._journeys()
        while len(journeys) >= MAX_JOURNEYS:
            journeys.pop(next(iter(journeys)))
        journey_id = secrets.token_urlsafe(8)
        journeys[journey_id] = {"view": self.url_name, "kwargs": self.parent_kwargs, "answers": {}, "errors": {}}
        self.request.session.modified = True
        return redirect(self.step_url(journey_id, self.questions[0].slug))

    def _finished(self, journey_id):
        """Where a journey already saved led, so that a second press of its button, or the
        back button, goes there again instead of starting afresh."""
        url = self.request.session.get(DONE_KEY, {}).get(journey_id)
        if url:
            messages.info(self.request, "That was already saved")
            return redirect(url)
        return None

    def _journey(self, journey_id):
        journey = self._journeys().get(journey_id)
        if journey is None or journey["view"] != self.url_name or journey["kwargs"] != self.parent_kwargs:
            return None
        return journey

    def step_url(self, journey_id, slug, change=False) -> str:
        url = reverse(self.url_name, kwargs={**self.parent_kwargs, "journey": journey_id, "step": slug})
        return f"{url}?change=1" if change else url

    # Answers

    def form_kwargs(self, question) -> dict:
        return {}

    def initial_for(self, question) -> dict:
        """The values a page starts with before it is answered: a record's, when changing one."""
        return {}

    def build_form(self, question, data=None, journey=None):
        form = question.form_class(
            data=data, initial=None if data is not None else self.initial_for(question), **self.form_kwargs(question)
        )
        form.helper.layout.append(Submit("continue", "Continue"))
        return form

    def _stored_form(self, question, journey):
        data = journey["answers"].get(question.slug)
        return None if data is None else self.build_form(question, MultiValueDict(data), journey)

    def walk(self, journey) -> "Walk":
        """The journey as its answers stand: each stored answer's form bound and checked once
        (a page's checks may query the database), whichever part of the page asks. Kept for
        the request until an answer changes."""
        key = (id(journey), journey.get("version", 0))
        if getattr(self, "_walked", (None,))[0] != key:
            pages, answers, missing, forms = [], {}, [], {}
            for question in self.questions:
                if question.applies is not None and not question.applies(answers):
                    continue
                pages.append(question)
                form = self._stored_form(question, journey)
                if form is None or not form.is_valid():
                    missing.append(question)
                    continue
                forms[question.slug] = form
                answers.update(form.cleaned_data)
            self._walked = (key, Walk(pages, answers, missing, forms))
        return self._walked[1]

    # Pages

    def get(self, request, *args, journey=None, step=None, **kwargs):
        if journey is None:
            return self._start()
        state = self._journey(journey)
        if state is None:
            finished = self._finished(journey)
            if finished:
                return finished
            messages.info(request, "That page had expired, so you have been taken to the start")
            return self._start()
        if step == CHECK:
            return self._check_page(journey, state)
        question = self._question(step)
        form = self._stored_form(question, state) or self.build_form(question, journey=state)
        errors = state["errors"].pop(question.slug, None)
        if errors:
            request.session.modified = True
            form.is_valid()
            for field, field_errors in errors.items():
                form.add_error(field if field in form.fields else None, field_errors)
        return self._question_page(journey, state, question, form)

    def post(self, request, *args, journey=None, step=None, **kwargs):
        state = self._journey(journey) if journey else None
        if state is None:
            finished = self._finished(journey) if journey else None
            if finished:
                return finished
            messages.info(request, "That page had expired, so you have been taken to the start")
            return self._start()
        if step == CHECK:
            return self._finish(journey, state)
        question = self._question(step)
        form = self.build_form(question, request.POST, state)
        if not form.is_valid():
            return self._question_page(journey, state, question, form)
        state["answers"][question.slug] = _answers_posted(form, request.POST)
        state["version"] = state.get("version", 0) + 1
        request.session.modified = True
        return redirect(self._next_url(journey, state, question))

    def _question(self, slug) -> Question:
        for question in self.questions:
            if question.slug == slug:
                return question
        raise Http404

    def _next_url(self, journey_id, state, question) -> str:
        walk = self.walk(state)
        pages, missing = walk.pages, walk.missing
        if self.request.GET.get("change"):
            # Back to the check page, through any page the changed answer newly needs.
            return self.step_url(journey_id, missing[0].slug, change=True) if missing else self.step_url(journey_id, CHECK)
        later = pages[pages.index(question) + 1:] if question in pages else []
        return self.step_url(journey_id, later[0].slug if later else CHECK)

    def _back_url(self, journey_id, state, question) -> str:
        if self.request.GET.get("change"):
            return self.step_url(journey_id, CHECK)
        pages = self.walk(state).pages
        index = pages.index(question) if question in pages else 0
        return self.step_url(journey_id, pages[index - 1].slug) if index > 0 else self.cancel_url()

    @abstractmethod
    def cancel_url(self) -> str:
        """Where the first page's back link leads: the page the journey was started from."""

    def _question_page(self, journey_id, state, question, form):
        context = self.get_context_data(
            form=form, question=question, back_url=self._back_url(journey_id, state, question),
            action=self.request.get_full_path(),
        )
        return self.response_class(request=self.request, template=[self.question_template], context=context)

    def _check_page(self, journey_id, state, errors=()):
        walk = self.walk(state)
        if walk.missing:
            return redirect(self.step_url(journey_id, walk.missing[0].slug))
        rows = []
        for question in walk.pages:
            form = walk.forms[question.slug]
            for name, field in form.fields.items():
                rows.append({
                    "key": str(field.label or name).removesuffix(" (optional)"),
                    "value": answer_text(field, form.cleaned_data.get(name)),
                    "change_url": self.step_url(journey_id, question.slug, change=True),
                    "change_text": str(field.label or name).lower(),
                })
        context = self.get_context_data(
            rows=rows, errors=list(errors), back_url=self.step_url(journey_id, walk.pages[-1].slug),
            heading=self.check_heading, submit_label=self.submit_label, answers=walk.answers, version=state.get("version", 0),
        )
        return self.response_class(request=self.request, template=[self.check_template], context=context)

    def _finish(self, journey_id, state):
        walk = self.walk(state)
        if walk.missing:
            return redirect(self.step_url(journey_id, walk.missing[0].slug))
        if self.request.POST.get("version") != str(state.get("version", 0)):
            # The answers changed (in another tab) since this check page was shown: what the
            # person confirmed is not what would be saved, so they see the answers again.
            return self._check_page(journey_id, state, errors=[{
                "href": "#main-content", "text": "Your answers changed in another tab or window: check them again before saving",
            }])
        try:
            success_url = self.complete(walk.answers)
        except ValidationError as error:
            return self._refused(journey_id, state, error)
        self._journeys().pop(journey_id, None)
        done = self.request.session.setdefault(DONE_KEY, {})
        while len(done) >= MAX_JOURNEYS:
            done.pop(next(iter(done)))
        done[journey_id] = success_url
        self.request.session.modified = True
        return redirect(success_url)

    def _refused(self, journey_id, state, error):
        """Send the person to the page of the first answer the service refused, with its
        message; errors that belong to no page are shown on the check page."""
        field_errors = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
        for question in self.walk(state).pages:
            fields = question.form_class.base_fields
            # One message a field, as GOV.UK shows errors: the first the service gave.
            mine = {name: [str(errors[0].messages[0])] for name, errors in field_errors.items() if name in fields}
            if mine:
                state["errors"][question.slug] = mine
                self.request.session.modified = True
                return redirect(self.step_url(journey_id, question.slug, change=True))
        listed = [{"href": "#main-content", "text": message} for errors in field_errors.values() for e in errors for message in e.messages]
        return self._check_page(journey_id, state, errors=listed)

    @abstractmethod
    def complete(self, answers: dict) -> str:
        """Call the service with every answer; return where to go (a ValidationError it raises
        sends the person back to the page of the answer it names)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)
