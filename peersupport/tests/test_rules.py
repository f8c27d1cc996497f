"""The Rule kit: one rule, asked of one record or of a whole table, gives the same answer."""

import re

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from authorities.models import Authority, User
from peersupport.rules import Rule, add_perm, record_rule, require, user_rule

pytestmark = pytest.mark.integration


@user_rule
def is_admin(user):
    return user.role == "lga_admin"


@record_rule(scope=lambda user: Q(region=user.region))
def in_users_region(user, authority):
    return authority.region == user.region


@record_rule(scope=lambda user: Q(status="abolished"))
def is_abolished(user, authority):
    return authority.status == "abolished"


ADVISER = User(role="principal_adviser", region="south_west")
ADMIN = User(role="lga_admin")


def _agree(rule, user, queryset):
    """The rule, its scope and its annotation give the same answer for every record."""
    in_scope = set(rule.filter(queryset, user))
    annotated = dict(queryset.annotate(allowed=rule.annotation(user)).values_list("pk", "allowed"))
    answers = [(record.pk, rule.test(user, record)) for record in queryset]
    return answers == [(record.pk, record in in_scope) for record in queryset] == [(r.pk, annotated[r.pk]) for r in queryset]


@pytest.mark.parametrize("user", [ADVISER, ADMIN], ids=["adviser", "admin"])
@pytest.mark.parametrize(
    "rule",
    [
        is_admin, in_users_region, is_abolished, is_admin | in_users_region, is_admin & in_users_region,
        in_users_region & ~is_abolished, ~(is_admin | is_abolished), (in_users_region | is_abolished) & ~is_admin,
    ],
    ids=lambda rule: rule.name,
)
def test_rule_and_its_scope_agree_when_joined(db, user, rule):
    assert _agree(rule, user, Authority.objects.all())


def test_rule_scope_of_a_user_rule_is_every_row_or_none():
    assert (is_admin.scope(ADMIN), is_admin.scope(ADVISER), (~is_admin).scope(ADVISER)) == (True, False, True)


def test_rule_via_asks_the_rule_of_the_related_record(db):
    from challenges.tests.factories import ChallengeFactory

    ChallengeFactory(authority=Authority.objects.get(slug="avon"))
    ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    from challenges.models import Challenge

    rule = in_users_region.via("authority")

    assert [c.authority.slug for c in rule.filter(Challenge.objects.all(), ADVISER)] == ["avon"]
    assert _agree(rule, ADVISER, Challenge.objects.all())
    assert rule.scope(ADVISER) == Q(authority__region="south_west")


def test_rule_without_a_scope_cannot_filter():
    rule = Rule(lambda user: True, "no_scope")

    with pytest.raises(TypeError, match="^The rule no_scope cannot scope a queryset$"):
        rule.filter(Authority.objects.all(), ADMIN)


@pytest.fixture
def be_admin():
    add_perm("tests.be_admin", is_admin, refusal="Only administrators can do this.")
    yield "tests.be_admin"
    rules.remove_perm("tests.be_admin")


def test_require_refuses_with_the_permissions_refusal(be_admin):
    require(be_admin, ADMIN)
    with pytest.raises(PermissionDenied, match=r"^Only administrators can do this\.$"):
        require(be_admin, ADVISER)


@pytest.mark.parametrize("name", ["authorities.change_peer", "challenges.view_challenge", "reports.add_feedbackreport"])
def test_add_perm_refuses_djangos_own_model_permissions(name):
    with pytest.raises(ValueError, match=rf"^{re.escape(name)} is Django's permission for the \w+ model: name the rule otherwise$"):
        add_perm(name, is_admin, refusal="Never registered.")

    assert not rules.perm_exists(name)
