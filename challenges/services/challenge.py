"""Asking for, booking, scoping and rescheduling challenges. Status changes are in status.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from authorities.choices import Role
from authorities.permissions import is_current_authority
from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.services.dates import visit_dates_check, visit_description
from challenges.services.notifications import (
    challenge_dates_notify,
    challenge_request_notify,
    challenge_status_notify,
)
from challenges.services.status import challenge_status_change
from challenges.services.team import team_visit_sync
from peersupport.rules import require
from peersupport.services import record_create, record_update

VISIT_FIELDS = ("start_date", "end_date", "second_start_date", "second_end_date")
# What scoping agrees, beside the dates.
SCOPE_FIELDS = (
    "scoping_meeting_on", "focus_areas", "own_priorities", "theme", "inspection_relation", "inspection", "funding",
    "challenge_manager", "days_on_site", "notes",
)
# Before a challenge is confirmed its dates are part of its scope; after, they change by rescheduling.
RESCHEDULABLE_STATUSES = (ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED)


@transaction.atomic
def challenge_request(*, by, challenge_type, preferred_period="", request_details="") -> Challenge:
    """An FRA contact asks for a challenge of their authority; the region's principal advisers
    are told and one takes it on (challenge_take_on)."""
    require("challenges.request_challenge", by)
    authority = by.authority
    if not is_current_authority(by, authority):
        raise ValidationError(f"{authority.name} no longer exists, so it cannot ask for a challenge")
    challenge = record_create(
        Challenge(
            authority=authority, challenge_type=challenge_type, status=ChallengeStatus.REQUESTED, requested_by=by,
            preferred_period=preferred_period.strip(), request_details=request_details.strip(), booked_by=by,
        ),
        by=by,
    )
    challenge_request_notify(challenge=challenge)
    return challenge


@transaction.atomic
def challenge_take_on(*, by, challenge) -> Challenge:
    """A principal adviser (or an LGA administrator) takes on a request and starts scoping it;
    an adviser becomes its principal adviser."""
    challenge = challenge_status_change(by=by, challenge=challenge, status=ChallengeStatus.SCOPING)
    if by.role == Role.PRINCIPAL_ADVISER and challenge.principal_adviser_id is None:
        record_update(challenge, by=by, fields=["principal_adviser"], data={"principal_adviser": by})
    return challenge


@transaction.atomic
def challenge_book(
    *, by, authority, challenge_type, start_date, end_date, second_start_date=None, second_end_date=None,
    theme="", record_past=False,
) -> Challenge:
    """Book a confirmed challenge directly, without a request: for current authorities the
    user may book for (their region, for a principal adviser). The visit starts in the
    future, unless an LGA administrator records a past one (`record_past`), which is then on
    site or, its visit over, has had its feedback; it overlaps no live challenge of the
    authority. The authority and its LGA staff are told of a booking in the future."""
    require("challenges.book_challenge_for_authority", by, authority)
    today = timezone.localdate()
    challenge = Challenge(
        authority=authority, challenge_type=challenge_type, start_date=start_date, end_date=end_date,
        second_start_date=second_start_date, second_end_date=second_end_date, theme=(theme or "").strip(),
        status=ChallengeStatus.CONFIRMED, booked_by=by,
        principal_adviser=by if by.role == Role.PRINCIPAL_ADVISER else None,
    )
    if start_date and start_date <= today:
        # Recorded for the programme's history: where its life had got to by today (the
        # visit under way, or over and fed back), asked for no later than it began.
        last_day = second_end_date or end_date or start_date
        challenge.status = ChallengeStatus.ON_SITE if last_day >= today else ChallengeStatus.FEEDBACK_GIVEN
        challenge.requested_on = start_date
    challenge.full_clean()
    visit_dates_check(by=by, challenge=challenge, record_past=record_past)
    record_create(challenge, by=by)
    if challenge.status == ChallengeStatus.CONFIRMED:  # a challenge recorded for history tells no one
        challenge_status_notify(challenge=challenge, before="")
    return challenge


@transaction.atomic
def challenge_scope(*, by, challenge, confirm=False, **changes) -> Challenge:
    """Record what scoping agreed: focus areas, theme, the inspection it relates to, funding,
    the challenge manager, days on site, notes, and (before it is confirmed) the visit's
    dates. With `confirm`, the challenge is then confirmed, which needs its dates."""
    require("challenges.manage_challenge", by, challenge)
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    fields = list(SCOPE_FIELDS)
    if challenge.status == ChallengeStatus.SCOPING:
        fields += VISIT_FIELDS
    elif set(changes) & set(VISIT_FIELDS):
        raise ValidationError({"start_date": "Change the dates of a confirmed challenge by rescheduling it"})
    for name in ("own_priorities", "theme", "notes"):
        if name in changes:
            changes[name] = (changes[name] or "").strip()
    dates_changed = any(changes.get(name) != getattr(challenge, name) for name in VISIT_FIELDS if name in changes)
    if dates_changed:
        for name in VISIT_FIELDS:
            setattr(challenge, name, changes.get(name, getattr(challenge, name)))
        visit_dates_check(by=by, challenge=challenge)
    record_update(challenge, by=by, fields=fields, data=changes)
    if dates_changed:
        team_visit_sync(challenge=challenge)
    if confirm:
        challenge = challenge_status_change(by=by, challenge=challenge, status=ChallengeStatus.CONFIRMED)
    return challenge


@transaction.atomic
def challenge_reschedule(*, by, challenge, reason, **dates) -> Challenge:
    """Move a challenge's visit to new dates, with the reason kept in its history beside the
    dates before. The new visit starts in the future and overlaps no live challenge of the
    authority. The authority and its LGA staff are told."""
    require("challenges.manage_challenge", by, challenge)
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    if challenge.status not in RESCHEDULABLE_STATUSES:
        raise ValidationError(f"A challenge that is ‘{challenge.get_status_display()}’ cannot be rescheduled")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the dates are changing"})
    earlier = visit_description(challenge)
    data = {name: dates.get(name) for name in VISIT_FIELDS}
    for name, value in data.items():
        setattr(challenge, name, value)
    challenge.full_clean()
    visit_dates_check(by=by, challenge=challenge)
    challenge._change_reason = reason
    if record_update(challenge, by=by, fields=VISIT_FIELDS, data=data):
        team_visit_sync(challenge=challenge)
        challenge_dates_notify(challenge=challenge, earlier=earlier, reason=reason)
    return challenge
