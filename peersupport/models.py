"""The project's model kit, shared by every app's models, and the one model of its own: the email
outbox's."""

from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_str

from peersupport.forms import EMAIL_MESSAGES
from peersupport.validators import LineField, PlainTextField


@cache
def _labels(field) -> dict:
    return {value: force_str(label) for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """`get_<field>_display()` from a dict made once per field. Django rebuilds the field's
    choices into a new dict at every call, which tables of fifty rows with three labels each
    pay for at every request."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return _labels(field).get(value, value)


# The email outbox (peersupport/outbox/): every email the service sends is first a row here,
# written in the same transaction as the change it tells people about.


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


OUTBOX_STATUS_TAG_COLOURS = {OutboxStatus.PENDING: "blue", OutboxStatus.SENT: "green", OutboxStatus.FAILED: "red"}


def recipient_addresses(value: str) -> list[str]:
    """The addresses in an outbox email's comma-separated recipients."""
    return [address.strip() for address in value.split(",") if address.strip()]


def validate_recipients(value: str) -> None:
    """At least one address, each in the correct format."""
    addresses = recipient_addresses(value)
    if not addresses:
        raise ValidationError(EMAIL_MESSAGES["required"], code="required")
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(EMAIL_MESSAGES["invalid"], code="invalid") from None


# A path on this site: the outbox links to it, so nothing that leaves it ("//host", "javascript:").
validate_site_path = RegexValidator(
    r"\A/(?![/\\])\S*\Z", "Enter the path of a page of the service, like /challenges/12/", code="invalid"
)


class OutboxEmail(ChoiceLabelsMixin, models.Model):
    """One email, kept until it is sent: a worker sends it once the change that caused it is
    committed, and a periodic sweep sends any still waiting (peersupport/outbox/services.py)."""

    # Plain addresses, comma-separated: validate_email refuses display names, so no address
    # holds a comma of its own.
    recipients = models.TextField(validators=[validate_recipients], error_messages={"blank": EMAIL_MESSAGES["required"]})
    subject = LineField(max_length=200)
    body = PlainTextField()
    about_url = models.CharField("page the email is about", max_length=200, blank=True, validators=[validate_site_path])
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.IntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "outbox email"
        indexes = [
            # The periodic sweep's question: which emails are waiting and due now.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_email_due"),
            models.Index(fields=["-created_at", "-id"], name="outbox_email_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_email_sent_has_sent_at", condition=~Q(status=OutboxStatus.SENT) | Q(sent_at__isnull=False)
            ),
            models.CheckConstraint(name="outbox_email_attempts_not_negative", condition=Q(attempts__gte=0)),
        ]

    def __str__(self):
        return f"{self.subject} (to {self.recipients})"

    @property
    def recipient_list(self) -> list[str]:
        return recipient_addresses(self.recipients)

    @property
    def status_colour(self) -> str:
        return OUTBOX_STATUS_TAG_COLOURS[self.status]


# Versions of sets of records (peersupport/records_version.py): figures worked out from many
# records are kept in the cache under the version of the records they were read from.


class RecordsVersion(models.Model):
    """The version of a named set of records, such as those the programme insight reads: its
    number moves on each time a change to any of them is committed, in whichever process made
    it, so that what was kept under the number before is no longer read."""

    name = models.CharField(max_length=50, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "records version"

    def __str__(self):
        return f"{self.name} records, version {self.number}"
