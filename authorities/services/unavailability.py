"""Recording when a peer cannot take part in challenges."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.models import Unavailability
from peersupport.rules import require


@transaction.atomic
def unavailability_add(*, by, peer, start_date, end_date, reason="") -> Unavailability:
    """Record a period when the peer cannot take part in challenges. Leave that is already
    over is refused: it changes no search and would never show on the record."""
    require("authorities.change_peer_details", by, peer)
    period = Unavailability(peer=peer, start_date=start_date, end_date=end_date, reason=reason)
    period.full_clean()
    if period.end_date < timezone.localdate():
        raise ValidationError({"end_date": "The last day unavailable must be today or in the future"})
    period.save()
    return period


@transaction.atomic
def unavailability_remove(*, by, period) -> None:
    require("authorities.change_peer_details", by, period.peer)
    period.delete()
