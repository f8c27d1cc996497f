from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Authority,
    AuthorityContact,
    Inspection,
    InspectionResult,
    Peer,
    PeerTag,
    Specialism,
    TrainingRecord,
    Unavailability,
    User,
)


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "ons_code", "region", "governance", "status", "needs_verification"]
    list_filter = ["region", "governance", "status", "needs_verification"]
    search_fields = ["name", "short_name", "ons_code"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(AuthorityContact)
class AuthorityContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "authority", "email"]
    list_filter = ["role", "authority__region"]
    search_fields = ["name", "email", "authority__name"]
    autocomplete_fields = ["authority"]


class InspectionResultInline(admin.TabularInline):
    model = InspectionResult
    extra = 0
    max_num = 11


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["authority", "round_name", "grade_scale", "started_on", "report_published_on"]
    list_filter = ["grade_scale", "authority__region"]
    search_fields = ["authority__name", "round_name"]
    autocomplete_fields = ["authority", "recorded_by"]
    inlines = [InspectionResultInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "region", "authority", "is_active"]
    list_filter = ["role", "region", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name", "role", "region", "authority"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "region", "authority", "password1", "password2"]}),
    ]


class TrainingRecordInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(Peer)
class PeerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "email", "peer_type", "home_authority", "can_lead", "is_active"]
    list_filter = ["peer_type", "can_lead", "is_active", "specialisms"]
    search_fields = ["full_name", "email", "home_organisation"]
    autocomplete_fields = ["home_authority", "user"]
    filter_horizontal = ["specialisms", "tags"]
    inlines = [TrainingRecordInline, UnavailabilityInline]


@admin.register(Specialism)
class SpecialismAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group"]
    list_filter = ["group"]
    search_fields = ["name", "code"]


@admin.register(PeerTag)
class PeerTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
