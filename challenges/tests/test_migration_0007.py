"""Findings recorded before issue 9 take their place in their area, recommendations a priority
and notable practice a title, so that the new constraints hold over the old rows."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from authorities.tests.factories import AuthorityFactory, LgaAdminFactory

BEFORE = [("challenges", "0006_teams_and_places")]
AFTER = [("challenges", "0007_findings_checks_plans_reviews_evaluations")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_findings_recorded_before_are_placed_and_completed():
    admin, authority = LgaAdminFactory(), AuthorityFactory()
    apps = _migrate(BEFORE)
    Challenge, Finding = apps.get_model("challenges", "Challenge"), apps.get_model("challenges", "Finding")
    challenge = Challenge.objects.create(
        authority_id=authority.pk, challenge_type="operational_assessment", status="report_drafting", booked_by_id=admin.pk,
        start_date=datetime.date(2026, 3, 9), end_date=datetime.date(2026, 3, 12),
    )
    rows = [
        ("strength", "prevention", "First strength"),
        ("recommendation", "prevention", "Review the prevention strategy"),
        ("notable_practice", "response", "Crews share availability live\nwith neighbours"),
        ("strength", "response", "Response is fast"),
    ]
    for kind, area, text in rows:
        Finding.objects.create(challenge_id=challenge.pk, kind=kind, area=area, text=text, recorded_by_id=admin.pk)

    apps = _migrate(AFTER)
    Finding = apps.get_model("challenges", "Finding")
    found = list(Finding.objects.order_by("id").values_list("area", "position", "priority", "title", "state"))
    assert found == [
        ("prevention", 1, "", "", "accepted"),
        ("prevention", 2, "medium", "", "accepted"),
        ("response", 1, "", "Crews share availability live", "accepted"),
        ("response", 2, "", "", "accepted"),
    ]
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest, for the tests after
