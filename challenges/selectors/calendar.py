"""Reads for the calendar of visits: a month's visits, and the challenges of a calendar feed."""

import datetime
import re
from collections import defaultdict

from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from challenges.choices import UNDATED_STATUSES
from challenges.models import CalendarFeed, Challenge

# The characters of secrets.token_urlsafe, which makes the tokens.
TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]+")

VISIT_FIELDS = (
    "pk", "challenge_type", "status", "start_date", "end_date", "second_start_date", "second_end_date",
    "authority__short_name", "authority__name", "authority__region",
)


def visits_between(*, queryset, first: datetime.date, last: datetime.date) -> QuerySet:
    """The challenges of the queryset with days on site from `first` to `last`, as values."""
    return (
        queryset.exclude(status__in=UNDATED_STATUSES)
        .on_site_between(first, last)
        .order_by("start_date", "authority__short_name", "pk")
        .values(*VISIT_FIELDS)
    )


def visits_by_day(visits, *, first, last) -> dict[datetime.date, list[dict]]:
    """Each day from `first` to `last` that has a team on site, with the visits of that day."""
    days = defaultdict(list)
    for visit in visits:
        phases = [(visit["start_date"], visit["end_date"])]
        if visit["second_start_date"]:
            phases.append((visit["second_start_date"], visit["second_end_date"]))
        for start, end in phases:
            day = max(start, first)
            while day <= min(end, last):
                days[day].append(visit)
                day += datetime.timedelta(days=1)
    return days


def challenges_for_feed(*, queryset) -> QuerySet[Challenge]:
    """The challenges of the queryset that have (or had) a visit, with what a calendar event
    needs: `changes` (how often the challenge was saved, for the event's SEQUENCE) and
    `last_changed` (for LAST-MODIFIED). Cancelled ones stay, so that calendars remove them."""
    history = Challenge.history.model.objects.filter(id=OuterRef("pk")).order_by()
    return (
        queryset.filter(start_date__isnull=False)
        .exclude(status__in=[status for status in UNDATED_STATUSES if status != "cancelled"])
        .select_related("authority")
        .annotate(
            changes=Coalesce(Subquery(history.values("id").annotate(n=Count("*")).values("n")[:1]), 0),
            last_changed=Subquery(history.values("id").annotate(at=Max("history_date")).values("at")[:1]),
        )
        .order_by("start_date", "pk")
    )


def feed_for_token(*, token) -> CalendarFeed | None:
    """The feed of an active user at the secret address `token`; None for any other,
    including an address no token could be (which PostgreSQL might not even compare)."""
    if not token or len(token) > 64 or not TOKEN_CHARACTERS.fullmatch(token):
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
