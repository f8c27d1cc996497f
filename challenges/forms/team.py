"""Adding a peer to a challenge's team."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import TeamRole
from challenges.selectors.team import peers_eligible_for
from peersupport.forms import GovukErrorsMixin, govuk_form_helper


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
        self.fields["peer"].queryset = peers_eligible_for(challenge=challenge).select_related("home_authority")
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
