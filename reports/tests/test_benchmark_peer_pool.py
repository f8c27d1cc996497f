"""The benchmark command runs end to end and leaves the database as it found it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Peer, PeerTag, TrainingRecord, Unavailability, User
from challenges.models import Challenge, TeamMembership

pytestmark = pytest.mark.integration

MODELS = [User, Peer, PeerTag, TrainingRecord, Unavailability, Challenge, TeamMembership]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_benchmark_peer_pool_prints_every_figure_and_rolls_back(db):
    before = _counts()
    out = StringIO()

    call_command("benchmark_peer_pool", "--peers", "60", "--runs", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert _counts() == before
    assert [line[:60].rstrip() for line in lines if line.startswith(("Peer list:", "Export:", "Import, "))] == [
        "Peer list: page 1, no search",
        "Peer list: officers, one specialism, free on dates, page 1",
        "Peer list: free-text search, page 1",
        "Export: the whole pool as CSV (60 peers)",
        "Import, first load: check 60 new rows",
        "Import, first load: save 60 new rows (checks again)",
        "Import, yearly refresh: check 60 rows",
        "Import, yearly refresh: check page showing 60 rows",
        "Import, yearly refresh: save 60 rows (checks again)",
        "Import, first load, check then save",
        "Import, yearly refresh, check then save",
    ]


def test_benchmark_peer_pool_refuses_a_pool_too_small_for_teams(db):
    with pytest.raises(CommandError) as raised:
        call_command("benchmark_peer_pool", "--peers", "10", stdout=StringIO())

    assert str(raised.value) == "--peers must be at least 50, so that every challenge can have a team"
