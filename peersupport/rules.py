"""Rules that decide for one record and for a whole table alike, so that each has one home.

A `Rule` is a django-rules predicate: `rule(user, record)` answers for one record, rules join
with `&`, `|` and `~`, and each app's `permissions.py` registers them as permissions that views
check and templates ask with `{% has_perm %}`. A rule also knows which rows of a table it
allows: `rule.scope(user)` is True (every row), False (none) or a `Q` of the rows, and
`rule.filter(queryset, user)` applies it, which is how selectors scope what a user may see.
Both ways are written side by side in the one definition of the rule; `rule.via("authority")`
asks the same rule of a related record (a challenge by its authority), in both ways at once.
The tests hold the two ways together for every rule, role and record."""

import operator

import rules
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet, Value


class Rule(rules.Predicate):
    """A django-rules predicate that can also scope a queryset (see the module's docstring)."""

    def __init__(self, fn, name=None, *, scope=None):
        super().__init__(fn, name)
        self._scope = scope

    def scope(self, user) -> Q | bool:
        """The rows this rule allows the user: True for all, False for none, or a Q."""
        if self._scope is None:
            raise TypeError(f"The rule {self.name} cannot scope a queryset")
        return self._scope(user)

    def filter(self, queryset: QuerySet, user) -> QuerySet:
        """The rows of the queryset this rule allows the user."""
        scope = self.scope(user)
        if scope is True:
            return queryset
        if scope is False:
            return queryset.none()
        return queryset.filter(scope)

    def annotation(self, user):
        """The rule as a column of a query, true on each row it allows the user: for lists that
        show what each person may do with each row, in the query that reads the rows."""
        scope = self.scope(user)
        if isinstance(scope, bool):
            return Value(scope, output_field=BooleanField())
        return ExpressionWrapper(scope, output_field=BooleanField())

    def via(self, path: str) -> "Rule":
        """The same rule asked of the record at `path` from this one ("challenge__authority")."""
        steps = path.split("__")

        def on_related(user, record):
            for step in steps:
                record = getattr(record, step, None) if record is not None else None
            return self._apply(user, record)

        return Rule(on_related, f"{self.name} of {path}", scope=lambda user: _prefixed(self.scope(user), path))

    def __and__(self, other):
        combined = super().__and__(other)
        combined._scope = lambda user: _joined(operator.and_, self.scope(user), other.scope(user))
        return combined

    def __or__(self, other):
        combined = super().__or__(other)
        combined._scope = lambda user: _joined(operator.or_, self.scope(user), other.scope(user))
        return combined

    def __invert__(self):
        inverted = super().__invert__()
        inverted._scope = lambda user: _negated(self.scope(user))
        return inverted


def user_rule(fn, name=None) -> Rule:
    """A rule about the user alone (their role, say): it allows every row or none."""
    rule = Rule(fn, name)
    rule._scope = lambda user: bool(rule._apply(user))
    return rule


def record_rule(*, scope):
    """A rule about the user and one record, with `scope(user)` naming the rows it allows:
    decorate `fn(user, record) -> bool` with the same rule written as a Q."""

    def decorate(fn) -> Rule:
        return Rule(fn, scope=scope)

    return decorate


_refusals = {}
DJANGO_MODEL_ACTIONS = {"add", "change", "delete", "view"}


def add_perm(name: str, rule: rules.Predicate, *, refusal: str) -> None:
    """Register the rule as the permission `name`; `refusal` says why a service refuses
    someone it does not allow.

    The name must not be one of Django's own model permissions (`authorities.change_peer`):
    User.has_perm answers a rule's name by the rule, so the admin would then ask the rule
    instead of the permissions given to staff, for that model."""
    app_label, _, codename = name.partition(".")
    action, _, model = codename.partition("_")
    if action in DJANGO_MODEL_ACTIONS and model in apps.all_models.get(app_label, {}):
        raise ValueError(f"{name} is Django's permission for the {model} model: name the rule otherwise")
    rules.add_perm(name, rule)
    _refusals[name] = refusal


def require(permission: str, user, record=None) -> None:
    """Refuse, with PermissionDenied saying why, what the permission does not allow: asked
    as views and templates ask it (User.has_perm), so that a switched-off account is refused too."""
    if not user.has_perm(permission, record):
        raise PermissionDenied(_refusals[permission])


def _joined(join, left, right):
    if join is operator.and_ and (left is False or right is False):
        return False
    if join is operator.or_ and (left is True or right is True):
        return True
    if isinstance(left, bool):
        return right
    if isinstance(right, bool):
        return left
    return join(left, right)


def _negated(scope):
    return (not scope) if isinstance(scope, bool) else ~scope


def _prefixed(scope, path):
    """The scope with every lookup read from the related record at `path`."""
    if isinstance(scope, bool):
        return scope
    prefixed = Q(_connector=scope.connector, _negated=scope.negated)
    prefixed.children = [
        _prefixed(child, path) if isinstance(child, Q) else (f"{path}__{child[0]}", child[1]) for child in scope.children
    ]
    return prefixed
