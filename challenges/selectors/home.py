"""What each person's home page shows of the programme: their work, not just links."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from challenges.choices import OPEN_STATUSES, ChallengeStatus, TeamRole
from challenges.models import ActionPlan, Challenge, FactualCheck
from challenges.permissions import is_on_team
from challenges.rows import ROW_FIELDS, challenge_row
from challenges.selectors.challenge import challenges_managed_by, challenges_visible_to
from challenges.selectors.team import invitations_waiting_for
from peersupport.formats import short_date
from peersupport.links import record_url_maker

# How far ahead "visits coming up" looks.
VISITS_AHEAD = datetime.timedelta(days=90)
# How many challenges a section lists before "see all".
SHOWN = 5
# A team is complete, for the home page, with a lead peer and at least this many places.
SMALLEST_TEAM = 4


@dataclass
class WorkSection:
    """A heading, how many challenges need it, the first few as rows, and where to see all."""

    title: str
    testid: str
    count: int
    rows: list = field(default_factory=list)
    all_url: str = ""
    empty: str = "None at the moment."


def _section(title, testid, queryset, *, order, all_url="", empty="None at the moment."):
    """A section read by its own query (a peer's, an authority's: a few challenges at most)."""
    values = list(queryset.order_by(*order).values(*ROW_FIELDS, "authority__short_name"))
    return _section_of(title, testid, values, all_url=all_url, empty=empty)


def _section_of(title, testid, values, *, count=None, all_url="", empty="None at the moment."):
    """A section of the first few rows and a link to the list of all; a section the list
    cannot filter to shows every row it has."""
    link = record_url_maker("challenges:challenge-detail")
    count = len(values) if count is None else count
    shown = values[:SHOWN] if all_url else values
    rows = [challenge_row(value, link(value["pk"])) for value in shown]
    return WorkSection(title, testid, count, rows, all_url if count > SHOWN else "", empty)


def _list_url(**filters):
    return f"{reverse('challenges:challenge-list')}?{urlencode(filters)}"


S = ChallengeStatus
# The statuses an adviser's sections draw on; a late step is in one of them, or any other.
WORKING_STATUSES = (S.REQUESTED, S.SCOPING, S.CONFIRMED, S.ON_SITE, S.REPORT_DRAFTING, S.FACTUAL_CHECK)


def _by_visit(value):
    """Undated challenges (still being scoped) first, then by their first day on site."""
    return (value["start_date"] is not None, value["start_date"] or datetime.date.min, value["pk"])


def _by_request(value):
    return (value["requested_on"], value["pk"])


def lga_work(*, user, today=None) -> list[WorkSection]:
    """An adviser's work in their region, or an LGA administrator's nationally: requests
    waiting, challenges to scope, visits in the next 90 days, teams not yet complete, reports
    waiting for publication, steps running late, and factual accuracy checks past their
    deadline. One query: the challenges still in
    hand (a few hundred at most, whatever the programme's history) with their team's size,
    shared out into the sections here."""
    today = today or timezone.localdate()
    rows = list(
        challenges_managed_by(user=user)
        .filter(Q(status__in=WORKING_STATUSES) | ~Q(late_step=""))
        .annotate(
            places=Count("team"), leads=Count("team", filter=Q(team__role=TeamRole.LEAD_PEER)),
            # The deadline of an open factual accuracy check (at most one), read in the same query.
            check_due=Subquery(FactualCheck.objects.filter(challenge=OuterRef("pk"), submitted_at__isnull=True).values("deadline")[:1]),
        )
        .values(*ROW_FIELDS, "authority__short_name", "requested_on", "places", "leads", "check_due")
    )

    def where(test, key):
        return sorted((row for row in rows if test(row)), key=key)

    def soon(row):
        last_day = row["second_end_date"] or row["end_date"]
        return row["status"] in (S.CONFIRMED, S.ON_SITE) and row["start_date"] <= today + VISITS_AHEAD and last_day >= today

    def incomplete(row):
        return row["status"] in (S.SCOPING, S.CONFIRMED) and (row["places"] < SMALLEST_TEAM or row["leads"] == 0)

    return [
        _section_of("Requests waiting", "requests-waiting", where(lambda row: row["status"] == S.REQUESTED, _by_request),
                    all_url=_list_url(status="requested", sort="requested")),
        _section_of("Challenges to scope", "to-scope", where(lambda row: row["status"] == S.SCOPING, _by_request),
                    all_url=_list_url(status="scoping")),
        _section_of("Visits in the next 90 days", "visits-soon", where(soon, _by_visit), all_url=_list_url(sort="soonest")),
        _section_of("Teams not yet complete", "teams-incomplete", where(incomplete, _by_visit)),
        _section_of("Reports waiting for publication", "reports-waiting",
                    where(lambda row: row["status"] in (S.REPORT_DRAFTING, S.FACTUAL_CHECK), _by_visit)),
        _section_of("Steps running late", "running-late", where(lambda row: row["late_step"] != "", _by_visit)),
        _checks_overdue(where(lambda row: row["check_due"] is not None and row["check_due"] < today, _by_check_due)),
    ]


def _by_check_due(value):
    return (value["check_due"], value["pk"])


def _checks_overdue(values) -> WorkSection:
    """Challenges whose authority has let its factual accuracy check's deadline pass, each
    saying when it was due."""
    section = _section_of("Factual accuracy checks overdue", "factual-checks-overdue", values)
    for row, value in zip(section.rows, values, strict=True):
        row.update(next_step=f"The authority's factual accuracy check was due on {short_date(value['check_due'])}", late=True)
    return section


def _invitations(*, user) -> WorkSection:
    """The peer's invitations still to answer, each linked to the page that answers it (the
    email's link): until they accept, the challenge's own page is not theirs to see."""
    peer = getattr(user, "peer", None)
    places = list(invitations_waiting_for(peer=peer)) if peer is not None else []
    link = record_url_maker("challenges:invitation-answer", kwarg="token")
    rows = []
    for place in places:
        challenge = place.challenge
        values = {field: getattr(challenge, field) for field in ROW_FIELDS if field != "pk"}
        row = challenge_row(
            {**values, "authority__short_name": challenge.authority.short_name}, link(place.invitation_token)
        )
        rows.append({**row, "next_step": f"Invited as {place.role_in_sentence}: accept or decline", "late": False})
    return WorkSection(
        "Invitations to answer", "peer-invitations", len(rows), rows, empty="No invitations are waiting for your answer."
    )


def peer_work(*, user, today=None) -> list[WorkSection]:
    """A peer's places on teams: invitations to answer, visits coming up, and those whose
    report is being written."""
    today = today or timezone.localdate()
    mine = is_on_team.filter(Challenge.objects.all(), user).with_last_day()
    return [
        _invitations(user=user),
        _section("Your visits coming up", "peer-visits", mine.filter(status__in=OPEN_STATUSES, last_day__gte=today),
                 order=[F("start_date").asc(nulls_first=True), "pk"], empty="You are not on a team with a visit coming up."),
        _section("Reports being written", "peer-reports",
                 mine.filter(status__in=[ChallengeStatus.FEEDBACK_GIVEN, ChallengeStatus.REPORT_DRAFTING, ChallengeStatus.FACTUAL_CHECK]),
                 order=[F("start_date").asc(nulls_first=True), "pk"]),
    ]


def authority_work(*, user, today=None) -> list[WorkSection]:
    """An FRA contact's authority: the draft reports it is to check (with their deadlines, late
    ones flagged), the action plans it is to write, and its challenges still open, each with
    its next step. One query: an authority has a few challenges under way at most."""
    today = today or timezone.localdate()
    rows = list(
        challenges_visible_to(user=user)
        .filter(status__in=OPEN_STATUSES)
        .annotate(
            check_due=Subquery(FactualCheck.objects.filter(challenge=OuterRef("pk"), submitted_at__isnull=True).values("deadline")[:1]),
            plan_final=Exists(ActionPlan.objects.filter(challenge=OuterRef("pk"), finalised_at__isnull=False)),
        )
        .order_by("-requested_on", "-pk")
        .values(*ROW_FIELDS, "authority__short_name", "check_due", "plan_final")
    )
    to_check = [row for row in rows if row["check_due"] is not None and row["status"] == S.FACTUAL_CHECK]
    plans = [row for row in rows if row["status"] in (S.PUBLISHED, S.PROGRESS_REVIEW) and not row["plan_final"]]
    checks = _section_of("Draft reports to check", "authority-checks", to_check, empty="No draft report is waiting for your check.")
    for row, value in zip(checks.rows, to_check, strict=True):
        late = value["check_due"] < today
        row.update(url=reverse("challenges:factual-check", args=[value["pk"]]), late=late, next_step=(
            f"Your factual accuracy check was due on {short_date(value['check_due'])}" if late
            else f"Check the draft's facts by {short_date(value['check_due'])}"
        ))
    actions = _section_of("Action plans to write", "authority-plans", plans, empty="No action plan is waiting to be written.")
    for row, value in zip(actions.rows, plans, strict=True):
        row.update(url=reverse("challenges:action-plan", args=[value["pk"]]), next_step="Respond to the report's recommendations")
    return [
        checks, actions,
        _section_of("Your authority's challenges", "authority-challenges", rows, empty="Your authority has no challenge under way."),
    ]


def work_for(*, user) -> list[WorkSection]:
    if user.has_perm("challenges.book_challenge"):
        return lga_work(user=user)
    if user.has_perm("challenges.request_challenge"):
        return authority_work(user=user)
    if user.has_perm("challenges.view_challenges"):
        return peer_work(user=user)
    return []

