"""The programme's insight, for LGA staff: every section's tables for a year and a region, each
drawn as a chart where it has one, and each downloadable as CSV."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from challenges.forms.insight import InsightFilterForm
from challenges.insight.charts import BarChart, TileMap, bar_chart, tile_map
from challenges.insight.period import InsightPeriod
from challenges.insight.rows import table_rows_html
from challenges.insight.tables import Section, Table
from challenges.selectors.insight import (
    FIGURES_KEPT_SECONDS,
    Insight,
    insight_figures_key,
    insight_first_year,
    insight_records_version,
    insight_table,
    programme_insight,
)
from peersupport.csv_files import escape_cell, export_lines
from peersupport.views import PermissionRequiredMixin

# The coverage map is drawn just before the table of the authorities it shows as not challenged
# for three years or more, and the long list of every authority comes after them both.
MAP_BEFORE = "not-challenged-three-years"
SHOWN_LAST = ("coverage-by-authority",)


@dataclass
class ShownTable:
    table: Table
    chart: BarChart | None
    map = None  # not the map

    @property
    def rows_html(self) -> str:
        return table_rows_html(self.table)


@dataclass
class ShownSection:
    """A section as the page shows it: its tables, each with its chart's geometry, and the
    coverage map among them (an item with `map` set rather than `table`)."""

    section: Section
    items: list


@dataclass
class ShownMap:
    map: TileMap
    figures: dict


class InsightMixin(PermissionRequiredMixin):
    """The period from the query's filters (InsightFilterForm), for LGA staff only: anyone
    signed out is sent to sign in, anyone else gets a 404."""

    permission_required = "challenges.see_insight"

    def filter_form(self) -> InsightFilterForm:
        self.today = timezone.localdate()
        self.version = insight_records_version()
        return InsightFilterForm(self.request.GET, today=self.today, first_year=insight_first_year(version=self.version))


@dataclass
class InsightPage:
    """The period's figures as the page shows them, worked out (or read from the cache) only
    when the page's parts kept in the cache under `key` are not there."""

    period: InsightPeriod
    today: datetime.date
    version: str

    @cached_property
    def key(self) -> str:
        return insight_figures_key(period=self.period, today=self.today, version=self.version)

    @cached_property
    def insight(self) -> Insight:
        return programme_insight(period=self.period, today=self.today, version=self.version)

    @cached_property
    def sections(self) -> list[ShownSection]:
        return [shown_section(section) for section in self.insight.sections]


class InsightView(InsightMixin, TemplateView):
    """The page: the filters, then each section with its tables (a chart before each that has
    one; the coverage map in its section). A filter that is not on the list shows the error
    summary and no figures. The sections' HTML is kept in the cache with the figures it shows
    (challenges/selectors/insight.py)."""

    template_name = "challenges/insight/insight.html"

    def get_context_data(self, **kwargs):
        form = self.filter_form()
        context = {"form": form, "form_html": form.rendered(), "kept_seconds": FIGURES_KEPT_SECONDS}
        if form.is_valid():
            period = form.period()
            context.update(
                period=period, query=urlencode(period.query()),
                page=InsightPage(period=period, today=self.today, version=self.version),
            )
        return super().get_context_data(**context, **kwargs)


def shown_section(section: Section) -> ShownSection:
    """A section as the page shows it: each table with its chart, in the section's order but
    for a long list of every authority last; the coverage map before the table it introduces
    (or first, without that table)."""
    tables = sorted(section.tables, key=lambda table: table.slug in SHOWN_LAST)
    items = [ShownTable(table=table, chart=bar_chart(table) if table.chart and table.rows else None) for table in tables]
    if section.slug == "coverage" and section.figures.get("tiles"):
        at = next((index for index, table in enumerate(tables) if table.slug == MAP_BEFORE), 0)
        items.insert(at, ShownMap(map=tile_map(section.figures), figures=section.figures))
    return ShownSection(section=section, items=items)


class InsightTableDownloadView(InsightMixin, View):
    """One table of the page as CSV, for the period the query names, named
    "insight-<table>-<period>.csv"; a table the page does not have is a 404, and filters not
    on the list go back to the page, which says why."""

    def get(self, request, slug):
        form = self.filter_form()
        if not form.is_valid():
            return redirect(f"{reverse('challenges:insight')}?{request.GET.urlencode()}")
        period = form.period()
        table = insight_table(period=period, today=self.today, version=self.version, slug=slug)
        if table is None:
            raise Http404
        rows = ([escape_cell(cell) for cell in row] for row in table.csv_rows())
        response = StreamingHttpResponse(export_lines(rows, header=table.csv_header()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="insight-{table.slug}-{period.slug}.csv"'
        return response
