"""The authority's factual accuracy check of the draft report: LGA staff send it with a
deadline, the authority's FRA contacts comment on findings and areas and submit it, the team
accepts or rejects each comment (an accepted correction becomes the finding's text, its
history keeping the earlier), and the authority is reminded as the deadline nears."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from authorities.choices import Role
from authorities.models import User
from challenges.choices import REPORT_WRITING_ROLES, ChallengeStatus, CommentOutcome, FindingState, PlaceState
from challenges.models import Challenge, FactualCheck, FactualCheckComment, Finding
from challenges.selectors.factual_check import commentable_areas, factual_checks_due_for_reminder
from challenges.selectors.finding import findings_in_report
from challenges.services.finding import finding_edit, findings_open_check
from challenges.services.notifications import challenge_send, challenge_staff
from challenges.services.status import challenge_status_change
from peersupport.calendar import is_working_day, working_days_after
from peersupport.formats import long_date
from peersupport.rules import require
from peersupport.services import record_create, record_update

# The authority's time to check the draft, by default and at most, in working days.
DEADLINE_WORKING_DAYS = 10
LONGEST_DEADLINE_WORKING_DAYS = 30
CORRECTION_REASON = "Factual accuracy check: correction accepted"
SUBMITTED = "The authority has submitted its factual accuracy check, so its comments can no longer change"


def factual_check_deadline_default(*, today: datetime.date) -> datetime.date:
    return working_days_after(today, DEADLINE_WORKING_DAYS)


def factual_check_deadline_check(deadline: datetime.date, *, today: datetime.date) -> None:
    """Refuse a deadline that is not a working day after today, within the longest allowed."""
    latest = working_days_after(today, LONGEST_DEADLINE_WORKING_DAYS)
    if deadline <= today:
        raise ValidationError({"deadline": "The deadline must be after today"})
    if deadline > latest:
        raise ValidationError(
            {"deadline": f"The deadline must be within {LONGEST_DEADLINE_WORKING_DAYS} working days: on or before {long_date(latest)}"}
        )
    if not is_working_day(deadline):
        raise ValidationError({"deadline": "The deadline must be a working day, not a weekend or bank holiday"})


def fra_contacts_of(challenge) -> list[str]:
    """The email addresses of the challenged authority's FRA contacts."""
    return sorted(
        User.objects.filter(authority_id=challenge.authority_id, role=Role.FRA_CONTACT, is_active=True).values_list("email", flat=True)
    )


def report_writers_of(challenge) -> list[str]:
    """The challenge's LGA staff and the team's lead peer and challenge manager."""
    writers = challenge.team.filter(state=PlaceState.ACCEPTED, role__in=REPORT_WRITING_ROLES).values_list("peer__email", flat=True)
    return sorted({*challenge_staff(challenge), *(email for email in writers if email)})


def factual_check_url(challenge) -> str:
    return f"{settings.SITE_URL}{reverse('challenges:factual-check', args=[challenge.pk])}"


@transaction.atomic
def factual_check_send(*, by, challenge, deadline, today=None) -> FactualCheck:
    """Send the draft report to the authority to check its facts by `deadline`: the challenge
    moves from report drafting to the factual accuracy check, and the authority's FRA contacts
    are emailed the deadline and the link. Only LGA staff who oversee the challenge, while the
    report is drafted and once a finding is in it. A check still open from before the challenge
    was postponed is sent again with the new deadline, keeping the authority's comments."""
    require("challenges.send_for_factual_check", by, challenge)
    today = today or timezone.localdate()
    challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
    if challenge.status != ChallengeStatus.REPORT_DRAFTING:
        raise ValidationError(
            f"The draft can be sent for the factual accuracy check only while the report is being drafted: "
            f"the challenge is ‘{challenge.get_status_display()}’",
            code="status",
        )
    if not findings_in_report(challenge=challenge):
        raise ValidationError("Accept at least one finding into the report before sending it to the authority", code="no_findings")
    if not fra_contacts_of(challenge):
        raise ValidationError(
            f"No one at {challenge.authority.name} can sign in to check the draft: an LGA administrator must "
            "first give the authority's contact a login",
            code="no_contact",
        )
    factual_check_deadline_check(deadline, today=today)
    # A check left open when the challenge was postponed is sent again, its comments kept.
    check = challenge.factual_checks.filter(submitted_at__isnull=True).first()
    if check is None:
        check = record_create(FactualCheck(challenge=challenge, sent_by=by, deadline=deadline), by=by)
    else:
        again = {"sent_by": by, "sent_at": timezone.now(), "deadline": deadline, "reminded_at": None}
        record_update(check, by=by, fields=again, data=again)
    challenge_status_change(by=by, challenge=challenge, status=ChallengeStatus.FACTUAL_CHECK)
    challenge_send(
        template="factual_check_sent", to=fra_contacts_of(challenge), challenge=challenge, factual_check=check,
        check_url=factual_check_url(challenge),
    )
    return check


def _open_check(factual_check) -> FactualCheck:
    """The check, locked, if the authority may still change its comments: not once it is
    submitted, nor once the report is published without it (nothing could then answer it)."""
    check = FactualCheck.objects.select_for_update().select_related("challenge__authority").get(pk=factual_check.pk)
    if not check.is_open:
        raise ValidationError(SUBMITTED, code="submitted")
    findings_open_check(check.challenge)
    return check


