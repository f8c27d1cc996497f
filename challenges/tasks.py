"""Background work of the challenges app: thin wrappers of its services."""

from celery import shared_task

from challenges.services.team import team_reminders_send
from challenges.services.timings import challenges_daily as run_daily_check


@shared_task(name="challenges.challenges_daily")
def challenges_daily():
    """Once a day: move challenges on site on their first day, flag late steps, and remind
    peers of invitations unanswered for a week."""
    return {**run_daily_check(), "invitations reminded": team_reminders_send()}
