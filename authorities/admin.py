"""The Django admin: user accounts and the reference lists of specialisms and tags are kept
here; the register and the peer pool are shown read-only, as they change only through the
service's pages (and so its rules and history). A peer's sign-in is linked here, through
the service that does it."""

from axes.utils import reset as axes_reset
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from authorities.models import (
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
from authorities.services.peer import peer_link_user
from peersupport.admin import ReadOnlyAdminMixin, ReadOnlyInline


@admin.register(Authority)
class AuthorityAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "ons_code", "region", "governance", "status", "needs_verification"]
    list_filter = ["region", "governance", "status", "needs_verification"]
    search_fields = ["name", "short_name", "ons_code"]


@admin.register(AuthorityContact)
class AuthorityContactAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "role", "authority", "email"]
    list_filter = ["role", "authority__region"]
    search_fields = ["name", "email", "authority__name"]


class InspectionResultInline(ReadOnlyInline):
    model = InspectionResult


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["authority", "round_name", "grade_scale", "started_on", "report_published_on"]
    list_filter = ["grade_scale", "authority__region"]
    search_fields = ["authority__name", "round_name"]
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
    actions = ["allow_signing_in_again"]

    @admin.action(description="Allow signing in again", permissions=["change"])
    def allow_signing_in_again(self, request, queryset):
        """Ends the pause after too many wrong passwords (django-axes) before its 15 minutes
        are up, for someone who asks their LGA administrator: the failed attempts recorded
        for each selected account, from every address, are cleared."""
        emails = list(queryset.values_list("email", flat=True))
        for email in emails:
            axes_reset(username=email)
        self.message_user(request, f"{len(emails)} {'person' if len(emails) == 1 else 'people'} can sign in again.")


class TrainingRecordInline(ReadOnlyInline):
    model = TrainingRecord


class UnavailabilityInline(ReadOnlyInline):
    model = Unavailability


@admin.register(Peer)
class PeerAdmin(SimpleHistoryAdmin):
    """The pool, read-only but for the peer's sign-in, which is linked by peer_link_user."""

    list_display = ["full_name", "email", "peer_type", "home_authority", "can_lead", "is_active"]
    list_filter = ["peer_type", "can_lead", "is_active", "specialisms"]
    search_fields = ["full_name", "email", "home_organisation"]
    autocomplete_fields = ["user"]
    fields = [
        "user", "full_name", "email", "phone", "peer_type", "home_authority", "home_organisation", "role_title",
        "political_group", "specialisms", "tags", "can_lead", "max_challenges_per_year", "is_active", "retired_reason",
        "consented_on",
    ]
    readonly_fields = fields[1:]
    inlines = [TrainingRecordInline, UnavailabilityInline]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        peer_link_user(by=request.user, peer=obj, user=form.cleaned_data["user"])


@admin.register(Specialism)
class SpecialismAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group"]
    list_filter = ["group"]
    search_fields = ["name", "code"]


@admin.register(PeerTag)
class PeerTagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
