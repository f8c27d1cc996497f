"""The daily check of the programme against the calendar and the published timings: a
confirmed challenge goes on site on its first day, and a step running late is flagged on the
challenge (and the lists and home pages that show it) and its LGA staff are emailed, once."""

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.services.notifications import challenge_late_notify
from challenges.services.status import challenge_status_change
from challenges.timings import LATE_HORIZON, TIMINGS, late_step

S = ChallengeStatus

def challenges_daily(*, today=None) -> dict:
    """Move on site every confirmed challenge whose visit is under way (a visit that ended
    before today, recorded for the programme's history, is left for a person to move on), and
    flag each step that has become late (emailing its LGA staff once) or is late no longer.
    Returns the counts."""
    today = today or timezone.localdate()
    moved = 0
    under_way = Challenge.objects.filter(status=S.CONFIRMED).on_site_between(today, today)
    for challenge in under_way.order_by("start_date", "pk"):
        challenge_status_change(by=None, challenge=challenge, status=S.ON_SITE)
        moved += 1
    flagged = cleared = 0
    statuses = {status for timing in TIMINGS for status in timing.statuses}
    candidates = (
        Challenge.objects.select_related("authority", "principal_adviser", "challenge_manager")
        .with_last_day()
        .filter(
            status__in=statuses, last_day__lt=today - relativedelta(months=min(t.months for t in TIMINGS)),
            last_day__gte=today - LATE_HORIZON - relativedelta(months=max(t.months for t in TIMINGS)),
        )
    )
    for challenge in _with_flag(candidates):
        step = late_step(challenge, today=today)
        if step == challenge.late_step:
            continue
        with transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(late_step=step)
            challenge.late_step = step
            if step:
                challenge_late_notify(challenge=challenge)
        flagged += bool(step)
        cleared += not step
    return {"on site": moved, "late": flagged, "no longer late": cleared}


def _with_flag(candidates):
    """The candidates, and every challenge flagged late before, which may be late no longer."""
    flagged = Challenge.objects.exclude(late_step="").exclude(pk__in=candidates.values("pk"))
    return [*candidates, *flagged.select_related("authority", "principal_adviser", "challenge_manager")]
