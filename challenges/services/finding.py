"""Writing the peer team's findings: drafting, accepting, editing, reordering and deleting them,
and keeping the library of wording they can start from."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from challenges.choices import FINDING_AREA_CHOICES, FindingKind, FindingState
from challenges.models import Challenge, Finding, FindingTemplate
from challenges.selectors.finding import findings_are_frozen
from peersupport.rules import require
from peersupport.services import record_create, record_update

FROZEN = "The report is published, so its findings cannot change: a correction is a new version of the report."
# What an edit may change; a finding's kind decides which of these it keeps.
EDITABLE_FIELDS = ("kind", "area", "text", "priority", "title", "why_it_matters", "practice_contact", "shared_with_sector")
KIND_FIELDS = {
    FindingKind.RECOMMENDATION: {"priority"},
    FindingKind.NOTABLE_PRACTICE: {"title", "why_it_matters", "practice_contact", "shared_with_sector"},
}
BLANK = {"priority": "", "title": "", "why_it_matters": "", "practice_contact": "", "shared_with_sector": False}


class FindingEditConflict(ValidationError):
    """Someone else saved the finding since this edit began: `current` is what they saved."""

    def __init__(self, current: Finding, *, by=None):
        self.current = current
        changer = current.changed_by or current.recorded_by
        who = "You changed this finding in another tab or window" if by is not None and changer.pk == by.pk else (
            f"{changer.full_name} changed this finding"
        )
        super().__init__(
            f"{who} while you were editing it. Your changes have not been saved: "
            "compare them with the finding as it is now, then save again.",
            code="edit_conflict",
        )


def findings_open_check(challenge: Challenge) -> None:
    """Refuse to change the findings of a challenge whose report is published."""
    if findings_are_frozen(challenge):
        raise ValidationError(FROZEN, code="frozen")


def _locked_challenge(challenge) -> Challenge:
    # Locked so that two findings added to one area at once take different places.
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


def _area_check(area, *, keep=None):
    if area != keep and area not in dict(FINDING_AREA_CHOICES):
        raise ValidationError({"area": "Choose an area from the list"})


def _kind_fields(kind, fields: dict) -> dict:
    """The fields as the kind keeps them: another kind's extras are cleared."""
    kept = KIND_FIELDS.get(kind, set())
    return {name: (value if name not in BLANK or name in kept else BLANK[name]) for name, value in fields.items()}


def _next_position(challenge, area) -> int:
    last = challenge.findings.filter(area=area, state=FindingState.ACCEPTED).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


@transaction.atomic
def finding_record(*, by, challenge, kind, area, text, template=None, **extras) -> Finding:
    """Record a finding. The lead peer's and the challenge manager's go into the report, at the
    end of their area; another team member's is a draft for them to accept or reject."""
    if by.has_perm("challenges.record_findings", challenge):
        state = FindingState.ACCEPTED
    elif by.has_perm("challenges.draft_findings", challenge):
        state = FindingState.DRAFT
    else:
        raise PermissionDenied("You cannot record findings for this challenge.")
    challenge = _locked_challenge(challenge)
    findings_open_check(challenge)
    _area_check(area)
    fields = _kind_fields(kind, {**BLANK, **extras})
    finding = Finding(
        challenge=challenge, kind=kind, area=area, text=(text or "").strip(), state=state, template=template,
        position=_next_position(challenge, area) if state == FindingState.ACCEPTED else 0, recorded_by=by, **fields,
    )
    return record_create(finding, by=by)


@transaction.atomic
def finding_edit(*, by, finding, version, reason="", permission="challenges.record_findings", **changes) -> Finding:
    """Save an edit begun from `version` of the finding. Refused with FindingEditConflict when
    another edit was saved since, so that neither overwrites the other unseen. The lead peer
    and challenge manager edit any finding; a team member their own draft until it is taken;
    `permission` names another who may (challenges.answer_factual_comments, for a correction
    the authority proposed). The history keeps each version, with `reason`."""
    # Only the finding's row is locked: PostgreSQL cannot lock the nullable side of the outer
    # join that fetches who changed it last.
    finding = (
        Finding.objects.select_for_update(of=("self",)).select_related("challenge", "changed_by", "recorded_by").get(pk=finding.pk)
    )
    findings_open_check(finding.challenge)
    own_draft = finding.state == FindingState.DRAFT and finding.recorded_by_id == by.pk
    if not own_draft:
        require(permission, by, finding.challenge)
    if finding.version != version:
        raise FindingEditConflict(finding, by=by)
    unexpected = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unexpected:
        raise TypeError(f"A finding cannot have {', '.join(unexpected)} changed here")
    kind = changes.get("kind", finding.kind)
    if "area" in changes:
        _area_check(changes["area"], keep=finding.area)
    data = _kind_fields(kind, {**{name: getattr(finding, name) for name in EDITABLE_FIELDS}, **changes})
    data["text"] = (data["text"] or "").strip()
    if data["area"] != finding.area and finding.state == FindingState.ACCEPTED:
        data["position"] = _next_position(finding.challenge, data["area"])
    if all(getattr(finding, name) == value for name, value in data.items()):
        return finding  # nothing changed: no new version, no history row
    # One save: the words, the next version and who made it, in one history row.
    data.update(version=finding.version + 1, changed_by=by, changed_at=timezone.now())
    finding._change_reason = reason
    record_update(finding, by=by, fields=[*EDITABLE_FIELDS, "position", "version", "changed_by", "changed_at"], data=data)
    return finding


