"""The report's summary and approach, beside the findings."""

from django.urls import path

from challenges.views.report_text import ReportTextUpdateView

urlpatterns = [
    path("<int:pk>/findings/summary/", ReportTextUpdateView.as_view(), name="report-text-update"),
]
