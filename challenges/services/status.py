"""Every change of a challenge's status goes through here, whichever app asks for it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from peersupport.rules import require

# Each status a challenge can move on to from another, with the permission that allows it.
STATUS_CHANGES = {
    (ChallengeStatus.BOOKED, ChallengeStatus.REPORTING): "challenges.record_findings",
    (ChallengeStatus.BOOKED, ChallengeStatus.PUBLISHED): "challenges.manage_challenge",
    (ChallengeStatus.REPORTING, ChallengeStatus.PUBLISHED): "challenges.manage_challenge",
}


@transaction.atomic
def challenge_status_change(*, by, challenge, status, only_from=None) -> Challenge:
    """Move the challenge on to `status`, if the change is one the life of a challenge allows
    and `by` may make it; refuses any other with a ValidationError saying why. With
    `only_from`, a challenge in any other status is left as it is: for events that move a
    challenge on the first time only. The challenge stays locked until the caller's
    transaction ends, so that callers can check and write what depends on its status."""
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if only_from is not None and challenge.status not in only_from:
        return challenge
    permission = STATUS_CHANGES.get((challenge.status, status))
    if permission is None:
        raise ValidationError(
            f"A challenge cannot go from ‘{challenge.get_status_display()}’ to ‘{ChallengeStatus(status).label}’",
            code="status",
        )
    require(permission, by, challenge)
    challenge.status = status
    challenge.save(update_fields=["status"])
    return challenge


def challenge_report_requested(*, by, challenge) -> Challenge:
    """A feedback report was asked for: a booked challenge is now in reporting; one whose
    report is already in preparation or published stays as it is."""
    return challenge_status_change(by=by, challenge=challenge, status=ChallengeStatus.REPORTING, only_from={ChallengeStatus.BOOKED})


def challenge_report_published(*, by, challenge) -> Challenge:
    """A version of the feedback report was published: the challenge's report is published."""
    return challenge_status_change(
        by=by, challenge=challenge, status=ChallengeStatus.PUBLISHED,
        only_from={ChallengeStatus.BOOKED, ChallengeStatus.REPORTING},
    )
