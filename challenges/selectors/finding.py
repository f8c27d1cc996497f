"""Reads of a challenge's findings."""

from django.db.models import QuerySet

from challenges.models import Finding


def findings_for_challenge(*, challenge) -> QuerySet[Finding]:
    return challenge.findings.all()
