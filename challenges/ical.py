"""Challenges as iCalendar (RFC 5545) with the icalendar library: one all-day event for each
phase on site. Each event's UID is stable, so a calendar app updates it when the dates
change instead of adding another, and its SEQUENCE counts the challenge's saves. A cancelled
challenge's events say CANCELLED, so that calendars take them away."""

import datetime
from urllib.parse import urlparse

import icalendar
from django.conf import settings
from django.utils import timezone

from challenges.choices import ChallengeStatus

PRODUCT = "-//Local Government Association//Fire peer support//EN"


def _host():
    return urlparse(settings.SITE_URL).hostname or "localhost"


def event_uid(challenge, phase: int) -> str:
    return f"challenge-{challenge.pk}-phase-{phase}@{_host()}"


def calendar_of(challenges, *, name: str) -> bytes:
    """The challenges' visits as an iCalendar file named `name`. Each challenge should come
    from challenges_for_feed (with `changes` and `last_changed`); without them, SEQUENCE is 0
    and the last change is its booking."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now().astimezone(datetime.UTC)
    for challenge in challenges:
        for number, (first, last) in enumerate(challenge.phases, start=1):
            calendar.add_component(_event(challenge, number, first, last, now))
    return calendar.to_ical()


def _event(challenge, number, first, last, now):
    event = icalendar.Event()
    label = f"{challenge.get_challenge_type_display()}: {challenge.authority.short_name}"
    if len(challenge.phases) > 1:
        label += f" (phase {number} of {len(challenge.phases)})"
    changed = getattr(challenge, "last_changed", None) or challenge.booked_at
    url = f"{settings.SITE_URL}{challenge.get_absolute_url()}"
    event.add("uid", event_uid(challenge, number))
    event.add("summary", label)
    event.add("dtstart", first)
    # An all-day event ends on the day after its last, as RFC 5545 counts it.
    event.add("dtend", last + datetime.timedelta(days=1))
    event.add("dtstamp", now)
    event.add("last-modified", changed.astimezone(datetime.UTC))
    event.add("sequence", max(getattr(challenge, "changes", 1) - 1, 0))
    event.add("status", "CANCELLED" if challenge.status == ChallengeStatus.CANCELLED else "CONFIRMED")
    event.add("location", challenge.authority.name)
    event.add("url", url)
    event.add("description", f"Peer challenge of {challenge.authority.name}, {challenge.get_status_display().lower()}.\n{url}")
    event.add("transp", "OPAQUE")
    return event
