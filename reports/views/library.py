"""The public library of published feedback reports."""

from django.views.generic import ListView

from reports.selectors import reports_published


class PublishedReportListView(ListView):
    """Every published feedback report, for anyone, signed in or not."""

    template_name = "reports/report_list.html"
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return reports_published()
