"""Recording when a peer cannot take part in challenges."""

from django.db import transaction

from authorities.models import (
    Unavailability,
)
from authorities.services.guards import require_self_or_lga_staff


@transaction.atomic
def unavailability_add(*, by, peer, start_date, end_date, reason="") -> Unavailability:
    """Record a period when the peer cannot take part in challenges."""
    require_self_or_lga_staff(by, peer)
    period = Unavailability(peer=peer, start_date=start_date, end_date=end_date, reason=reason.strip())
    period.full_clean()
    period.save()
    return period


@transaction.atomic
def unavailability_remove(*, by, period) -> None:
    require_self_or_lga_staff(by, period.peer)
    period.delete()
