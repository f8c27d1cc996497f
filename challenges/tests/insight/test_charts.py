"""The charts' geometry (challenges/insight/charts.py): bar widths on one scale, each value
written beside its bar, series told apart by pattern, the words that describe each chart, and
the coverage map's tiles and key."""

import datetime

import pytest

from challenges.insight.charts import (
    BAND_STYLES,
    CHART_WIDTH,
    PLOT_WIDTH,
    SERIES_STYLES,
    TILE_STEP,
    bar_chart,
    bar_width,
    tile_map,
)
from challenges.insight.tables import Chart, Column, Table

pytestmark = pytest.mark.unit


def _table(rows, values=("total",), headings=None):
    headings = headings or {key: key.title() for key in values}
    return Table(
        slug="by-stage", title="Challenges by stage",
        columns=[Column("stage", "Stage"), *[Column(key, headings[key], numeric=True) for key in values]],
        rows=rows, chart=Chart(label="stage", values=values),
    )


def test_bar_widths_are_shares_of_the_largest_value():
    chart = bar_chart(_table([{"stage": "Booked", "total": 10}, {"stage": "Delivered", "total": 5}, {"stage": "Cancelled", "total": 3}]))

    assert PLOT_WIDTH == 568
    assert chart.scale == 10
    assert [bar.width for group in chart.groups for bar in group.bars] == [568.0, 284.0, 170.4]
    assert [bar.text for group in chart.groups for bar in group.bars] == ["10", "5", "3"]
    # Each value is written just after its bar's end.
    assert [bar.text_x for group in chart.groups for bar in group.bars] == [575.0, 291.0, 177.4]
    assert [group.label for group in chart.groups] == ["Booked", "Delivered", "Cancelled"]


def test_bars_stack_down_the_chart_in_the_tables_order():
    chart = bar_chart(_table([{"stage": "Booked", "total": 10}, {"stage": "Delivered", "total": 5}]))

    # A 24-unit label line, then the 20-unit bar, then 16 units to the next row.
    assert [(group.label_y, group.bars[0].y, group.bars[0].text_y) for group in chart.groups] == [(17, 24, 39), (77, 84, 99)]
    assert (chart.width, chart.height) == (CHART_WIDTH, 105)
    assert chart.legend == []


def test_zero_draws_no_bar_but_writes_its_value():
    chart = bar_chart(_table([{"stage": "Booked", "total": 4}, {"stage": "Cancelled", "total": 0}]))

    assert [(bar.width, bar.text, bar.text_x) for group in chart.groups for bar in group.bars] == [
        (568.0, "4", 575.0), (0.0, "0", 7.0),
    ]


def test_all_zero_table_draws_no_bars():
    chart = bar_chart(_table([{"stage": "Booked", "total": 0}, {"stage": "Cancelled", "total": 0}]))

    assert chart.scale == 0
    assert [bar.width for group in chart.groups for bar in group.bars] == [0.0, 0.0]
    assert chart.description == "Booked: Total 0; Cancelled: Total 0."


def test_a_tiny_value_still_shows_a_bar():
    assert (bar_width(1, 10_000), bar_width(0, 10_000), bar_width(None, 10)) == (1.0, 0.0, 0.0)


def test_averages_and_missing_figures():
    table = _table([{"stage": "Preparation", "average": 4.5}, {"stage": "Report", "average": None}], values=("average",))

    chart = bar_chart(table)

    assert [(bar.width, bar.text) for group in chart.groups for bar in group.bars] == [(568.0, "4.5"), (0.0, "–")]
    assert chart.description == "Preparation: Average 4.5; Report: Average no figure."


def test_two_series_have_a_legend_and_different_patterns():
    table = _table(
        [{"stage": "Prevention", "strengths": 6, "areas": 3}, {"stage": "Protection", "strengths": 2, "areas": 12}],
        values=("strengths", "areas"), headings={"strengths": "Strengths", "areas": "Areas for consideration"},
    )

    chart = bar_chart(table)

    assert [(one.heading, one.pattern, one.pattern_id) for one in chart.series] == [
        ("Strengths", "solid", "chart-by-stage-series-0"), ("Areas for consideration", "stripes", "chart-by-stage-series-1"),
    ]
    assert [(entry.series.heading, entry.y) for entry in chart.legend] == [("Strengths", 0), ("Areas for consideration", 28)]
    # The rows start below the legend; each row has a bar for each series, 4 units apart.
    assert [[(bar.y, bar.width) for bar in group.bars] for group in chart.groups] == [
        [(88, 284.0), (112, 142.0)], [(172, 94.7), (196, 568.0)],
    ]
    assert chart.description == "Prevention: Strengths 6, Areas for consideration 3; Protection: Strengths 2, Areas for consideration 12."


def test_many_series_each_a_pattern_of_its_own_until_they_run_out():
    values = tuple(f"s{index}" for index in range(8))
    chart = bar_chart(_table([{"stage": "Row", **{key: index + 1 for index, key in enumerate(values)}}], values=values))

    patterns = [one.pattern for one in chart.series]
    assert patterns[:6] == ["solid", "stripes", "dots", "crosshatch", "lines", "checks"]
    assert len(set(patterns[:6])) == len(SERIES_STYLES) == 6
    assert patterns[6:] == ["solid", "stripes"]
    assert len({one.pattern_id for one in chart.series}) == 8
    assert [bar.width for bar in chart.groups[0].bars] == [71.0, 142.0, 213.0, 284.0, 355.0, 426.0, 497.0, 568.0]
    assert chart.groups[0].label_y == 8 * 28 + 8 + 17


