"""The forms of a challenge's team pages: finding peers for a place, proposing one, sending the
invitations, withdrawing a place, the authority's concerns and their answers, and letting a
team break its composition rules."""

from crispy_forms_gds.layout import Button, Field, Submit
from django import forms

from authorities.models import Peer
from challenges.choices import TeamRole
from challenges.models.challenge import Challenge
from challenges.models.team import REASON_MAX_LENGTH, TeamConcern
from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

CONCERN_MAX_LENGTH = TeamConcern._meta.get_field("reason").max_length
OVERRIDE_MAX_LENGTH = Challenge._meta.get_field("team_rules_override_reason").max_length
SEARCH_MAX_LENGTH = Peer._meta.get_field("full_name").max_length
# Ids come from hidden fields a person can change: one the database cannot hold is refused as
# unknown rather than sent to it (SQLite raises OverflowError on it).
LARGEST_ID = 2**63 - 1


def _text_field(label, *, max_length, required_message, single_line, rows=5, help_text=""):
    """Text a person types, with GOV.UK messages that name it by `label`."""
    return forms.CharField(
        label=label, max_length=max_length, help_text=help_text, strip=True,
        widget=forms.TextInput() if single_line else forms.Textarea(attrs={"rows": rows}),
        validators=[plain_text_validator(label, single_line=single_line)],
        error_messages={"required": required_message, "max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


def _role_field(widget=forms.HiddenInput):
    return forms.ChoiceField(
        label="Role on the team", choices=TeamRole.choices, widget=widget,
        error_messages={"required": "Choose the role on the team", "invalid_choice": "Choose a role from the list"},
    )


class TeamSuggestionsForm(GovukErrorsMixin, forms.Form):
    """The place to find peers for, and a name to look for (read from the page's address)."""

    role = _role_field(widget=forms.Select)
    q = forms.CharField(
        label="Find a peer by name", required=False, max_length=SEARCH_MAX_LENGTH,
        help_text="Shows why a peer cannot be offered, if they cannot",
        validators=[plain_text_validator("Name", single_line=True)],
        error_messages={"max_length": f"Name must be {SEARCH_MAX_LENGTH} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.select("role"), Field.text("q"), Submit("search", "Find peers"))
        self.helper.form_method = "get"


class HiddenErrorsMixin:
    """A form whose fields the person cannot see (ids and roles in hidden inputs): their errors
    belong to the form, so that the GOV.UK error summary, which lists visible fields, shows them."""

    def add_error(self, field, error):
        if field is not None and field in self.fields and self.fields[field].widget.is_hidden:
            field = None
        super().add_error(field, error)


class TeamMemberAddForm(HiddenErrorsMixin, GovukErrorsMixin, forms.Form):
    """Proposing a suggested peer for a place, from the suggestions' "Propose" button."""

    peer = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID,
        error_messages={name: "Choose a peer from the list" for name in ("required", "invalid", "min_value", "max_value")},
    )
    role = _role_field()

    def clean_peer(self):
        peer = Peer.objects.filter(pk=self.cleaned_data["peer"]).first()
        if peer is None:
            raise forms.ValidationError("Choose a peer from the list")
        return peer


class TeamMemberProposeForm(GovukErrorsMixin, forms.Form):
    """Proposing one peer for a place, saying why they should join despite their soft
    conflicts when they have any."""

    soft_conflict_reason = _text_field(
        "Reason", max_length=REASON_MAX_LENGTH, single_line=True,
        required_message="Enter why the peer should join the team despite their conflicts",
        help_text="Kept with the place, for the record",
    )

    def __init__(self, *args, peer_name, soft_conflicts, **kwargs):
        super().__init__(*args, **kwargs)
        if not soft_conflicts:
            del self.fields["soft_conflict_reason"]
        else:
            field = self.fields["soft_conflict_reason"]
            field.label = f"Why should {peer_name} join the team all the same?"
            field.error_messages["required"] = f"Enter why {peer_name} should join the team despite their conflicts"
        fields = [Field.text("soft_conflict_reason")] if soft_conflicts else []
        self.helper = govuk_form_helper(*fields, Submit("propose", "Propose for the team"))


class TeamInvitationsSendForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Submit("send", "Send invitations"))


class TeamPlaceWithdrawForm(GovukErrorsMixin, forms.Form):
    """Withdrawing a peer's place: a warning button, as it cannot be undone by a click."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Button.warning("withdraw", "Withdraw from the team"))


class TeamConcernRaiseForm(GovukErrorsMixin, forms.Form):
    reason = _text_field(
        "Your concern", max_length=CONCERN_MAX_LENGTH, single_line=False, required_message="Enter your concern",
        help_text="Only LGA staff who oversee the challenge will read it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.textarea("reason"), Submit("raise", "Send your concern"))


class TeamConcernAnswerForm(GovukErrorsMixin, forms.Form):
    answer = _text_field(
        "Your answer", max_length=CONCERN_MAX_LENGTH, single_line=False,
        required_message="Enter your answer to the authority's concern", help_text="The authority will see it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.textarea("answer"), Submit("answer", "Send the answer"))


class TeamRulesOverrideForm(GovukErrorsMixin, forms.Form):
    reason = _text_field(
        "Reason", max_length=OVERRIDE_MAX_LENGTH, single_line=True,
        required_message="Enter why the team may break its composition rules",
        help_text="Kept in the challenge's history",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.text("reason"), Button.warning("override", "Let the team break its rules")
        )

