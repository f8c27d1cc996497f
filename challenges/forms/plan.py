"""The team planner's forms: the period to plan, the places of a plan to accept, and pinning or
ruling out a peer. A place of a plan travels as "challenge id:peer id:role"."""

import datetime
import re

from crispy_forms_gds.layout import Button, Field, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.choices import Region
from authorities.models import Peer
from challenges.choices import TeamRole
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD
from challenges.models.team import REASON_MAX_LENGTH
from challenges.selectors.challenge import challenges_managed_by
from challenges.teams.conflicts import hard_conflicts, soft_conflicts
from challenges.teams.facts import challenge_facts, peer_facts
from peersupport.formats import long_date
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

PLACE_PATTERN = re.compile(r"^(\d{1,18}):(\d{1,18}):([a-z_]{1,30})$")
# The planner solves the pool at once for the whole period: a year's visits at the most.
LONGEST_PERIOD = datetime.timedelta(days=366)
NOT_IN_PLAN = "Choose places from the plan"


def place_value(challenge_id, peer_id, role) -> str:
    return f"{challenge_id}:{peer_id}:{role}"


def parse_place(value) -> tuple[int, int, str] | None:
    """The challenge id, peer id and role of a place's value, or None if it is not one."""
    match = PLACE_PATTERN.match(value or "")
    if not match or match.group(3) not in TeamRole.values:
        return None
    return int(match.group(1)), int(match.group(2)), match.group(3)


def next_quarter(today=None) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the calendar quarter after today's."""
    today = today or timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    year, quarter = (today.year + 1, 1) if quarter == 4 else (today.year, quarter + 1)
    first = datetime.date(year, 3 * quarter - 2, 1)
    following = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return first, following - datetime.timedelta(days=1)


class PlanPeriodForm(GovukErrorsMixin, forms.Form):
    """What to plan: the challenges on site in a period (in one region, for an LGA
    administrator), or one challenge's team again; and whether unsent proposals may move."""

    period_from = GovukDateField(label="From", in_sentence="first day of the period", help_text="For example, 1 4 2027")
    period_to = GovukDateField(label="To", in_sentence="last day of the period", help_text="For example, 30 6 2027")
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "Any region"), *Region.choices],
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    allow_moves = forms.BooleanField(label="Let places proposed but not yet invited move", required=False)
    challenge = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput,
        error_messages={"invalid": NOT_IN_PLAN, "min_value": NOT_IN_PLAN, "max_value": NOT_IN_PLAN},
    )

    def __init__(self, *args, with_region=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_region:
            # A principal adviser plans their own region's challenges only.
            del self.fields["region"]
        self.helper = govuk_form_helper(
            Field("period_from"), Field("period_to"), *([Field.select("region")] if with_region else []),
            Field.checkbox("allow_moves", small=True), Field("challenge"), Submit("plan", "Plan teams"),
        )
        self.helper.form_method = "get"

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("period_from"), cleaned.get("period_to")
        # The programme's years, as the calendar offers them.
        earliest, latest = EARLIEST_CHALLENGE, datetime.date(timezone.localdate().year + YEARS_AHEAD, 12, 31)
        for name, day, words in (("period_from", first, "first"), ("period_to", last, "last")):
            if day and not earliest <= day <= latest:
                self.add_error(
                    name, f"The {words} day of the period must be between {long_date(earliest)} and {long_date(latest)}"
                )
        if first and last and "period_from" not in self.errors and "period_to" not in self.errors:
            if last < first:
                self.add_error("period_to", "The last day of the period must be the same as or after the first day")
            elif last - first > LONGEST_PERIOD:
                self.add_error("period_to", "The period must be a year or shorter")
        return cleaned


class PlacesField(forms.MultipleChoiceField):
    """The places of a plan ticked to accept, each "challenge id:peer id:role". The choices
    are the plan's, which the form does not know: each value is checked for its shape here,
    and for the user's scope by the form."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value):
        return parse_place(value) is not None


class PlanAcceptForm(GovukErrorsMixin, forms.Form):
    """The places of a plan the adviser chose, with the reason for choosing any peer with a
    soft conflict. Each place's challenge must be one the user manages."""

    places = PlacesField(
        label="Places to accept",
        error_messages={"required": "Choose at least one place to accept", "invalid_choice": NOT_IN_PLAN},
    )
    soft_conflict_reason = forms.CharField(
        label="Why choose the peers with soft conflicts", required=False, max_length=REASON_MAX_LENGTH,
        help_text="Needed when a place you accept has a soft conflict: it is kept with the place",
        validators=[plain_text_validator("The reason", single_line=True)],
        error_messages={"max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer"},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.choices = []  # (challenge, peer, role), once valid
        self.helper = govuk_form_helper(Field.text("soft_conflict_reason"), Field("next"))
        self.helper.form_tag = False

    def clean_places(self):
        parsed = [parse_place(value) for value in self.cleaned_data["places"]]
        challenges = challenges_managed_by(user=self.user).in_bulk({challenge_id for challenge_id, _, _ in parsed})
        peers = Peer.objects.in_bulk({peer_id for _, peer_id, _ in parsed})
        if any(challenge_id not in challenges or peer_id not in peers for challenge_id, peer_id, _ in parsed):
            raise ValidationError(NOT_IN_PLAN, code="invalid_choice")
        self.choices = [(challenges[challenge_id], peers[peer_id], role) for challenge_id, peer_id, role in parsed]
        return self.cleaned_data["places"]

    def clean(self):
        cleaned = super().clean()
        if self.choices and not cleaned.get("soft_conflict_reason") and "soft_conflict_reason" not in self.errors:
            names = self.with_soft_conflicts()
            if names:
                conflicts = "their soft conflicts" if len(names) > 1 else "a soft conflict"
                self.add_error("soft_conflict_reason", f"Enter why you chose {_and_list(names)} despite {conflicts}")
        return cleaned

    def with_soft_conflicts(self) -> list[str]:
        """The names of the chosen peers with a soft conflict for their place, as the service
        will judge them (challenges/teams/conflicts.py), in the order chosen. A peer with a hard
        conflict is left to the service, which refuses them whatever the reason."""
        facts = challenge_facts(challenge_ids={challenge.pk for challenge, _, _ in self.choices})
        peers = peer_facts(challenges=list(facts.values()), peer_ids={peer.pk for _, peer, _ in self.choices})
        names = []
        for challenge, peer, role in self.choices:
            if challenge.pk not in facts or peer.pk not in peers:
                continue
            peer_fact, challenge_fact = peers[peer.pk], facts[challenge.pk]
            if not hard_conflicts(peer_fact, challenge_fact, role) and soft_conflicts(peer_fact, challenge_fact, role):
                names.append(peer.full_name)
        return list(dict.fromkeys(names))


class PlanPlaceForm(forms.Form):
    """A place of the plan to pin, and the plan to go back to."""

    place = forms.CharField(max_length=60, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def clean_place(self):
        parsed = parse_place(self.cleaned_data["place"])
        if parsed is None:
            raise ValidationError(NOT_IN_PLAN)
        return parsed


class PlanBanForm(GovukErrorsMixin, PlanPlaceForm):
    """Ruling a peer out of a challenge, from the plan, with an optional reason."""

    reason = forms.CharField(
        label="Why rule them out (optional)", required=False, max_length=REASON_MAX_LENGTH,
        help_text="Kept with the ban, for whoever plans this team next",
        validators=[plain_text_validator("The reason", single_line=True)],
        error_messages={"max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field("place"), Field("next"), Field.text("reason"), Button.warning("ban", "Rule them out"),
        )


def _and_list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
