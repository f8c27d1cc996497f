"""Background work of the challenges app: thin wrappers of its services."""

from celery import shared_task

from challenges.services.factual_check import factual_check_reminders_send
from challenges.services.progress_review import progress_review_reminders_send
from challenges.services.team import team_reminders_send
from challenges.services.timings import challenges_daily as run_daily_check


@shared_task(name="challenges.challenges_daily")
def challenges_daily():
    """Once a day: move challenges on site on their first day, flag late steps, and remind
    peers of invitations unanswered for a week, advisers of progress reviews coming due, and
    authorities of factual accuracy checks due within two working days."""
    return {
        **run_daily_check(), "invitations reminded": team_reminders_send(),
        "progress reviews reminded": progress_review_reminders_send(),
        "factual checks reminded": factual_check_reminders_send(),
    }
