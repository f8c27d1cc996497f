"""The Django admin shows challenges, teams and findings read-only: they change only through
the service's pages, so that its rules (who may, conflicts, the life of a challenge) hold."""

from django.contrib import admin

from challenges.models import Challenge, Finding, TeamMembership
from peersupport.admin import ReadOnlyAdminMixin, ReadOnlyInline


class TeamMembershipInline(ReadOnlyInline):
    model = TeamMembership


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["authority", "challenge_type", "start_date", "end_date", "status"]
    list_select_related = ["authority"]
    list_filter = ["challenge_type", "status", "authority__region"]
    search_fields = ["authority__name", "authority__short_name"]
    inlines = [TeamMembershipInline]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["challenge", "kind", "area", "recorded_at"]
    list_select_related = ["challenge__authority"]
    list_filter = ["kind", "area"]
