"""An authority's register record and its contacts."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from authorities.choices import Governance, Region
from authorities.models import Authority
from authorities.selectors.authority import authorities_current
from peersupport.forms import GovukDateField, GovukErrorsMixin, email_field, govuk_form_helper


class AuthorityForm(GovukErrorsMixin, forms.ModelForm):
    """An authority's register record, for an LGA administrator correcting it."""

    ended_on = GovukDateField(label="End date", required=False, help_text="Abolished authorities only. For example, 1 4 2021")
    succeeded_by = forms.ModelChoiceField(
        queryset=None,
        required=False,
        to_field_name="slug",
        label="Successor (optional)",
        empty_label="None",
        help_text="Abolished authorities only: the authority that took over its work.",
        error_messages={"invalid_choice": "Choose a successor from the list"},
    )

    class Meta:
        model = Authority
        fields = ["name", "short_name", "ons_code", "region", "governance", "status", "ended_on", "succeeded_by", "needs_verification"]
        labels = {
            "name": "Full name",
            "short_name": "Short name",
            "ons_code": "ONS code",
            "region": "Region",
            "governance": "Governance model",
            "status": "Status",
            "needs_verification": "The record needs checking against primary sources",
        }
        help_texts = {
            "name": "For example, Avon Fire Authority",
            "short_name": "For example, Avon",
            "ons_code": "For example, E31000001",
            "needs_verification": "",
        }
        widgets = {"status": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the authority's full name", "max_length": "Full name must be 200 characters or fewer"},
            "short_name": {"required": "Enter the short name", "max_length": "Short name must be 100 characters or fewer"},
            "ons_code": {"required": "Enter the ONS code", "max_length": "ONS code must be 9 characters or fewer"},
            "region": {"required": "Choose the region", "invalid_choice": "Choose a region from the list"},
            "governance": {"required": "Choose the governance model", "invalid_choice": "Choose a governance model from the list"},
            "status": {"required": "Choose the status", "invalid_choice": "Choose a status from the list"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A successor is an authority that exists today, or the one already recorded (which may
        # itself have been merged since).
        successors = authorities_current() | Authority.objects.filter(pk=self.instance.succeeded_by_id)
        self.fields["succeeded_by"].queryset = successors.exclude(pk=self.instance.pk).order_by("name")
        # The successor is chosen by slug, so that no number typed in reaches the database.
        self.initial["succeeded_by"] = self.instance.succeeded_by.slug if self.instance.succeeded_by_id else None
        self.fields["region"].choices = [("", "Choose a region"), *Region.choices]
        self.fields["governance"].choices = [("", "Choose a governance model"), *Governance.choices]
        self.helper = govuk_form_helper(
            Field.text("name"),
            Field.text("short_name", field_width=20),
            Field.text("ons_code", field_width=10),
            Field.select("region"),
            Field.select("governance"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field("ended_on"),
            Field.select("succeeded_by"),
            Field.checkbox("needs_verification", small=True),
            Submit("submit", "Save record"),
        )

    def clean_ons_code(self):
        return self.cleaned_data["ons_code"].strip().upper()


class AuthorityContactForm(GovukErrorsMixin, forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the contact's full name", "max_length": "Full name must be 150 characters or fewer"},
    )
    email = email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.text("name"), Field.text("email", field_width=20), Submit("submit", "Save contact"))
