from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Authority, Peer, User


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "ons_code", "region", "governance", "status", "needs_verification"]
    list_filter = ["region", "governance", "status", "needs_verification"]
    search_fields = ["name", "short_name", "ons_code"]
    prepopulated_fields = {"slug": ["short_name"]}


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


@admin.register(Peer)
class PeerAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "email", "peer_type", "home_authority", "can_lead", "is_active"]
    list_filter = ["peer_type", "can_lead", "is_active"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["home_authority", "user"]
