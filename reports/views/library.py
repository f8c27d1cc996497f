"""The public library of published feedback reports."""

from django.views.generic import ListView

from challenges.choices import ChallengeType
from peersupport.formats import long_date, month_year
from peersupport.links import record_url_maker
from reports.selectors import reports_published_for_library


class PublishedReportListView(ListView):
    """Every published feedback report, for anyone, signed in or not."""

    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return reports_published_for_library()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        download = record_url_maker("reports:report-download")
        context["rows"] = [_report_row(report, download) for report in context["reports"]]
        return context


def _report_row(report, download):
    # What each row shows, as plain text: the rows of a long list are written out fastest so.
    return {
        "authority": report["challenge__authority__name"],
        "short_name": report["challenge__authority__short_name"],
        "challenge_type": ChallengeType(report["challenge__challenge_type"]).label,
        "on_site": month_year(report["challenge__start_date"]),
        "published": long_date(report["published_at"]),
        "download_url": download(report["pk"]),
    }
