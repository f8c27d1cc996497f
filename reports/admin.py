from django.contrib import admin

from .models import FeedbackReport


@admin.register(FeedbackReport)
class FeedbackReportAdmin(admin.ModelAdmin):
    list_display = ["challenge", "version", "status", "requested_at", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["attempts", "error_message", "rendered_at"]
