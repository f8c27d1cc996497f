"""Reads of a challenge's peer team."""

from django.db.models import QuerySet

from challenges.models import TeamMembership


def team_for_challenge(*, challenge) -> QuerySet[TeamMembership]:
    return challenge.team.select_related("peer__home_authority").order_by("role", "peer__full_name")
