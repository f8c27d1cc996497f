"""A peer's record: the whole of it for LGA staff, contact details and specialisms for the peer too."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Peer, PeerTag, Specialism
from authorities.models.peer import MAX_CHALLENGES_NOT_A_NUMBER
from authorities.selectors.authority import authorities_current
from peersupport.forms import (
    EMAIL_MESSAGES,
    GovukDateField,
    GovukErrorsMixin,
    ModelCheckboxesField,
    email_field,
    govuk_form_helper,
)


class TagsField(forms.CharField):
    """A peer's free tags typed as one comma-separated line; cleans to the list of names."""

    def __init__(self, **kwargs):
        super().__init__(
            label="Other skills (optional)",
            required=False,
            max_length=500,
            help_text="Separate each with a comma, for example: fleet, wildfire, estates",
            error_messages={"max_length": "Other skills must be 500 characters or fewer"},
            **kwargs,
        )

    def clean(self, value):
        names = [name.strip() for name in super().clean(value).split(",") if name.strip()]
        for name in names:
            try:
                PeerTag(name=name.lower()).clean_fields()  # each name keeps PeerTag's rules
            except ValidationError as error:
                raise ValidationError(error.message_dict["name"][0]) from None
        return names


class PeerForm(GovukErrorsMixin, forms.ModelForm):
    """Everything about a peer, for LGA staff adding or correcting the pool."""

    tags = TagsField()
    consented_on = GovukDateField(
        label="Date consent given to hold their data", required=False,
        help_text="For example, 14 9 2026. Leave it empty until the peer has given consent.",
    )

    class Meta:
        model = Peer
        fields = [
            "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title",
            "political_group", "specialisms", "can_lead", "max_challenges_per_year", "consented_on", "is_active",
            "retired_reason",
        ]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "phone": "Telephone number (optional)",
            "peer_type": "Type of peer",
            "home_authority": "Home fire and rescue authority",
            "home_organisation": "Home organisation",
            "role_title": "Role or rank (optional)",
            "political_group": "Political group",
            "max_challenges_per_year": "Most challenges a year",
            "can_lead": "Accredited to lead a team",
            "is_active": "Active in the pool",
            "retired_reason": "Reason for retiring",
        }
        help_texts = {
            "home_authority": "Officer and member peers only.",
            "home_organisation": "Peers from beyond the sector only: the body they work for.",
            "role_title": "For example, chief fire officer, area manager, chair or councillor",
            "political_group": "Member peers only, so that teams are balanced.",
            "retired_reason": "Only if they are no longer active.",
        }
        widgets = {
            "peer_type": forms.RadioSelect,
            "specialisms": forms.CheckboxSelectMultiple,
            # GOV.UK asks for a text input for numbers, with the numeric keyboard on phones.
            "max_challenges_per_year": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        }
        field_classes = {"specialisms": ModelCheckboxesField}
        error_messages = {
            "full_name": {"required": "Enter the peer's full name", "max_length": "Full name must be 150 characters or fewer"},
            "email": EMAIL_MESSAGES,
            "phone": {"max_length": "Telephone number must be 30 characters or fewer"},
            "home_authority": {"invalid_choice": "Choose a fire and rescue authority from the list"},
            "home_organisation": {"max_length": "Home organisation must be 150 characters or fewer"},
            "role_title": {"max_length": "Role or rank must be 100 characters or fewer"},
            "political_group": {"invalid_choice": "Choose a political group from the list"},
            "specialisms": {"invalid_choice": "Choose specialisms from the list", "invalid_pk_value": "Choose specialisms from the list"},
            "retired_reason": {"max_length": "Reason for retiring must be 200 characters or fewer"},
            "peer_type": {"required": "Choose the type of peer", "invalid_choice": "Choose a type of peer from the list"},
            "max_challenges_per_year": {"required": "Enter the most challenges a year", "invalid": MAX_CHALLENGES_NOT_A_NUMBER, "min_value": "Most challenges a year must be 0 or more"},
        }

    field_order = [
        "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title", "political_group",
        "specialisms", "tags", "can_lead", "max_challenges_per_year", "consented_on", "is_active", "retired_reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_authority"].queryset = authorities_current()
        self.fields["home_authority"].empty_label = "None"
        self.fields["peer_type"].choices = PeerType.choices
        self.fields["political_group"].choices = [("", "None (not a member peer)"), *PoliticalGroup.choices]
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["consented_on"].initial = self.instance.consented_on
        self.helper = govuk_form_helper(
            Field.text("full_name"),
            Field.text("email", field_width=20),
            Field.text("phone", field_width=20),
            Field.radios("peer_type", legend_size=Size.SMALL),
            Field.select("home_authority"),
            Field.text("home_organisation"),
            Field.text("role_title"),
            Field.select("political_group"),
            Field.checkboxes("specialisms", legend_size=Size.SMALL, small=True),
            Field.text("tags"),
            Field.checkbox("can_lead", small=True),
            Field.text("max_challenges_per_year", field_width=2),
            Field("consented_on"),
            Field.checkbox("is_active", small=True),
            Field.text("retired_reason"),
            Submit("submit", "Save peer"),
        )

    def clean(self):
        cleaned = super().clean()
        # The reason is asked only of a peer who is not active: ticking "active" discards it,
        # as a GOV.UK conditional question discards its answer. The pool's rules are Peer.clean's.
        if cleaned.get("is_active"):
            cleaned["retired_reason"] = ""
        return cleaned