def test_series_colours_contrast_with_the_page():
    """Each series' colour is at least 3:1 against white (WCAG 2.2 non-text contrast)."""
    assert [round(contrast(colour, "#ffffff"), 2) for _, colour in SERIES_STYLES] == [5.17, 6.21, 10.08, 4.86, 7.07, 12.4]


def test_band_text_contrasts_with_its_tile():
    """Each band's text is at least 4.5:1 against its fill (hatching is drawn on white, and
    text on it has a white outline)."""
    fills = {key: "#ffffff" if style.fill.startswith("url(") else style.fill for key, style in BAND_STYLES.items()}
    ratios = {key: round(contrast(fills[key], style.text_colour), 1) for key, style in BAND_STYLES.items()}
    assert ratios == {"within_one_year": 12.4, "one_to_two": 5.2, "two_to_three": 14.8, "three_or_more": 19.6, "never": 19.6}


def contrast(one, other):
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _tile(name, abbreviation, col, row, band, years, last):
    return {
        "name": name, "short_name": name, "abbreviation": abbreviation, "col": col, "row": row, "band": band,
        "band_label": band, "years_since": years, "last_challenge": last,
    }


def test_tile_map_places_tiles_and_counts_bands():
    figures = {
        "grid": {"columns": 3, "rows": 2},
        "tiles": [
            _tile("Avon Fire Authority", "AVON", 0, 1, "one_to_two", 1, datetime.date(2025, 5, 2)),
            _tile("Kent Fire Authority", "KENT", 2, 1, "never", None, None),
            _tile("Durham Fire Authority", "DURH", 1, 0, "one_to_two", 1, datetime.date(2025, 9, 30)),
        ],
    }

    coverage_map = tile_map(figures)

    assert [(tile.abbreviation, tile.x, tile.y, tile.years, tile.title) for tile in coverage_map.tiles] == [
        ("AVON", 2, TILE_STEP + 2, "1 yr", "Avon Fire Authority: last challenge ended 2 May 2025"),
        ("KENT", 2 * TILE_STEP + 2, TILE_STEP + 2, "none", "Kent Fire Authority: no challenge on record"),
        ("DURH", TILE_STEP + 2, 2, "1 yr", "Durham Fire Authority: last challenge ended 30 September 2025"),
    ]
    assert [(entry.label, entry.authorities, entry.y) for entry in coverage_map.legend] == [
        ("Within the last year", 0, 136), ("1 to 2 years ago", 2, 164), ("2 to 3 years ago", 0, 192),
        ("3 years or more ago", 0, 220), ("No challenge on record", 1, 248),
    ]
    assert (coverage_map.width, coverage_map.height) == (320, 276)
    assert coverage_map.description.endswith(
        "Within the last year: 0 authorities; 1 to 2 years ago: 2 authorities; 2 to 3 years ago: 0 authorities; "
        "3 years or more ago: 0 authorities; No challenge on record: 1 authority. The tables below list every authority."
    )
    assert coverage_map.tiles[1].style.dashes == "5 3"


def test_a_rows_bars_written_as_svg():
    chart = bar_chart(_table([{"stage": "Booked & more", "total": 4}, {"stage": "Cancelled", "total": 0}]))

    assert [group.svg for group in chart.groups] == [
        '<text x="1" y="17" font-size="16" font-weight="bold" fill="#0b0c0c">Booked &amp; more</text>'
        '<rect x="1" y="24" width="568.0" height="20" fill="url(#chart-by-stage-series-0)" stroke="#0b0c0c" stroke-width="1"/>'
        '<text x="575.0" y="39" font-size="16" fill="#0b0c0c">4</text>',
        '<text x="1" y="77" font-size="16" font-weight="bold" fill="#0b0c0c">Cancelled</text>'
        '<text x="7.0" y="99" font-size="16" fill="#0b0c0c">0</text>',
    ]


def test_a_tile_written_as_svg():
    figures = {
        "grid": {"columns": 1, "rows": 1},
        "tiles": [_tile("Avon & Somerset", "AVON", 0, 0, "three_or_more", 4, datetime.date(2022, 5, 2))],
    }

    assert tile_map(figures).tiles[0].svg == (
        '<g class="app-tile-map__tile" data-band="three_or_more"><title>Avon &amp; Somerset: last challenge ended 2 May 2022</title>'
        '<rect x="2" y="2" width="56" height="56" fill="url(#coverage-map-hatched)" stroke="#0b0c0c" stroke-width="1"/>'
        '<text x="30" y="26" font-size="15" font-weight="bold" text-anchor="middle" fill="#0b0c0c" stroke="#ffffff" '
        'stroke-width="3" paint-order="stroke">AVON</text>'
        '<text x="30" y="46" font-size="14" text-anchor="middle" fill="#0b0c0c" stroke="#ffffff" stroke-width="3" '
        'paint-order="stroke">4 yrs</text></g>'
    )
