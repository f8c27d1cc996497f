from django.contrib import admin

from .models import Challenge, Finding, TeamMembership


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["peer"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["authority", "challenge_type", "start_date", "end_date", "status"]
    list_filter = ["challenge_type", "status", "authority__region"]
    search_fields = ["authority__name", "authority__short_name"]
    inlines = [TeamMembershipInline]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["challenge", "kind", "area", "recorded_at"]
    list_filter = ["kind", "area"]
