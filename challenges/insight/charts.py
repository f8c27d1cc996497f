"""The insight page's charts, drawn on the server as SVG so that they need no JavaScript: the
geometry of a horizontal bar chart from a Table (templates/components/bar_chart.html draws
it) and of the coverage map's tiles (templates/components/tile_map.html).

Every bar has its value written beside it and every tile its figures written in it, so that
no figure is told by length or colour alone; several series are told apart by pattern and a
text legend as well as colour; each chart's description names every figure, for those who
cannot see it, and the table under it holds the same numbers.

The components draw each chart's frame (its title, description, patterns and legend); the
elements repeated for every row or tile are written here (`svg`), as the programme's lists
write their rows: the template language writing each bar's and tile's attributes was most of
the page's time."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from challenges.insight.coverage import BANDS
from challenges.insight.tables import Table, display_value
from peersupport.formats import long_date

# Sizes in the SVG's own units (pixels at full width; the drawing scales down with the page).
CHART_WIDTH = 640
PLOT_LEFT = 1  # room for the left half of a bar's outline
VALUE_ROOM = 71  # right of the longest bar, for its value
PLOT_WIDTH = CHART_WIDTH - PLOT_LEFT - VALUE_ROOM  # 568: the largest value's bar
LABEL_LINE = 24  # a row's label, above its bars
BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 16
LEGEND_LINE = 28
VALUE_GAP = 6  # between a bar's end and its value

# How each series is filled, in turn: a pattern and a colour (each at least 3:1 against the
# white page, WCAG 2.2's contrast for graphics), so that no two series of a chart look alike
# in greyscale or to someone who does not tell the colours apart.
SERIES_STYLES = (
    ("solid", "#1d70b8"),
    ("stripes", "#00703c"),
    ("dots", "#4c2c92"),
    ("crosshatch", "#d4351c"),
    ("lines", "#505a5f"),
    ("checks", "#003078"),
)


@dataclass(frozen=True)
class Series:
    """A column of values drawn as bars, with its pattern's id in the chart's <defs>."""

    key: str
    heading: str
    pattern: str
    colour: str
    pattern_id: str


@dataclass(frozen=True)
class Bar:
    series: Series
    value: object
    text: str  # the value as written beside the bar
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarGroup:
    """One row of the table: its label, and a bar per series below it."""

    label: str
    label_y: float
    bars: list[Bar]

    @property
    def svg(self) -> str:
        """The row's label and, for each series, its bar (none for nothing) and its value."""
        bars = "".join(bar_svg(bar) for bar in self.bars)
        label = f'<text x="{PLOT_LEFT}" y="{self.label_y}" font-size="16" font-weight="bold" fill="#0b0c0c">{escape(self.label)}</text>'
        return mark_safe(label + bars)  # noqa: S308 - every text escaped, every number ours


def bar_svg(bar: Bar) -> str:
    rect = (
        f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="url(#{escape(bar.series.pattern_id)})" '
        'stroke="#0b0c0c" stroke-width="1"/>'
    ) if bar.width else ""
    return f'{rect}<text x="{bar.text_x}" y="{bar.text_y}" font-size="16" fill="#0b0c0c">{escape(bar.text)}</text>'


@dataclass(frozen=True)
class LegendEntry:
    series: Series
    y: float  # the top of its swatch
    text_y: float


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    scale: float  # the value the full plot width stands for: the largest value
    series: list[Series]
    legend: list[LegendEntry]  # empty with one series: the title names it
    groups: list[BarGroup]


def bar_width(value, scale) -> float:
    """A bar's width: its share of the largest value, to a tenth of a unit; at least one unit
    for any value above nothing, so that a small figure still shows a bar."""
    if not value or scale <= 0:
        return 0.0
    return max(round(value / scale * PLOT_WIDTH, 1), 1.0)


