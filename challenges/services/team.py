"""Putting peer teams together: proposing peers, inviting them, their answers, withdrawals, the
authority's concerns, the composition rules' override, the planner's pins and bans, and
accepting a plan. Every rule a place must keep is judged by challenges/teams/conflicts.py on
the facts of challenges/teams/facts.py, here as in the lists and the planner."""

import datetime
import secrets
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.models import Peer
from challenges.choices import ACTIVE_PLACE_STATES, STOPPED_STATUSES, ChallengeStatus, PlaceState
from challenges.models import Challenge, TeamBan, TeamConcern, TeamMembership, TeamPin
from challenges.models.team import NO_PEER_TWICE_AT_ONCE
from challenges.selectors.team import team_checklist
from challenges.services.team_notifications import (
    team_concern_notify,
    team_decline_notify,
    team_invitation_notify,
    team_reminder_notify,
    team_withdrawal_notify,
)
from challenges.teams.composition import TEAM_SHAPES
from challenges.teams.conflicts import hard_conflicts, soft_conflicts
from challenges.teams.facts import challenge_facts, peer_facts
from peersupport.rules import require
from peersupport.services import record_create, record_update

MANAGE = "challenges.manage_challenge"
# Once the report is published it names the team, which is then what it was; until then the
# record of a team can be corrected (or, for a challenge recorded for history, completed).
TEAM_FIXED_STATUSES = (
    ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED, ChallengeStatus.CANCELLED,
)
# An invitation unanswered this long is sent a reminder, once.
REMINDER_AFTER = datetime.timedelta(days=7)
OVERLAP_REFUSED = "is on another team whose visit overlaps this one"


def _team_open(challenge):
    if challenge.status in TEAM_FIXED_STATUSES:
        raise ValidationError(f"The team of a challenge that is ‘{challenge.get_status_display()}’ can no longer change")


def _judge(*, challenge, peer, role, waive=()):
    """The peer's hard conflicts for the role (but for the kinds `waive`) and soft ones, from
    fresh facts (the peer's row is locked first, so that two requests for one peer take turns)."""
    Peer.objects.select_for_update().filter(pk=peer.pk).first()
    facts = challenge_facts(challenge_ids=[challenge.pk])[challenge.pk]
    peer_fact = peer_facts(challenges=[facts], peer_ids=[peer.pk])[peer.pk]
    return hard_conflicts(peer_fact, facts, role, waive=waive), soft_conflicts(peer_fact, facts, role)


def _mid_sentence(text: str) -> str:
    """A conflict's sentence as it reads after a colon: its first letter small, and the names
    and months within it as they are ("from the same region as the authority (South West)")."""
    return text[:1].lower() + text[1:]


def _visit(challenge):
    """The visit a place holds, first day to last: none for a challenge undated or stopped."""
    if challenge.status in STOPPED_STATUSES or not challenge.start_date:
        return None, None
    return challenge.start_date, challenge.second_end_date or challenge.end_date