class PeerContactForm(GovukErrorsMixin, forms.Form):
    email = email_field()
    phone = forms.CharField(
        label="Telephone number",
        required=False,
        max_length=30,
        help_text="For example, 01632 960 001 or 07700 900 982",
        error_messages={"max_length": "Telephone number must be 30 characters or fewer"},
    )

    def __init__(self, *args, peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.peer = peer
        self.helper = govuk_form_helper(
            Field.text("email", field_width=20),
            Field.text("phone", field_width=20),
            Submit("submit", "Save contact details"),
        )

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()


class PeerSpecialismsForm(GovukErrorsMixin, forms.Form):
    """A peer's specialisms and other skills. Saving none at all, when the peer has some, must
    be meant: an empty submission (a form sent with nothing ticked, or only its token) asks
    the person to confirm rather than erasing them."""

    specialisms = ModelCheckboxesField(
        queryset=None,
        required=False,
        label="Specialisms",
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose specialisms from the list", "invalid_pk_value": "Choose specialisms from the list"},
    )
    tags = TagsField()
    remove_all = forms.BooleanField(required=False, label="Remove every specialism and skill")

    def __init__(self, *args, peer, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_some = peer.specialisms.exists() or peer.tags.exists()
        self.fields["specialisms"].queryset = Specialism.objects.order_by("group", "name")
        fields = [Field.checkboxes("specialisms", legend_size=Size.MEDIUM, small=True), Field.text("tags")]
        if self.has_some:
            fields.append(Field.checkbox("remove_all", small=True))
        else:
            del self.fields["remove_all"]
        self.helper = govuk_form_helper(*fields, Submit("submit", "Save specialisms"))

    def clean(self):
        cleaned = super().clean()
        nothing_chosen = not cleaned.get("specialisms") and not cleaned.get("tags") and not self.errors
        if self.has_some and nothing_chosen and not cleaned.get("remove_all"):
            self.add_error(
                "specialisms", "Select the specialisms to keep, or select ‘Remove every specialism and skill’ to remove them all"
            )
        if cleaned.get("remove_all") and (cleaned.get("specialisms") or cleaned.get("tags")):
            self.add_error("remove_all", "Either choose specialisms and skills, or remove them all, not both")
        cleaned.pop("remove_all", None)
        return cleaned
