"""Reads of the authority's factual accuracy check: the challenges it concerns, the check and
its draft as each person may see them, and the checks that are due or overdue."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet

from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingState
from challenges.models import Challenge, FactualCheck, FactualCheckComment, Finding
from challenges.permissions import is_challenged_authority, oversees_challenge, writes_report
from challenges.selectors.finding import area_order, findings_in_report
from peersupport.calendar import working_days_after, working_days_between
from peersupport.formats import long_date

# The team answers the check: LGA staff who oversee the challenge and its report's writers.
answers_the_check = oversees_challenge | writes_report
# How close a deadline is (in working days) when the authority is reminded of it.
REMINDER_WORKING_DAYS = 2


def challenges_in_factual_check_for(*, user) -> QuerySet[Challenge]:
    """The challenges whose factual accuracy check the user takes part in: the authority's
    own, as its FRA contact; those they answer for, as LGA staff who oversee them or as the
    lead peer or challenge manager. Other team members and everyone else: none."""
    return (is_challenged_authority | answers_the_check).filter(Challenge.objects.select_related("authority"), user)


def factual_check_latest(*, challenge) -> FactualCheck | None:
    """The challenge's check, the open one or else the last submitted; None before one is sent."""
    return (
        FactualCheck.objects.filter(challenge=challenge)
        .select_related("sent_by", "submitted_by")
        .order_by("-sent_at", "-id")
        .first()
    )


def factual_check_days_left(check: FactualCheck, *, today: datetime.date) -> int:
    """Working days from tomorrow to the deadline, both counted; 0 on the day and after."""
    return working_days_between(today + datetime.timedelta(days=1), check.deadline)


def factual_check_is_overdue(check: FactualCheck, *, today: datetime.date) -> bool:
    """The deadline has passed and the authority has not submitted its check."""
    return check.is_open and check.deadline < today


def factual_check_deadline_note(check, *, today) -> str:
    """How long the authority has left: in working days, or that the day has come or gone."""
    if not check.is_open:
        return ""
    if factual_check_is_overdue(check, today=today):
        return "Overdue"
    if check.deadline == today:
        return "Due today"
    left = factual_check_days_left(check, today=today)
    return f"{left} working day{'s' if left != 1 else ''} left"


def factual_check_overdue_text(check, *, today) -> str:
    if not factual_check_is_overdue(check, today=today):
        return ""
    return f"The authority's factual accuracy check is overdue: it was due on {long_date(check.deadline)}"


def comments_visible(*, check: FactualCheck, user) -> QuerySet[FactualCheckComment]:
    """The check's comments the user may read. The authority's contacts see all of their
    authority's comments; LGA staff who oversee the challenge see them as they are written;
    the report's writers once the authority has submitted the check (until then they are
    the authority's drafts)."""
    comments = check.comments.select_related("finding", "written_by", "answered_by")
    challenge = check.challenge
    if user.has_perm("challenges.check_facts", challenge) or oversees_challenge(user, challenge):
        return comments
    if writes_report(user, challenge) and not check.is_open:
        return comments
    return comments.none()


@dataclass
class DraftArea:
    """An area of the draft report: its findings in order and the comments on the area itself."""

    area: str
    label: str
    findings: list = field(default_factory=list)
    comments: list = field(default_factory=list)


def factual_check_draft(*, check: FactualCheck, user) -> list[DraftArea]:
    """The draft as the authority reads it: the findings in the report (accepted ones: never
    a team member's draft or a rejected finding) area by area, recommendations numbered, each
    finding with the comments the user may read (`comments`) and whether an accepted comment
    corrected it (`corrected`); each area with the comments on the area as a whole."""
    challenge = check.challenge
    findings = findings_in_report(challenge=challenge)
    comments = list(comments_visible(check=check, user=user))
    corrected = _corrected_finding_ids(challenge=challenge)
    areas = {area: DraftArea(area, FindingArea(area).label) for area in area_order(challenge)}
    for finding in findings:
        finding.comments = [comment for comment in comments if comment.finding_id == finding.pk]
        finding.corrected = finding.pk in corrected
        areas[finding.area].findings.append(finding)
    for comment in comments:
        if comment.finding_id is None and comment.area in areas:
            areas[comment.area].comments.append(comment)
    return [area for area in areas.values() if area.findings or area.comments]


def _corrected_finding_ids(*, challenge) -> set[int]:
    """The findings whose text an accepted correction of a factual accuracy check changed."""
    return set(
        FactualCheckComment.objects.filter(
            factual_check__challenge=challenge, outcome=CommentOutcome.ACCEPTED, finding__isnull=False
        ).exclude(proposed_text="").values_list("finding_id", flat=True)
    )


def comment_findings_of(*, challenge) -> QuerySet[Finding]:
    """The findings the authority may comment on: those in the report."""
    return challenge.findings.filter(state=FindingState.ACCEPTED)


def commentable_areas(*, challenge) -> list[str]:
    """The areas of the report with findings, in the report's order: those the authority
    may comment on as a whole."""
    used = set(comment_findings_of(challenge=challenge).values_list("area", flat=True))
    return [area for area in area_order(challenge) if area in used]


def factual_checks_due_for_reminder(*, today: datetime.date) -> QuerySet[FactualCheck]:
    """Open checks due within REMINDER_WORKING_DAYS working days (today included) whose
    authority has not yet been reminded, of challenges still in their factual accuracy check
    (not one published, postponed or cancelled meanwhile)."""
    return FactualCheck.objects.filter(
        challenge__status=ChallengeStatus.FACTUAL_CHECK, submitted_at__isnull=True, reminded_at__isnull=True,
        deadline__gte=today, deadline__lte=working_days_after(today, REMINDER_WORKING_DAYS),
    ).select_related("challenge__authority")
