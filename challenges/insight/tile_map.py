"""England's current fire and rescue authorities on a square tile grid, for the coverage map:
one tile each, keyed by ONS code, placed in a rough geography with north at the top (column 0
in the west, row 0 in the north). A tile map gives every authority the same size, so that
the Isles of Scilly shows as clearly as North Yorkshire.

An authority without a tile here (one added by an administrator since) is not drawn: the page
lists it below the map. tests/insight/test_tile_map.py holds the map to
authorities/data/english_fire_authorities.csv."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tile:
    """An authority's place on the map: its abbreviation (at most four capital letters, told
    apart from every other tile's) written on the tile, and the tile's column and row."""

    ons_code: str
    abbreviation: str
    col: int
    row: int


# Row by row from the north, each tile west to east; the short name beside each code.
TILES = (
    Tile("E31000029", "NTHU", 4, 0),  # Northumberland
    Tile("E31000009", "CUMB", 3, 1),  # Cumbria
    Tile("E31000043", "TYNE", 4, 1),  # Tyne and Wear
    Tile("E31000013", "DURH", 5, 1),  # Durham
    Tile("E31000023", "LANC", 3, 2),  # Lancashire
    Tile("E31000027", "NYKS", 4, 2),  # North Yorkshire
    Tile("E31000007", "CLEV", 5, 2),  # Cleveland
    Tile("E31000041", "MERS", 2, 3),  # Merseyside
    Tile("E31000040", "GMAN", 3, 3),  # Greater Manchester
    Tile("E31000045", "WYKS", 4, 3),  # West Yorkshire
    Tile("E31000020", "HUMB", 5, 3),  # Humberside
    Tile("E31000006", "CHES", 2, 4),  # Cheshire
    Tile("E31000010", "DERB", 3, 4),  # Derbyshire
    Tile("E31000042", "SYKS", 4, 4),  # South Yorkshire
    Tile("E31000025", "LINC", 5, 4),  # Lincolnshire
    Tile("E31000032", "SHRP", 2, 5),  # Shropshire
    Tile("E31000033", "STAF", 3, 5),  # Staffordshire
    Tile("E31000030", "NOTT", 4, 5),  # Nottinghamshire
    Tile("E31000024", "LEIC", 5, 5),  # Leicestershire
    Tile("E31000026", "NORF", 6, 5),  # Norfolk
    Tile("E31000018", "HWOR", 2, 6),  # Hereford & Worcester
    Tile("E31000044", "WMID", 3, 6),  # West Midlands
    Tile("E31000036", "WARW", 4, 6),  # Warwickshire
    Tile("E31000028", "NHAM", 5, 6),  # Northamptonshire
    Tile("E31000005", "CAMB", 6, 6),  # Cambridgeshire
    Tile("E31000034", "SUFF", 7, 6),  # Suffolk
    Tile("E31000016", "GLOS", 2, 7),  # Gloucestershire
    Tile("E31000031", "OXON", 3, 7),  # Oxfordshire
    Tile("E31000004", "BUCK", 4, 7),  # Buckinghamshire
    Tile("E31000002", "BEDS", 5, 7),  # Bedfordshire
    Tile("E31000019", "HERT", 6, 7),  # Hertfordshire
    Tile("E31000015", "ESSX", 7, 7),  # Essex
    Tile("E31000001", "AVON", 1, 8),  # Avon
    Tile("E31000047", "DWIL", 2, 8),  # Dorset & Wiltshire
    Tile("E31000003", "BERK", 3, 8),  # Royal Berkshire
    Tile("E31000035", "SURR", 4, 8),  # Surrey
    Tile("E31000046", "LOND", 5, 8),  # London
    Tile("E31000022", "KENT", 6, 8),  # Kent
    Tile("E31000008", "CORN", 0, 9),  # Cornwall
    Tile("E31000011", "DSOM", 1, 9),  # Devon & Somerset
    Tile("E31000048", "HIOW", 3, 9),  # Hampshire & Isle of Wight
    Tile("E31000037", "WSUS", 4, 9),  # West Sussex
    Tile("E31000014", "ESUS", 5, 9),  # East Sussex
    Tile("E31000039", "SCIL", 0, 10),  # Isles of Scilly
)

TILES_BY_ONS_CODE = {tile.ons_code: tile for tile in TILES}


def tile_for(ons_code: str) -> Tile | None:
    """The authority's tile, or None for one the map does not place."""
    return TILES_BY_ONS_CODE.get(ons_code)
