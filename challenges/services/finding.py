"""Recording the peer team's findings."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from challenges.models import Finding
from challenges.selectors.challenge import challenge_user_is_reporter


@transaction.atomic
def finding_record(*, by, challenge, kind, area, text) -> Finding:
    """Record a finding. Only the lead peer and the LGA challenge manager on the team write findings."""
    if not challenge_user_is_reporter(challenge=challenge, user=by):
        raise PermissionDenied("You cannot record findings for this challenge.")
    finding = Finding(challenge=challenge, kind=kind, area=area, text=text.strip(), recorded_by=by)
    finding.full_clean()
    finding.save()
    return finding