@contextmanager
def _overlap_refused(field, message):
    """Turn PostgreSQL's exclusion constraint (one peer on two overlapping active places, when
    requests raced past the service's checks) into the service's refusal, on `field`. The
    savepoint keeps the caller's transaction usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if NO_PEER_TWICE_AT_ONCE in str(error):
            raise ValidationError({field: message}, code="overlap") from error
        raise


def _save_place(place, *, by, fields=None, data=None):
    """Create a place, or change its `fields` to `data`, refusing two overlapping places of one peer."""
    with _overlap_refused("peer", f"{place.peer} {OVERLAP_REFUSED}"):
        if fields is None:
            return record_create(place, by=by)
        return record_update(place, by=by, fields=fields, data=data)


@transaction.atomic
def team_member_add(*, by, challenge, peer, role, soft_conflict_reason="") -> TeamMembership:
    """Propose a peer for a role on the challenge's team. A hard conflict is refused; a soft
    one needs `soft_conflict_reason`, kept on the place with the conflicts it answers. A peer
    withdrawn before can be proposed again; one who declined is not asked twice."""
    require(MANAGE, by, challenge)
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    _team_open(challenge)
    hard, soft = _judge(challenge=challenge, peer=peer, role=role)
    withdrawn = challenge.team.filter(peer=peer, state=PlaceState.WITHDRAWN).first()
    if hard:
        raise ValidationError({"peer": hard})
    soft_conflict_reason = (soft_conflict_reason or "").strip()
    if soft and not soft_conflict_reason:
        raise ValidationError(
            {"soft_conflict_reason": f"Enter why {peer} should join the team despite: {'; '.join(_mid_sentence(s) for s in soft)}"},
            code="soft_conflict",
        )
    on_site_from, on_site_to = _visit(challenge)
    fields = {
        "role": role, "state": PlaceState.PROPOSED, "soft_conflicts": "\n".join(soft),
        "soft_conflict_reason": soft_conflict_reason if soft else "", "decline_reason": "",
        "invited_at": None, "answered_at": None, "reminded_at": None, "invitation_token": None,
        "on_site_from": on_site_from, "on_site_to": on_site_to,
    }
    if withdrawn is not None:
        _save_place(withdrawn, by=by, fields=list(fields), data=fields)
        return withdrawn
    return _save_place(TeamMembership(challenge=challenge, peer=peer, added_by=by, **fields), by=by)


@transaction.atomic
def team_invitations_send(*, by, challenge, places=None) -> list[TeamMembership]:
    """Send the proposed places (all of them, or `places`) their invitations, each with a link
    the peer answers from without signing in."""
    require(MANAGE, by, challenge)
    _team_open(challenge)
    proposed = challenge.team.select_for_update().filter(state=PlaceState.PROPOSED)
    if places is not None:
        proposed = proposed.filter(pk__in=[place.pk for place in places])
    sent = []
    for place in proposed.select_related("peer", "challenge__authority"):
        now = timezone.now()
        changes = {"state": PlaceState.INVITED, "invited_at": now, "invitation_token": secrets.token_urlsafe(32)}
        _save_place(place, by=by, fields=list(changes), data=changes)
        team_invitation_notify(place=place)
        sent.append(place)
    if not sent:
        raise ValidationError("There are no proposed places to send invitations for")
    return sent


@transaction.atomic
def team_invitation_answer(*, place, accept, reason="", by=None) -> TeamMembership:
    """The peer accepts or declines their invitation (from the email's link, or signed in:
    `by`). Accepting checks again that they are free at the same time; declining needs a
    reason, and the adviser is told either way of a decline."""
    place = TeamMembership.objects.select_for_update().select_related("challenge__authority", "peer").get(pk=place.pk)
    if by is not None and (not hasattr(by, "peer") or by.peer.pk != place.peer_id):
        raise ValidationError("This invitation is for someone else")
    if place.state != PlaceState.INVITED:
        raise ValidationError(f"This invitation has been answered already: the place is {place.get_state_display().lower()}")
    _team_open(place.challenge)
    now = timezone.now()
    if accept:
        # Their own invited place is the one they are taking: only the other rules are asked.
        hard, _ = _judge(challenge=place.challenge, peer=place.peer, role=place.role, waive=("taken",))
        if hard:
            raise ValidationError(hard)
        changes = {"state": PlaceState.ACCEPTED, "answered_at": now}
    else:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"decline_reason": "Enter why you cannot take part"})
        changes = {"state": PlaceState.DECLINED, "answered_at": now, "decline_reason": reason,
                   "on_site_from": None, "on_site_to": None}
    _save_place(place, by=by or place.added_by, fields=list(changes), data=changes)
    if not accept:
        team_decline_notify(place=place)
    return place


@transaction.atomic
def team_place_withdraw(*, by, place) -> TeamMembership:
    """The adviser takes a peer off the team; a peer who was invited or had accepted is told."""
    require(MANAGE, by, place.challenge)
    place = TeamMembership.objects.select_for_update().select_related("challenge__authority", "peer").get(pk=place.pk)
    _team_open(place.challenge)
    if place.state not in ACTIVE_PLACE_STATES:
        raise ValidationError(f"{place.peer} is not on the team: their place is {place.get_state_display().lower()}")
    told = place.state in (PlaceState.INVITED, PlaceState.ACCEPTED)
    changes = {"state": PlaceState.WITHDRAWN, "on_site_from": None, "on_site_to": None, "invitation_token": None}
    _save_place(place, by=by, fields=list(changes), data=changes)
    if told:
        team_withdrawal_notify(place=place)
    return place


def team_visit_sync(*, challenge) -> None:
    """The places hold the challenge's visit as it now stands (none once it is postponed or
    cancelled), in the caller's transaction: PostgreSQL's exclusion constraint then checks
    every active place against the new dates. The services that change dates or status call
    this after the change."""
    on_site_from, on_site_to = _visit(challenge)
    with _overlap_refused("start_date", f"A peer on this team {OVERLAP_REFUSED}: choose other dates or change the team"):
        challenge.team.filter(state__in=ACTIVE_PLACE_STATES).update(on_site_from=on_site_from, on_site_to=on_site_to)


# The authority's concerns -----------------------------------------------------------------


@transaction.atomic
def team_concern_raise(*, by, place, reason) -> TeamConcern:
    """The authority raises a concern about a person proposed for its team; the adviser is told
    and must answer it before the challenge is confirmed."""
    require("challenges.raise_team_concern", by, place.challenge)
    if place.state not in ACTIVE_PLACE_STATES:
        raise ValidationError(f"{place.peer} is no longer proposed for the team")
    concern = record_create(TeamConcern(place=place, reason=(reason or "").strip(), raised_by=by), by=by)
    team_concern_notify(concern=concern)
    return concern


@transaction.atomic
def team_concern_answer(*, by, concern, answer) -> TeamConcern:
    require(MANAGE, by, concern.place.challenge)
    concern = TeamConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.answered_at:
        raise ValidationError("This concern has been answered already")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Enter your answer to the authority's concern"})
    changes = {"answer": answer, "answered_by": by, "answered_at": timezone.now()}
    record_update(concern, by=by, fields=list(changes), data=changes)
    return concern


# Composition ------------------------------------------------------------------------------


def team_ready_check(*, challenge) -> None:
    """Before a challenge is confirmed: its team meets the composition rules (or an LGA
    administrator has overridden them, saying why) and every concern the authority raised is
    answered. Refuses with every reason."""
    errors = []
    if not challenge.team_rules_override_reason:
        errors += [f"The team needs {check.rule[0].lower()}{check.rule[1:]} ({check.detail})" for check in team_checklist(challenge=challenge) if not check.met]
    unanswered = TeamConcern.objects.filter(place__challenge=challenge, answered_at__isnull=True).select_related("place__peer")
    errors += [f"Answer the authority's concern about {concern.place.peer}" for concern in unanswered]
    if errors:
        raise ValidationError(errors, code="team")


@transaction.atomic
def team_rules_override(*, by, challenge, reason) -> Challenge:
    """An LGA administrator lets the challenge be confirmed with a team that breaks the
    composition rules, with the reason kept in its history."""
    require("challenges.override_team_rules", by, challenge)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the team may break its composition rules"})
    challenge._change_reason = reason
    record_update(
        challenge, by=by, fields=["team_rules_override_reason", "team_rules_overridden_by"],
        data={"team_rules_override_reason": reason, "team_rules_overridden_by": by},
    )
    return challenge


# The planner's pins and bans, and accepting a plan ----------------------------------------


@transaction.atomic
def team_pin(*, by, challenge, peer, role) -> TeamPin:
    """Fix a peer in a role on a challenge for every plan: refused if they break a hard rule."""
    require(MANAGE, by, challenge)
    hard, _ = _judge(challenge=challenge, peer=peer, role=role)
    if hard:
        raise ValidationError({"peer": hard})
    TeamPin.objects.filter(challenge=challenge, peer=peer).delete()
    return record_create(TeamPin(challenge=challenge, peer=peer, role=role, pinned_by=by), by=by)


@transaction.atomic
def team_unpin(*, by, pin) -> None:
    require(MANAGE, by, pin.challenge)
    pin.delete()


@transaction.atomic
def team_ban(*, by, challenge, peer, reason="") -> TeamBan:
    """Rule a peer out for a challenge: no plan or list offers them for it again."""
    require(MANAGE, by, challenge)
    TeamPin.objects.filter(challenge=challenge, peer=peer).delete()
    ban, _ = TeamBan.objects.update_or_create(
        challenge=challenge, peer=peer, defaults={"reason": (reason or "").strip(), "banned_by": by}
    )
    ban.full_clean()
    return ban


@transaction.atomic
def team_unban(*, by, ban) -> None:
    require(MANAGE, by, ban.challenge)
    ban.delete()


@transaction.atomic
def team_plan_accept(*, by, choices, soft_conflict_reason="") -> list[TeamMembership]:
    """Accept the places of a plan the adviser chose, as (challenge, peer, role): each is
    proposed under every rule again, and then invited. A peer the plan kept in the place they
    were proposed for is invited as they are; where the plan moved a proposal not yet sent to
    someone else (re-planning that lets proposals move), that proposal is withdrawn, so that
    the team keeps its shape. All or nothing: if one place can no longer be made, nothing is,
    and every reason is given."""
    if not choices:
        raise ValidationError("Choose at least one place to accept")
    places, errors = [], []
    for challenge, peer, role in choices:
        kept = challenge.team.filter(peer=peer, role=role, state=PlaceState.PROPOSED).first()
        if kept is not None:
            places.append(kept)
            continue
        try:
            with transaction.atomic():
                _make_room(by=by, challenge=challenge, role=role, keep=[p for c, p, _ in choices if c.pk == challenge.pk])
                places.append(team_member_add(
                    by=by, challenge=challenge, peer=peer, role=role, soft_conflict_reason=soft_conflict_reason
                ))
        except ValidationError as error:
            messages = error.message_dict.get("soft_conflict_reason") or error.message_dict.get("peer") or error.messages
            errors += [f"{challenge.authority.short_name}: {message}" for message in messages]
    if errors:
        raise ValidationError(errors)
    TeamPin.objects.filter(challenge__in={place.challenge_id for place in places}, peer__in=[p.peer_id for p in places]).delete()
    for challenge in {place.challenge for place in places}:
        team_invitations_send(by=by, challenge=challenge, places=[p for p in places if p.challenge_id == challenge.pk])
    return places


def _make_room(*, by, challenge, role, keep):
    """Where the role's places are all held, withdraw the oldest proposal not yet sent (and not
    among the peers `keep`): the plan gave its place to someone else."""
    shape = TEAM_SHAPES[challenge.challenge_type].get(role, 0)
    held = challenge.team.filter(role=role, state__in=ACTIVE_PLACE_STATES)
    if held.count() < shape:
        return
    movable = held.filter(state=PlaceState.PROPOSED).exclude(peer__in=keep).order_by("added_at", "pk").first()
    if movable is not None:
        changes = {"state": PlaceState.WITHDRAWN, "on_site_from": None, "on_site_to": None}
        _save_place(movable, by=by, fields=list(changes), data=changes)


def team_reminders_send() -> int:
    """Remind each peer whose invitation has waited a week without an answer, once."""
    cutoff = timezone.now() - REMINDER_AFTER
    sent = 0
    waiting = TeamMembership.objects.filter(state=PlaceState.INVITED, invited_at__lte=cutoff, reminded_at__isnull=True)
    for place in waiting.select_related("peer", "challenge__authority"):
        with transaction.atomic():
            updated = TeamMembership.objects.filter(pk=place.pk, reminded_at__isnull=True).update(reminded_at=timezone.now())
            if updated:
                team_reminder_notify(place=place)
                sent += 1
    return sent

