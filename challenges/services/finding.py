"""Recording the peer team's findings."""

from django.db import transaction

from challenges.models import Finding
from peersupport.rules import require
from peersupport.services import record_create


@transaction.atomic
def finding_record(*, by, challenge, kind, area, text) -> Finding:
    """Record a finding. Only the lead peer and the LGA challenge manager on the team write findings."""
    require("challenges.record_findings", by, challenge)
    return record_create(Finding(challenge=challenge, kind=kind, area=area, text=text.strip(), recorded_by=by), by=by)
