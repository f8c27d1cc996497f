"""Writing the report's own words beside its findings: the executive summary and, for the
approach, the kinds of people the team met and the places it visited."""

from django.db import transaction

from challenges.models import Challenge
from challenges.services.finding import findings_open_check
from peersupport.rules import require
from peersupport.services import record_update

REPORT_TEXT_FIELDS = ("executive_summary", "people_met", "places_visited")


@transaction.atomic
def challenge_report_text_save(*, by, challenge, **words) -> Challenge:
    """Save the report's summary and approach. Those who record the findings write them, and
    they freeze with the findings once the report is published (until a correction opens).
    One history row when something changed, none otherwise."""
    require("challenges.record_findings", by, challenge)
    # Locked as the findings' services lock it: a publication meanwhile is seen, not overtaken.
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    findings_open_check(challenge)
    record_update(challenge, by=by, fields=REPORT_TEXT_FIELDS, data={name: (value or "").strip() for name, value in words.items()})
    return challenge
