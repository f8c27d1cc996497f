"""What each person's home page shows of the programme: their work, not just links."""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from challenges.choices import OPEN_STATUSES, ChallengeStatus, TeamRole
from challenges.models import Challenge
from challenges.permissions import is_on_team
from challenges.rows import ROW_FIELDS, challenge_row
from challenges.selectors.challenge import challenges_managed_by, challenges_visible_to
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
    link = record_url_maker("challenges:challenge-detail")
    # The first few and how many there are in all, in one query: the count is a window over
    # every row the filter keeps, taken before the limit.
    values = list(
        queryset.annotate(total=Window(Count("pk", distinct=False)))
        .order_by(*order)
        .values(*ROW_FIELDS, "authority__short_name", "total")[:SHOWN]
    )
    count = values[0]["total"] if values else 0
    rows = [challenge_row(value, link(value["pk"])) for value in values]
    return WorkSection(title, testid, count, rows, all_url if count > SHOWN else "", empty)


def _list_url(**filters):
    return f"{reverse('challenges:challenge-list')}?{urlencode(filters)}"


def lga_work(*, user, today=None) -> list[WorkSection]:
    """An adviser's work in their region, or an LGA administrator's nationally: requests
    waiting, challenges to scope, visits in the next 90 days, teams not yet complete, reports
    waiting for publication, and steps running late."""
    today = today or timezone.localdate()
    mine = challenges_managed_by(user=user)
    soon = mine.annotate(last_day=Coalesce("second_end_date", "end_date")).filter(
        status__in=[ChallengeStatus.CONFIRMED, ChallengeStatus.ON_SITE], start_date__lte=today + VISITS_AHEAD, last_day__gte=today
    )
    incomplete = (
        mine.filter(status__in=[ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED])
        .annotate(places=Count("team"), leads=Count("team", filter=Q(team__role=TeamRole.LEAD_PEER)))
        .filter(Q(places__lt=SMALLEST_TEAM) | Q(leads=0))
    )
    # Undated challenges (still being scoped) first, on every database.
    by_visit = [F("start_date").asc(nulls_first=True), "pk"]
    return [
        _section("Requests waiting", "requests-waiting", mine.filter(status=ChallengeStatus.REQUESTED),
                 order=["requested_on", "pk"], all_url=_list_url(status="requested", sort="requested")),
        _section("Challenges to scope", "to-scope", mine.filter(status=ChallengeStatus.SCOPING),
                 order=["requested_on", "pk"], all_url=_list_url(status="scoping")),
        _section("Visits in the next 90 days", "visits-soon", soon, order=by_visit, all_url=_list_url(sort="soonest")),
        _section("Teams not yet complete", "teams-incomplete", incomplete, order=[*by_visit]),
        _section("Reports waiting for publication", "reports-waiting",
                 mine.filter(status__in=[ChallengeStatus.REPORT_DRAFTING, ChallengeStatus.FACTUAL_CHECK]),
                 order=by_visit, all_url=_list_url(status="factual_check")),
        _section("Steps running late", "running-late", mine.exclude(late_step=""), order=by_visit),
    ]


def peer_work(*, user, today=None) -> list[WorkSection]:
    """A peer's places on teams: visits coming up, and those whose report is being written."""
    today = today or timezone.localdate()
    mine = is_on_team.filter(Challenge.objects.all(), user).annotate(last_day=Coalesce("second_end_date", "end_date"))
    return [
        _section("Your visits coming up", "peer-visits", mine.filter(status__in=OPEN_STATUSES, last_day__gte=today),
                 order=[F("start_date").asc(nulls_first=True), "pk"], empty="You are not on a team with a visit coming up."),
        _section("Reports being written", "peer-reports",
                 mine.filter(status__in=[ChallengeStatus.FEEDBACK_GIVEN, ChallengeStatus.REPORT_DRAFTING, ChallengeStatus.FACTUAL_CHECK]),
                 order=[F("start_date").asc(nulls_first=True), "pk"]),
    ]


def authority_work(*, user) -> list[WorkSection]:
    """An FRA contact's authority: its challenges still open, each with its next step."""
    open_ones = challenges_visible_to(user=user).filter(status__in=OPEN_STATUSES)
    return [
        _section("Your authority's challenges", "authority-challenges", open_ones, order=["-requested_on", "-pk"],
                 empty="Your authority has no challenge under way."),
    ]


def work_for(*, user) -> list[WorkSection]:
    if user.has_perm("challenges.book_challenge"):
        return lga_work(user=user)
    if user.has_perm("challenges.request_challenge"):
        return authority_work(user=user)
    if user.has_perm("challenges.view_challenges"):
        return peer_work(user=user)
    return []

