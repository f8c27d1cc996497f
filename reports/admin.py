"""The Django admin shows feedback reports read-only; a failed render can be asked for again
from here, through the same service as the challenge page's "Try again"."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from peersupport.admin import ReadOnlyAdminMixin
from reports.models import CommitteePaper, FeedbackReport
from reports.services.request import report_retry


@admin.register(FeedbackReport)
class FeedbackReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["challenge", "version", "status", "requested_at", "published_at"]
    list_select_related = ["challenge__authority"]
    list_filter = ["status"]
    actions = ["render_again"]

    @admin.action(description="Render the selected failed reports again")
    def render_again(self, request, queryset):
        for report in queryset.select_related("challenge__authority"):
            try:
                report_retry(by=request.user, report=report)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"Version {report.version} of {report.challenge}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR)
            else:
                self.message_user(request, f"Version {report.version} of {report.challenge} is queued again", messages.SUCCESS)


@admin.register(CommitteePaper)
class CommitteePaperAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The committee papers asked for, read-only: they are asked for again from the insight page."""

    list_display = ["year_kind", "year", "region", "status", "requested_by", "requested_at"]
    list_select_related = ["requested_by"]
    list_filter = ["status", "year_kind", "year"]
