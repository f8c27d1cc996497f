"""England's tile map (challenges/insight/tile_map.py) against the reference data: every current
authority has a tile of its own, no abolished one has any, and the map reads north to south."""

import csv
import re
from pathlib import Path

import pytest

from authorities.models import Authority
from challenges.insight.tile_map import TILES, TILES_BY_ONS_CODE, tile_for

pytestmark = pytest.mark.unit

DATA_FILE = Path(__file__).resolve().parents[3] / "authorities" / "data" / "english_fire_authorities.csv"


def _reference(status):
    with DATA_FILE.open(newline="", encoding="utf-8") as file:
        return {row["ons_code"]: row["short_name"] for row in csv.DictReader(file) if row["status"] == status}


def test_tile_map_places_every_current_authority_of_the_reference_data_once():
    current = _reference("current")

    assert len(current) == 44
    assert sorted(tile.ons_code for tile in TILES) == sorted(current)


def test_tile_map_places_no_abolished_authority():
    abolished = _reference("abolished")

    assert sorted(abolished.values()) == ["Dorset", "Hampshire", "Isle of Wight", "Wiltshire"]
    assert [code for code in abolished if tile_for(code) is not None] == []


def test_tile_map_gives_no_two_authorities_one_tile():
    places = [(tile.col, tile.row) for tile in TILES]

    assert len(set(places)) == len(places) == 44


def test_tile_map_abbreviations_are_unique_and_at_most_four_capital_letters():
    abbreviations = [tile.abbreviation for tile in TILES]

    assert len(set(abbreviations)) == len(abbreviations)
    assert [a for a in abbreviations if not re.fullmatch(r"[A-Z]{1,4}", a)] == []


def test_tile_map_fills_a_grid_from_its_first_column_and_row():
    assert min(tile.col for tile in TILES) == 0
    assert min(tile.row for tile in TILES) == 0
    assert (max(tile.col for tile in TILES), max(tile.row for tile in TILES)) == (7, 10)
    # Every row of the map holds a tile: no gap across England.
    assert sorted({tile.row for tile in TILES}) == list(range(11))


def test_tile_map_reads_north_to_south_and_west_to_east():
    def where(code):
        tile = TILES_BY_ONS_CODE[code]
        return tile.col, tile.row

    northumberland, cornwall, scilly = where("E31000029"), where("E31000008"), where("E31000039")
    london, kent, essex, merseyside = where("E31000046"), where("E31000022"), where("E31000015"), where("E31000041")

    assert northumberland[1] == 0  # the most northerly
    assert scilly == (0, 10) and cornwall == (0, 9)  # the far south west
    assert kent[0] > london[0] > merseyside[0]  # east of London, London east of Merseyside
    assert essex[1] < london[1]  # Essex north of the Thames


def test_tile_for_an_authority_the_map_does_not_place_is_none():
    assert tile_for("E31999999") is None
    assert tile_for("E31000001").abbreviation == "AVON"


@pytest.mark.integration
def test_tile_map_places_every_current_authority_loaded_by_the_migration(db):
    """The database's current authorities (loaded from the same file) all have tiles."""
    codes = set(Authority.objects.filter(status="current").values_list("ons_code", flat=True))

    assert codes == set(TILES_BY_ONS_CODE)
