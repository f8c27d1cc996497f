"""The rules of authorities/permissions.py: each answers the same for one record as its scope
does for the whole table, for every role and record."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from authorities.choices import Role
from authorities.models import Authority, Peer, User
from authorities.permissions import (
    can_manage_authority,
    can_view_authority,
    can_view_peer,
    is_authority_contact,
    is_current_authority,
    is_fra_contact,
    is_lga_admin,
    is_lga_staff,
    is_peer,
    is_principal_adviser,
    is_region_adviser,
    is_the_peer,
)

from .factories import PeerFactory, PeerUserFactory

STAFF_ON_PEERS = ["view_peer_pool", "keep_peer_pool", "see_peer", "change_peer_details"]
ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "other_peer_user", "fra_contact", "other_fra_contact", "anonymous"]


@pytest.mark.unit
@pytest.mark.parametrize(
    ("role", "flags"),
    [
        # is_lga_staff, is_lga_admin, is_principal_adviser, is_peer, is_fra_contact
        (Role.LGA_ADMIN, (True, True, False, False, False)),
        (Role.PRINCIPAL_ADVISER, (True, False, True, False, False)),
        (Role.PEER, (False, False, False, True, False)),
        (Role.FRA_CONTACT, (False, False, False, False, True)),
    ],
)
def test_user_role_rules_follow_role(role, flags):
    user = User(role=role)

    assert (is_lga_staff(user), is_lga_admin(user), is_principal_adviser(user), is_peer(user), is_fra_contact(user)) == flags


@pytest.mark.unit
def test_user_role_rules_refuse_anonymous():
    user = AnonymousUser()

    assert (is_lga_staff(user), is_lga_admin(user), is_principal_adviser(user), is_peer(user), is_fra_contact(user)) == (
        False, False, False, False, False,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "rule", [is_region_adviser, is_authority_contact, is_current_authority, can_view_authority, can_manage_authority],
    ids=lambda rule: rule.name,
)
def test_authority_rules_agree_with_their_scope_for_every_authority(db, user_for, role, rule):
    user = user_for(role)
    in_scope = set(rule.filter(Authority.objects.all(), user))

    assert [(a.slug, rule.test(user, a)) for a in Authority.objects.all()] == [(a.slug, a in in_scope) for a in Authority.objects.all()]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("rule", [is_the_peer, can_view_peer], ids=lambda rule: rule.name)
def test_peer_rules_agree_with_their_scope_for_every_peer(user_for, role, rule, lead_peer, other_peer_user):
    PeerFactory(user=None)
    PeerFactory(user=PeerUserFactory())
    user = user_for(role)
    in_scope = set(rule.filter(Peer.objects.all(), user))

    assert [(p.pk, rule.test(user, p)) for p in Peer.objects.all()] == [(p.pk, p in in_scope) for p in Peer.objects.all()]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", {"view_register", "see_authority", "correct_authority", "manage_authority", *STAFF_ON_PEERS}),
        ("adviser", {"view_register", "see_authority", "manage_authority", *STAFF_ON_PEERS}),
        ("other_adviser", {"view_register", "see_authority", *STAFF_ON_PEERS}),
        ("fra_contact", {"see_authority"}),
        ("other_fra_contact", set()),
        ("lead_peer", {"view_own_record", "see_peer", "change_peer_details"}),
        ("anonymous", set()),
    ],
)
def test_permissions_of_each_role_on_avon_and_the_lead_peer(user_for, avon, lead_peer, role, expected):
    """What each role may do with Avon (South West) and with the lead peer's record."""
    user = user_for(role)
    on_authority = ["view_register", "see_authority", "correct_authority", "manage_authority"]
    on_peer = ["view_peer_pool", "keep_peer_pool", "view_own_record", "see_peer", "change_peer_details"]
    allowed = {name for name in on_authority if rules.has_perm(f"authorities.{name}", user, avon)}
    allowed |= {name for name in on_peer if rules.has_perm(f"authorities.{name}", user, lead_peer)}

    assert allowed == expected


def test_superuser_has_no_more_of_the_services_permissions_than_their_role(db):
    """Being a superuser opens the Django admin, not the service's rules."""
    superuser = User.objects.create_superuser("root@example.org", "a-long-password-1", full_name="Root", role=Role.PEER)

    assert (superuser.has_perm("authorities.view_register"), superuser.has_perm("authorities.view_own_record")) == (False, True)
    assert superuser.has_perm("authorities.add_user") is True  # Django's model permissions, for the admin
