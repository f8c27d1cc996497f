"""Every change of a challenge's status goes through here, whichever app asks for it: the
life of a challenge (DOMAIN.md) as a table of the moves it allows and who may make each."""

from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.choices import STOPPABLE_STATUSES, ChallengeStatus
from challenges.models import Challenge
from challenges.services.dates import visit_dates_check
from challenges.services.evaluation import evaluations_invite
from challenges.services.notifications import challenge_status_notify
from challenges.services.team import team_ready_check, team_visit_sync
from challenges.services.team_notifications import team_confirmed_notify
from peersupport.rules import require
from peersupport.services import record_update

S = ChallengeStatus
MANAGE = "challenges.manage_challenge"
MOVE_ON = "challenges.move_challenge_on"

# Each move the life of a challenge allows, with the permission it needs.
STATUS_CHANGES = {
    (S.REQUESTED, S.SCOPING): MANAGE,
    (S.SCOPING, S.CONFIRMED): MANAGE,
    (S.CONFIRMED, S.ON_SITE): MANAGE,
    (S.ON_SITE, S.FEEDBACK_GIVEN): MOVE_ON,
    (S.FEEDBACK_GIVEN, S.REPORT_DRAFTING): MOVE_ON,
    (S.REPORT_DRAFTING, S.FACTUAL_CHECK): MANAGE,
    (S.FACTUAL_CHECK, S.PUBLISHED): MANAGE,
    (S.PUBLISHED, S.PROGRESS_REVIEW): MANAGE,
    (S.PUBLISHED, S.CLOSED): MANAGE,
    (S.PROGRESS_REVIEW, S.CLOSED): MANAGE,
    (S.POSTPONED, S.SCOPING): MANAGE,
    **{(status, S.POSTPONED): MANAGE for status in STOPPABLE_STATUSES},
    **{(status, S.CANCELLED): MANAGE for status in (*STOPPABLE_STATUSES, S.POSTPONED)},
}
# Moves the service makes itself, on the calendar (the daily check), with no one to ask.
AUTOMATIC_CHANGES = {(S.CONFIRMED, S.ON_SITE)}
# Moves that must say why.
NEEDS_REASON = {S.POSTPONED, S.CANCELLED}

# What the person moving a challenge on presses, for each status it can move to.
ACTION_LABELS = {
    S.SCOPING: "Start scoping",
    S.CONFIRMED: "Confirm the booking",
    S.ON_SITE: "The team is on site",
    S.FEEDBACK_GIVEN: "Feedback has been given",
    S.REPORT_DRAFTING: "Start drafting the report",
    S.FACTUAL_CHECK: "Send for the factual accuracy check",
    S.PUBLISHED: "The report is published",
    S.PROGRESS_REVIEW: "Start the progress review",
    S.CLOSED: "Close the challenge",
    S.POSTPONED: "Postpone",
    S.CANCELLED: "Cancel the challenge",
}


def status_moves_from(status) -> list[tuple[str, str]]:
    """The statuses a challenge can move to from `status`, with the permission each needs,
    in the order of the life of a challenge."""
    order = list(ChallengeStatus)
    moves = [(to, permission) for (frm, to), permission in STATUS_CHANGES.items() if frm == status]
    return sorted(moves, key=lambda move: order.index(move[0]))


@transaction.atomic
def challenge_status_change(*, by, challenge, status, reason="", only_from=None) -> Challenge:
    """Move the challenge on to `status`, if the change is one the life of a challenge allows
    and `by` may make it; refuses any other with a ValidationError saying why. `by` None is
    the service itself, for the moves it makes on the calendar. Postponing and cancelling
    need a reason; postponing clears the visit's dates (its history keeps them), as new
    ones are to be agreed. With `only_from`, a challenge in any other status is left as it
    is: for events that move a challenge on the first time only. The challenge stays locked
    until the caller's transaction ends, so that callers can check and write what depends
    on its status. Those concerned are emailed (through the outbox) when it matters to them."""
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    if only_from is not None and challenge.status not in only_from:
        return challenge
    move = (challenge.status, status)
    permission = STATUS_CHANGES.get(move)
    if permission is None:
        raise ValidationError(
            f"A challenge cannot go from ‘{challenge.get_status_display()}’ to ‘{ChallengeStatus(status).label}’",
            code="status",
        )
    if by is None:
        if move not in AUTOMATIC_CHANGES:
            raise ValidationError(f"Only a person can move a challenge to ‘{ChallengeStatus(status).label}’", code="status")
    else:
        require(permission, by, challenge)
    reason = (reason or "").strip()
    if status in NEEDS_REASON and not reason:
        raise ValidationError({"reason": f"Enter why the challenge is {ChallengeStatus(status).label.lower()}"})
    if status == S.CONFIRMED:
        # Its dates may have been agreed long ago: they are checked again as it is confirmed,
        # with its team's composition and the authority's concerns about it.
        visit_dates_check(by=by, challenge=challenge)
        if challenge.start_date:  # else saving refuses it for want of dates, the first thing to fix
            team_ready_check(challenge=challenge)
    before = challenge.status
    changes = {"status": status, "status_reason": reason if status in NEEDS_REASON else "", "late_step": ""}
    if status == S.POSTPONED:
        changes.update(start_date=None, end_date=None, second_start_date=None, second_end_date=None)
    challenge._change_reason = reason
    record_update(challenge, by=by, fields=changes, data=changes)
    team_visit_sync(challenge=challenge)
    challenge_status_notify(challenge=challenge, before=before, reason=reason)
    if status == S.CONFIRMED:
        team_confirmed_notify(challenge=challenge)
    if status == S.PUBLISHED:
        evaluations_invite(challenge=challenge)
    return challenge


def challenge_report_requested(*, by, challenge) -> Challenge:
    """A feedback report was asked for: a challenge that has had its visit, or is about to,
    is now drafting its report; one further on stays as it is."""
    return _event_move(
        by=by, challenge=challenge, status=S.REPORT_DRAFTING,
        only_from={S.CONFIRMED, S.ON_SITE, S.FEEDBACK_GIVEN}, permission="challenges.record_findings",
    )


def challenge_report_published(*, by, challenge) -> Challenge:
    """A version of the feedback report was published: the challenge's report is published."""
    return _event_move(
        by=by, challenge=challenge, status=S.PUBLISHED,
        only_from={S.CONFIRMED, S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK}, permission=MANAGE,
    )


@transaction.atomic
def _event_move(*, by, challenge, status, only_from, permission) -> Challenge:
    """A move caused by an event elsewhere (a report asked for or published): it may skip
    the steps between, as the event shows they happened."""
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    if challenge.status not in only_from:
        return challenge
    require(permission, by, challenge)
    record_update(challenge, by=by, fields=["status", "late_step"], data={"status": status, "late_step": ""})
    if status == S.PUBLISHED:
        evaluations_invite(challenge=challenge)
    return challenge


def challenge_progress_review_started(*, by, challenge) -> Challenge:
    """The review team began recording the progress review: the challenge's progress review is under way."""
    return _event_move(
        by=by, challenge=challenge, status=S.PROGRESS_REVIEW, only_from={S.PUBLISHED}, permission="challenges.record_progress",
    )
