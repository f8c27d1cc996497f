"""The forms of the authority's factual accuracy check: sending the draft with a deadline,
the authority's comments and its submission, and the team's answers."""

from crispy_forms_gds.layout import Button, Field, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from challenges.choices import CommentOutcome
from challenges.forms.team import LARGEST_ID, HiddenErrorsMixin, _text_field
from challenges.models.factual_check import COMMENT_MAX_LENGTH
from challenges.models.finding import TEXT_MAX_LENGTH
from challenges.services.factual_check import factual_check_deadline_check
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator


class FactualCheckSendForm(GovukErrorsMixin, forms.Form):
    """The deadline for the authority's check: a working day after today, not too far ahead."""

    deadline = GovukDateField(
        label="Deadline for the authority's check", in_sentence="deadline",
        help_text="A working day. By default 10 working days from today, bank holidays not counted. For example, 27 3 2027",
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.helper = govuk_form_helper(Field("deadline"), Submit("send", "Send the draft to the authority"))

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        try:
            factual_check_deadline_check(deadline, today=self.today)
        except ValidationError as error:
            raise ValidationError(error.message_dict["deadline"]) from None
        return deadline


class FactualCheckCommentForm(GovukErrorsMixin, forms.Form):
    """The authority's comment, and on a finding the wording it proposes instead."""

    comment = _text_field(
        "Your comment", max_length=COMMENT_MAX_LENGTH, single_line=False, required_message="Enter your comment",
        help_text="What is not accurate, and why",
    )
    proposed_text = forms.CharField(
        label="Proposed correction (optional)", required=False, strip=True, max_length=TEXT_MAX_LENGTH,
        help_text="The whole finding as you think it should read. The team will accept or reject it",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": f"Proposed correction must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args, on_finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_text"].validators.append(plain_text_validator("Proposed correction", single_line=False))
        fields = [Field.textarea("comment", max_characters=COMMENT_MAX_LENGTH)]
        if on_finding:
            fields.append(Field.textarea("proposed_text", max_characters=TEXT_MAX_LENGTH))
        else:
            del self.fields["proposed_text"]
        self.helper = govuk_form_helper(*fields, Submit("save", "Save the comment"))


class FactualCheckSubmitForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Submit("submit", "Submit the factual accuracy check"))


class FactualCheckCommentDeleteForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Button.warning("delete", "Delete the comment"))


class FactualCommentAnswerForm(HiddenErrorsMixin, GovukErrorsMixin, forms.Form):
    """The team's answer: accept or reject, with a reply the authority reads. The finding's
    version as the page showed it travels with the answer, so that accepting a correction
    cannot overwrite an edit made since unseen."""

    outcome = forms.ChoiceField(
        label="Do you accept the comment?", widget=forms.RadioSelect,
        choices=[(CommentOutcome.ACCEPTED.value, "Yes, accept it"), (CommentOutcome.REJECTED.value, "No, do not accept it")],
        error_messages={"required": "Choose whether you accept the comment", "invalid_choice": "Choose whether you accept the comment"},
    )
    reply = _text_field(
        "Your reply", max_length=COMMENT_MAX_LENGTH, single_line=False, required_message="Enter your reply to the authority",
        help_text="The authority will see it",
    )
    finding_version = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=LARGEST_ID,
        error_messages={name: "The finding has changed: open the comment again" for name in ("required", "invalid", "min_value", "max_value")},
    )

    def __init__(self, *args, corrects, **kwargs):
        super().__init__(*args, **kwargs)
        # Accepting a correction edits the finding as the page showed it.
        self.fields["finding_version"].required = corrects
        if corrects:
            self.fields["outcome"].choices = [
                (CommentOutcome.ACCEPTED.value, "Yes, accept it and change the finding to the proposed correction"),
                (CommentOutcome.REJECTED.value, "No, do not accept it"),
            ]
        self.helper = govuk_form_helper(
            Field.radios("outcome", legend_size=Size.MEDIUM), Field.textarea("reply", max_characters=COMMENT_MAX_LENGTH),
            Field("finding_version"), Submit("answer", "Send the answer"),
        )
