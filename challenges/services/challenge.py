"""Booking challenges."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from authorities.selectors.authority import authorities_bookable_by
from challenges.models import Challenge


@transaction.atomic
def challenge_book(*, by, authority, challenge_type, start_date, end_date) -> Challenge:
    """Book a challenge for an authority. Only for current authorities the user may book
    for (their region, for a principal adviser)."""
    if not authorities_bookable_by(user=by).filter(pk=authority.pk).exists():
        raise PermissionDenied("You cannot book a challenge for this authority.")
    challenge = Challenge(
        authority=authority,
        challenge_type=challenge_type,
        start_date=start_date,
        end_date=end_date,
        booked_by=by,
    )
    challenge.full_clean()
    challenge.save()
    return challenge
