"""Reads of HMICFRS inspections."""

from django.db.models import QuerySet

from authorities.models import Inspection


def inspections_for_authority(*, authority) -> QuerySet[Inspection]:
    """The authority's HMICFRS inspections, latest first, with their grades, in two queries."""
    return authority.inspections.prefetch_related("results").order_by("-started_on", "-id")
