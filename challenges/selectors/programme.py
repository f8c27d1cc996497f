"""Reads for the programme at a glance: the list's rows and counts, and the CSV of the programme."""

from django.db.models import Count, OuterRef, QuerySet, Subquery

from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.rows import ROW_FIELDS

# What the programme list shows of each challenge: fetched as values, not records, for speed.
LIST_FIELDS = (*ROW_FIELDS, "authority__short_name")


def challenge_list_values(*, queryset) -> QuerySet:
    return queryset.values(*LIST_FIELDS)


def challenge_status_counts(*, queryset) -> list[tuple[ChallengeStatus, int]]:
    """How many challenges of the queryset are in each status, in the order of their life;
    one query."""
    counts = dict(queryset.order_by().values_list("status").annotate(count=Count("pk")))
    return [(status, counts.get(status, 0)) for status in ChallengeStatus]


def challenges_for_export(*, queryset) -> QuerySet:
    """The challenges with what the programme's CSV holds, including the address of the
    feedback report published in the service, where there is one (read from the reports app's
    table through the relation, as this app does not import that one)."""
    reports = Challenge._meta.get_field("reports").related_model.objects
    published = reports.filter(challenge=OuterRef("pk"), status="published").order_by("-version").values("pk")[:1]
    return queryset.select_related("authority", "principal_adviser").annotate(published_report_id=Subquery(published))
