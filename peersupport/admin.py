"""The project's admin kit. Records whose changes go through services (with their rules, checks
and history) are read-only in the Django admin, so that it cannot go around them."""

from django.contrib import admin

from peersupport.models import OutboxEmail


class ReadOnlyAdminMixin:
    """Lists and shows records; adds, changes and deletes none of them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


@admin.register(OutboxEmail)
class OutboxEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox, read-only: LGA staff send an email again from the outbox page (/outbox/),
    through the service."""

    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["recipients", "subject"]
