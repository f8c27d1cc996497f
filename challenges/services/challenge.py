"""Booking challenges."""

from django.db import transaction

from challenges.models import Challenge
from peersupport.rules import require
from peersupport.services import record_create


@transaction.atomic
def challenge_book(*, by, authority, challenge_type, start_date, end_date) -> Challenge:
    """Book a challenge for an authority. Only for current authorities the user may book
    for (their region, for a principal adviser)."""
    require("challenges.book_challenge_for_authority", by, authority)
    challenge = Challenge(
        authority=authority, challenge_type=challenge_type, start_date=start_date, end_date=end_date, booked_by=by
    )
    return record_create(challenge, by=by)