def bar_chart(table: Table) -> BarChart:
    """The geometry of the table's chart (`table.chart`): a group of bars for each row, in the
    table's order, one bar per series, widths on one scale (the largest value); the legend
    first when there are several series."""
    chart_id = f"chart-{table.slug}"
    series = [
        Series(
            key=key, heading=table.column(key).heading, pattern=SERIES_STYLES[index % len(SERIES_STYLES)][0],
            colour=SERIES_STYLES[index % len(SERIES_STYLES)][1], pattern_id=f"{chart_id}-series-{index}",
        )
        for index, key in enumerate(table.chart.values)
    ]
    values = [row[one.key] for row in table.rows for one in series if row[one.key] is not None]
    scale = max(values, default=0)
    legend = []
    top = 0
    if len(series) > 1:
        legend = [LegendEntry(series=one, y=index * LEGEND_LINE, text_y=index * LEGEND_LINE + 14) for index, one in enumerate(series)]
        top = len(series) * LEGEND_LINE + GROUP_GAP // 2
    groups = []
    for row in table.rows:
        bars = []
        for index, one in enumerate(series):
            y = top + LABEL_LINE + index * (BAR_HEIGHT + BAR_GAP)
            width = bar_width(row[one.key], scale)
            bars.append(Bar(
                series=one, value=row[one.key], text=display_value(row[one.key]), x=PLOT_LEFT, y=y, width=width,
                height=BAR_HEIGHT, text_x=round(PLOT_LEFT + width + VALUE_GAP, 1), text_y=y + 15,
            ))
        groups.append(BarGroup(label=display_value(row[table.chart.label]), label_y=top + 17, bars=bars))
        top += LABEL_LINE + len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP + GROUP_GAP
    return BarChart(
        id=chart_id, title=f"Chart: {table.title}", description=chart_description(table, series), width=CHART_WIDTH,
        height=max(top - GROUP_GAP, 0) + 1, scale=scale, series=series, legend=legend, groups=groups,
    )


def chart_description(table: Table, series: list[Series]) -> str:
    """Every figure the chart draws, in words: "In discussion: Total 3; Booked: Total 2"."""
    if not table.rows:
        return f"{table.empty}"
    groups = [
        f"{display_value(row[table.chart.label])}: "
        + ", ".join(f"{one.heading} {figure_words(row[one.key])}" for one in series)
        for row in table.rows
    ]
    return "; ".join(groups) + "."


def figure_words(value) -> str:
    return "no figure" if value is None else display_value(value)


# The coverage map (templates/components/tile_map.html).
TILE = 56
TILE_STEP = 60  # a tile and the gap after it
SWATCH = 20


@dataclass(frozen=True)
class BandStyle:
    """How a band of the coverage map is drawn: its fill (a colour, or the hatching drawn in
    the component's <defs>), its outline's dashes if any, and a text colour of at least 4.5:1
    against the fill."""

    fill: str
    text_colour: str
    dashes: str = ""


HATCHED = "url(#coverage-map-hatched)"
DARK_TEXT = "#0b0c0c"
# The most recent darkest; hatched for three years or more; white, outlined in dashes, for
# none on record: the bands differ in lightness and pattern, not in hue alone, and each tile
# writes its years too.
BAND_STYLES = {
    "within_one_year": BandStyle(fill="#003078", text_colour="#ffffff"),
    "one_to_two": BandStyle(fill="#1d70b8", text_colour="#ffffff"),
    "two_to_three": BandStyle(fill="#d2e2f1", text_colour=DARK_TEXT),
    "three_or_more": BandStyle(fill=HATCHED, text_colour=DARK_TEXT),
    "never": BandStyle(fill="#ffffff", text_colour=DARK_TEXT, dashes="5 3"),
}