@transaction.atomic
def finding_accept(*, by, finding) -> Finding:
    """The lead peer or challenge manager takes a team member's draft into the report, at the
    end of its area."""
    finding = Finding.objects.select_for_update().select_related("challenge").get(pk=finding.pk)
    require("challenges.record_findings", by, finding.challenge)
    findings_open_check(finding.challenge)
    if finding.state != FindingState.DRAFT:
        raise ValidationError("Only a draft finding can be accepted")
    _locked_challenge(finding.challenge)
    data = {"state": FindingState.ACCEPTED, "position": _next_position(finding.challenge, finding.area)}
    record_update(finding, by=by, fields=data, data=data)
    return finding


@transaction.atomic
def finding_reject(*, by, finding, reason) -> Finding:
    """The lead peer or challenge manager leaves a draft out of the report, saying why."""
    finding = Finding.objects.select_for_update().select_related("challenge").get(pk=finding.pk)
    require("challenges.record_findings", by, finding.challenge)
    findings_open_check(finding.challenge)
    if finding.state != FindingState.DRAFT:
        raise ValidationError("Only a draft finding can be rejected")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": "Enter why the finding is rejected"})
    data = {"state": FindingState.REJECTED, "rejection_reason": reason}
    record_update(finding, by=by, fields=data, data=data)
    return finding


@transaction.atomic
def finding_delete(*, by, finding) -> None:
    """Delete a finding (its history keeps it). One the authority has commented on is kept, so
    that its comments keep their finding; one of the authority's own drafts, a team member
    may delete."""
    # The challenge first, then the finding, the order every service locking both keeps (the
    # factual accuracy check's comments lock the challenge too): no two people deadlock.
    challenge = Challenge.objects.select_for_update().get(pk=finding.challenge_id)
    finding = Finding.objects.select_for_update(of=("self",)).filter(pk=finding.pk).first()
    if finding is None:  # deleted a moment ago, by a second press of the button say
        return
    findings_open_check(challenge)
    if not (finding.state == FindingState.DRAFT and finding.recorded_by_id == by.pk):
        require("challenges.record_findings", by, challenge)
    if finding.factual_comments.exists():
        raise ValidationError(
            "The authority has commented on this finding in its factual accuracy check, so it cannot be deleted: "
            "answer the comment, or edit the finding"
        )
    finding._history_user = by
    finding.delete()


@transaction.atomic
def finding_move(*, by, finding, direction) -> Finding:
    """Move a finding of the report one place up or down among those of its kind in its area
    (the report gives each kind of an area together)."""
    require("challenges.record_findings", by, finding.challenge)
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the finding up or down")
    # Read once the challenge is locked: another may have moved it to another area, or deleted it, meanwhile.
    challenge = _locked_challenge(finding.challenge)
    finding = Finding.objects.filter(pk=finding.pk, challenge=challenge).first()
    if finding is None:
        raise ValidationError("The finding has been deleted", code="deleted")
    findings_open_check(challenge)
    if finding.state != FindingState.ACCEPTED:
        raise ValidationError("Only a finding in the report has a place to move")
    # Numbered afresh from 1 in their order, so that places are distinct before two swap.
    area = list(challenge.findings.filter(area=finding.area, kind=finding.kind, state=FindingState.ACCEPTED).order_by("position", "recorded_at", "id"))
    index = next(i for i, f in enumerate(area) if f.pk == finding.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(area):
        raise ValidationError(f"This finding is already {'first' if direction == 'up' else 'last'} in its area")
    area[index], area[other] = area[other], area[index]
    for position, each in enumerate(area, start=1):
        if each.position != position:
            each.position = position
            each._history_user = by
            each.save(update_fields=["position"])
    return next(f for f in area if f.pk == finding.pk)


def finding_template_save(*, by, kind, area, text) -> FindingTemplate:
    """Keep a well-phrased finding in the library of wording."""
    require("challenges.keep_wording_library", by)
    return record_create(FindingTemplate(kind=kind, area=area, text=(text or "").strip(), saved_by=by), by=by)


def finding_template_delete(*, by, template) -> None:
    """Take wording out of the library; findings started from it keep their words."""
    require("challenges.keep_wording_library", by)
    template.delete()
