"""Everyone who signs in: the email address is the login, the role decides what they see."""

import rules
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from authorities.choices import (
    Region,
    Role,
)
from authorities.models.authority import Authority
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.LGA_ADMIN)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(ChoiceLabelsMixin, AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. The email address is the login; the role decides what they see."""

    email = models.EmailField("email address", unique=True)
    full_name = LineField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    region = models.CharField(
        max_length=40, choices=Region.choices, blank=True, help_text="Principal advisers only."
    )
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fra_users",
        help_text="Fire and rescue authority contacts only.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="user_region_only_for_principal_adviser",
                condition=(Q(role=Role.PRINCIPAL_ADVISER) & ~Q(region=""))
                | (~Q(role=Role.PRINCIPAL_ADVISER) & Q(region="")),
            ),
            models.CheckConstraint(
                name="user_authority_only_for_fra_contact",
                condition=(Q(role=Role.FRA_CONTACT, authority__isnull=False))
                | (~Q(role=Role.FRA_CONTACT) & Q(authority__isnull=True)),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    def has_perm(self, perm, obj=None):
        """The service's own permissions (authorities/permissions.py and the like) are decided by
        their rules alone, for everyone: being a superuser opens the Django admin, it does not
        put an LGA administrator on a peer team. Django's model permissions work as usual."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)