@dataclass(frozen=True)
class MapTile:
    name: str
    abbreviation: str
    band: str
    style: BandStyle
    years: str  # written under the abbreviation
    title: str  # the tile's tooltip
    x: int
    y: int
    text_x: int
    abbreviation_y: int
    years_y: int

    @property
    def svg(self) -> str:
        """The tile: its square, its abbreviation and years (dark text outlined in white, so
        that it reads over hatching), and its tooltip."""
        style = self.style
        outline = f' stroke-width="2" stroke-dasharray="{style.dashes}"' if style.dashes else ' stroke-width="1"'
        text = (
            f'text-anchor="middle" fill="{style.text_colour}" stroke="{"#ffffff" if style.text_colour == DARK_TEXT else "none"}" '
            'stroke-width="3" paint-order="stroke"'
        )
        return mark_safe(  # noqa: S308 - every text escaped, every number and colour ours
            f'<g class="app-tile-map__tile" data-band="{escape(self.band)}"><title>{escape(self.title)}</title>'
            f'<rect x="{self.x}" y="{self.y}" width="{TILE}" height="{TILE}" fill="{style.fill}" stroke="#0b0c0c"{outline}/>'
            f'<text x="{self.text_x}" y="{self.abbreviation_y}" font-size="15" font-weight="bold" {text}>{escape(self.abbreviation)}</text>'
            f'<text x="{self.text_x}" y="{self.years_y}" font-size="14" {text}>{escape(self.years)}</text></g>'
        )


@dataclass(frozen=True)
class MapLegendEntry:
    band: str
    label: str
    style: BandStyle
    authorities: int
    y: int
    text_y: int


@dataclass(frozen=True)
class TileMap:
    id: str
    title: str
    description: str
    width: int
    height: int
    swatch_size: int
    tiles: list[MapTile]
    legend: list[MapLegendEntry]


def years_text(years) -> str:
    """What a tile writes under its abbreviation: "0 yrs", "1 yr", "4 yrs", or "none"."""
    if years is None:
        return "none"
    return f"{years} yr" if years == 1 else f"{years} yrs"


def tile_title(tile: dict) -> str:
    if tile["last_challenge"] is None:
        return f"{tile['name']}: no challenge on record"
    return f"{tile['name']}: last challenge ended {long_date(tile['last_challenge'])}"


def tile_map(figures: dict) -> TileMap:
    """The coverage map's geometry from the coverage section's figures ("tiles" on the
    "grid", column 0 in the west and row 0 in the north), with a key under the grid: each
    band (coverage.BANDS, in order) with how many tiles it holds."""
    columns, rows = figures["grid"]["columns"], figures["grid"]["rows"]
    tiles = []
    for tile in figures["tiles"]:
        x, y = tile["col"] * TILE_STEP + 2, tile["row"] * TILE_STEP + 2
        tiles.append(MapTile(
            name=tile["name"], abbreviation=tile["abbreviation"], band=tile["band"], style=BAND_STYLES[tile["band"]],
            years=years_text(tile["years_since"]), title=tile_title(tile), x=x, y=y, text_x=x + TILE // 2,
            abbreviation_y=y + 24, years_y=y + 44,
        ))
    counts = {key: 0 for key, _ in BANDS}
    for tile in tiles:
        counts[tile.band] += 1
    legend_top = rows * TILE_STEP + 16
    legend = [
        MapLegendEntry(
            band=key, label=label, style=BAND_STYLES[key], authorities=counts[key],
            y=legend_top + index * LEGEND_LINE, text_y=legend_top + index * LEGEND_LINE + 15,
        )
        for index, (key, label) in enumerate(BANDS)
    ]
    description = (
        "Each fire and rescue authority is a square, placed roughly where it is in England with north at the top, "
        "showing its abbreviation and the whole years since its last challenge. "
        + "; ".join(f"{entry.label}: {authorities(entry.authorities)}" for entry in legend)
        + ". The tables below list every authority."
    )
    return TileMap(
        id="coverage-map", title="Map: years since each authority’s last challenge", description=description,
        width=max(columns * TILE_STEP + 2, 320), height=legend_top + len(BANDS) * LEGEND_LINE,
        swatch_size=SWATCH, tiles=tiles, legend=legend,
    )


def authorities(count: int) -> str:
    return f"{count} {'authority' if count == 1 else 'authorities'}"
