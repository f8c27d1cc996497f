from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from authorities.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper
from authorities.selectors import authorities_bookable_by, peers_active

from .choices import ChallengeType, FindingArea, FindingKind, TeamRole


class ChallengeBookForm(GovukErrorsMixin, forms.Form):
    authority = forms.ModelChoiceField(
        queryset=None,
        label="Fire and rescue authority",
        empty_label="Choose an authority",
        error_messages={"required": "Choose the fire and rescue authority", "invalid_choice": "Choose an authority from the list"},
    )
    challenge_type = forms.ChoiceField(
        choices=ChallengeType.choices,
        widget=forms.RadioSelect,
        label="Type of challenge",
        error_messages={"required": "Choose the type of challenge", "invalid_choice": "Choose a type of challenge from the list"},
    )
    start_date = GovukDateField(label="On-site start date", help_text="For example, 14 9 2027")
    end_date = GovukDateField(label="On-site end date", help_text="The last day on site, for example 17 9 2027")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities_bookable_by(user=user)
        self.helper = govuk_form_helper(
            Field.select("authority"),
            Field.radios("challenge_type", legend_size=Size.MEDIUM),
            Field("start_date"),
            Field("end_date"),
            Submit("submit", "Book challenge"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", ValidationError("The on-site end date must be the same as or after the start date"))
        return cleaned


class TeamMemberAddForm(GovukErrorsMixin, forms.Form):
    peer = forms.ModelChoiceField(
        queryset=None,
        label="Peer",
        empty_label="Choose a peer",
        error_messages={"required": "Choose a peer", "invalid_choice": "Choose a peer from the list"},
    )
    role = forms.ChoiceField(
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        label="Role on the team",
        error_messages={"required": "Choose the peer's role on the team", "invalid_choice": "Choose a role from the list"},
    )

    def __init__(self, *args, challenge, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = peers_active().exclude(memberships__challenge=challenge)
        self.fields["peer"].label_from_instance = _peer_label
        self.helper = govuk_form_helper(
            Field.select("peer"),
            Field.radios("role", legend_size=Size.MEDIUM),
            Submit("submit", "Add to team"),
        )


def _peer_label(peer):
    home = peer.home_authority.short_name if peer.home_authority else "no authority"
    lead = ", can lead" if peer.can_lead else ""
    return f"{peer.full_name} ({peer.get_peer_type_display()}, {home}{lead})"


class FindingForm(GovukErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        label="Kind of finding",
        error_messages={"required": "Choose the kind of finding", "invalid_choice": "Choose a kind of finding from the list"},
    )
    area = forms.ChoiceField(
        choices=[("", "Choose an area")] + FindingArea.choices,
        label="Area",
        error_messages={"required": "Choose the area the finding is about", "invalid_choice": "Choose an area from the list"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Finding",
        help_text="Write it as it should read in the report.",
        max_length=5000,
        error_messages={
            "required": "Enter the finding",
            "max_length": "The finding must be 5,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.select("area"),
            Field.textarea("text", max_characters=5000),
            Submit("submit", "Save finding"),
        )