@transaction.atomic
def factual_check_comment_add(*, by, factual_check, comment, finding=None, area="", proposed_text="") -> FactualCheckComment:
    """The authority's comment on a finding of the report, with the wording it proposes if it
    proposes any, or on an area of the report as a whole; only while the check is open."""
    require("challenges.check_facts", by, factual_check.challenge)
    check = _open_check(factual_check)
    challenge = check.challenge
    if finding is not None:
        if not Finding.objects.filter(pk=finding.pk, challenge=challenge, state=FindingState.ACCEPTED).exists():
            raise ValidationError("Choose a finding of the draft report", code="finding")
        area = ""
    else:
        proposed_text = ""
        if area not in commentable_areas(challenge=challenge):
            raise ValidationError("Choose an area of the draft report", code="area")
    return record_create(
        FactualCheckComment(
            factual_check=check, finding=finding, area=area, comment=(comment or "").strip(),
            proposed_text=(proposed_text or "").strip(), written_by=by,
        ),
        by=by,
    )


def _own_comment(*, by, comment) -> FactualCheckComment:
    comment = FactualCheckComment.objects.select_related("factual_check__challenge").get(pk=comment.pk)
    require("challenges.check_facts", by, comment.factual_check.challenge)
    if comment.written_by_id != by.pk:
        raise ValidationError("You can change only your own comments", code="not_yours")
    _open_check(comment.factual_check)
    return comment


@transaction.atomic
def factual_check_comment_edit(*, by, comment, text, proposed_text="") -> FactualCheckComment:
    """The authority's contact changes their own comment, until the check is submitted."""
    comment = _own_comment(by=by, comment=comment)
    data = {"comment": (text or "").strip(), "proposed_text": (proposed_text or "").strip() if comment.finding_id else ""}
    record_update(comment, by=by, fields=data, data=data)
    return comment


@transaction.atomic
def factual_check_comment_delete(*, by, comment) -> None:
    """The authority's contact takes back their own comment, until the check is submitted."""
    comment = _own_comment(by=by, comment=comment)
    comment.delete()


@transaction.atomic
def factual_check_submit(*, by, factual_check) -> FactualCheck:
    """The authority submits its check: its comments go to the team to answer, and the
    challenge's LGA staff and the report's writers are emailed."""
    require("challenges.check_facts", by, factual_check.challenge)
    check = _open_check(factual_check)
    data = {"submitted_at": timezone.now(), "submitted_by": by}
    record_update(check, by=by, fields=data, data=data)
    challenge = check.challenge
    challenge_send(
        template="factual_check_submitted", to=report_writers_of(challenge), challenge=challenge, factual_check=check,
        comment_count=check.comments.count(), check_url=factual_check_url(challenge),
    )
    return check


@transaction.atomic
def factual_comment_answer(*, by, comment, outcome, reply, finding_version=None) -> FactualCheckComment:
    """The team accepts or rejects the authority's comment, with a reply. Accepting a proposed
    correction makes it the finding's text (the finding's history keeps the earlier), as an
    edit begun from `finding_version`: if the finding changed since, FindingEditConflict
    refuses it and nothing is saved. Only once the authority has submitted the check, and
    only once for each comment."""
    comment = FactualCheckComment.objects.select_for_update(of=("self",)).select_related("factual_check__challenge", "finding").get(pk=comment.pk)
    challenge = comment.factual_check.challenge
    require("challenges.answer_factual_comments", by, challenge)
    # Once the report is published its findings, and the answers that may correct them, stay as they are.
    findings_open_check(challenge)
    if comment.factual_check.is_open:
        raise ValidationError("The authority has not submitted its factual accuracy check yet", code="open")
    if comment.outcome:
        raise ValidationError("This comment has already been answered", code="answered")
    if outcome not in CommentOutcome.values:
        raise ValidationError({"outcome": "Choose whether the comment is accepted"})
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "Enter your reply to the authority"})
    corrects = outcome == CommentOutcome.ACCEPTED and comment.finding_id and comment.proposed_text
    if corrects:
        finding_edit(
            by=by, finding=comment.finding, version=comment.finding.version if finding_version is None else finding_version,
            reason=CORRECTION_REASON, text=comment.proposed_text, permission="challenges.answer_factual_comments",
        )
    data = {"outcome": outcome, "reply": reply, "answered_by": by, "answered_at": timezone.now()}
    record_update(comment, by=by, fields=data, data=data)
    return comment


def factual_check_reminders_send(*, today=None) -> int:
    """Remind the FRA contacts of each open check due within two working days, once."""
    today = today or timezone.localdate()
    sent = 0
    for check in factual_checks_due_for_reminder(today=today):
        with transaction.atomic():
            reminded = FactualCheck.objects.filter(pk=check.pk, reminded_at__isnull=True, submitted_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if reminded:
                challenge_send(
                    template="factual_check_reminder", to=fra_contacts_of(check.challenge), challenge=check.challenge,
                    factual_check=check, check_url=factual_check_url(check.challenge),
                )
                sent += 1
    return sent

