"""The calendar's rules for a visit, which depend on today and on other challenges, so that
they cannot live in the model: a visit starts in the future, and an authority has no two
live challenges whose visits overlap."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ACTIVE_PLACE_STATES
from challenges.models import Challenge
from challenges.selectors.team import places_overlapping
from peersupport.formats import date_range

PAST_VISIT = "The on-site start date must be in the future"


def visit_dates_check(*, by, challenge, record_past=False) -> None:
    """Refuse, with errors on the date fields, a visit that starts today or earlier (unless an
    LGA administrator records a past challenge, for the programme's history) or that overlaps
    a live challenge of the same authority. Locks the authority until the caller's
    transaction ends, so that two bookings at once cannot both pass the overlap check."""
    if not challenge.start_date:
        return
    if challenge.start_date <= timezone.localdate():
        if not record_past:
            raise ValidationError({"start_date": PAST_VISIT}, code="past")
        if by is None or not by.has_perm("challenges.record_past_challenge"):
            raise ValidationError({"start_date": "Only LGA administrators can record a past challenge"}, code="past")
    Authority.objects.select_for_update().filter(pk=challenge.authority_id).first()
    clash = challenge_overlapping(challenge=challenge)
    if clash is not None:
        raise ValidationError(
            {"start_date": f"{challenge.authority.short_name} already has a challenge on site from "
             f"{date_range(clash.start_date, clash.last_day_on_site)}: choose dates that do not overlap it"},
            code="overlap",
        )
    if challenge.pk:
        # The team's peers must be free on the new dates too: checked in the same transaction.
        busy = (
            places_overlapping(challenge=challenge)
            .filter(peer__in=challenge.team.filter(state__in=ACTIVE_PLACE_STATES).values("peer"))
            .select_related("peer", "challenge__authority")
            .order_by("challenge__start_date", "pk")
            .first()
        )
        if busy is not None:
            other = busy.challenge
            raise ValidationError(
                {"start_date": f"{busy.peer} on this team is on the team of {other.authority.short_name}, on site from "
                 f"{date_range(other.start_date, other.last_day_on_site)}: choose other dates or change the team"},
                code="team_busy",
            )


def challenge_overlapping(*, challenge) -> Challenge | None:
    """Another live challenge of the authority with a phase on site that overlaps one of
    this challenge's phases."""
    last_day = challenge.second_end_date or challenge.end_date or challenge.start_date
    candidates = (
        Challenge.objects.live().filter(authority_id=challenge.authority_id).exclude(pk=challenge.pk)
        .on_site_between(challenge.start_date, last_day)
        .order_by("start_date", "pk")
    )
    phases = challenge.phases or [(challenge.start_date, last_day)]
    for other in candidates:
        if any(start <= other_end and other_start <= end for start, end in phases for other_start, other_end in other.phases):
            return other
    return None


def visit_description(challenge) -> str:
    """The visit's dates as one line, for the history and emails: "to be agreed" without."""
    if not challenge.start_date:
        return "to be agreed"
    return " and ".join(date_range(first, last) for first, last in challenge.phases)
