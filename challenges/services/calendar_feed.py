"""A person's secret calendar feed addresses."""

from django.db import transaction

from challenges.models import CalendarFeed
from challenges.models.calendar_feed import new_feed_token
from peersupport.rules import require


def calendar_feed_for(*, user) -> CalendarFeed:
    """The user's calendar feed, made the first time they ask for it."""
    require("challenges.view_challenges", user)
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """Give the user new feed addresses: the old ones stop working at once (an address
    shared by mistake, say)."""
    require("challenges.view_challenges", user)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "created_at"])
    return feed
