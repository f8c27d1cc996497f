"""Text that cannot hide or reorder what it says, and dates in a plausible range: the rules
every model field of the service carries (peersupport/validators.py)."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from peersupport.validators import LineField, PlainTextField, PlausibleDateField

OUR_APPS = ("authorities", "challenges", "reports")

# Text the service writes itself, or that is a code or a name checked by a pattern of its own.
NOT_TYPED_TEXT = {
    ("authority", "ons_code"), ("authority", "slug"), ("specialism", "code"), ("user", "password"),
    ("feedbackreport", "error_message"),
    ("feedbackreport", "template_version"), ("feedbackreport", "sha256"), ("feedbackreport", "html_sha256"),
    ("committeepaper", "error_message"), ("committeepaper", "template_version"), ("committeepaper", "sha256"),
    ("committeepaper", "html_sha256"), ("calendarfeed", "token"), ("challenge", "late_step"),
    ("challengedocument", "extension"), ("challengedocument", "content_type"), ("teammembership", "invitation_token"), ("evaluation", "token"),
}


def _our_fields(kind):
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if isinstance(field, kind):
                    yield model, field


@pytest.mark.unit
@pytest.mark.parametrize(
    ("model", "field"),
    [
        (model, field) for model, field in _our_fields((models.CharField, models.TextField))
        if not field.choices and not isinstance(field, (models.EmailField, models.SlugField, models.FileField, models.URLField))
        and (model._meta.model_name, field.name) not in NOT_TYPED_TEXT
    ],
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")),
)
def test_every_typed_text_field_refuses_hidden_characters(model, field):
    assert isinstance(field, (LineField, PlainTextField)), f"{model.__name__}.{field.name} is typed by people"
    with pytest.raises(ValidationError, match="must not include hidden or control characters"):
        field.run_validators("live\u202e")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("model", "field"), [(m, f) for m, f in _our_fields(models.DateField) if not isinstance(f, models.DateTimeField)],
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")),
)
def test_every_date_field_has_a_plausible_range(model, field):
    assert isinstance(field, PlausibleDateField), f"{model.__name__}.{field.name}"
    with pytest.raises(ValidationError):
        field.run_validators(datetime.date(1, 1, 1))
    with pytest.raises(ValidationError):
        field.run_validators(datetime.date(9999, 12, 31))
    field.run_validators(timezone.localdate())


@pytest.mark.unit
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("Sam\nWhitfield", "Full name must be on one line"),
        ("Sam\r\nWhitfield", "Full name must be on one line"),
        ("Sam\u2028Whitfield", "Full name must be on one line"),
        ("evil\u202e", "Full name must not include hidden or control characters"),
        ("\u2066Sam\u2069", "Full name must not include hidden or control characters"),
        ("Sam\u200fWhitfield", "Full name must not include hidden or control characters"),
        ("Sam\tWhitfield", "Full name must not include hidden or control characters"),
        ("Sam\x1bWhitfield", "Full name must not include hidden or control characters"),
    ],
)
def test_line_field_refuses_line_breaks_and_hidden_characters(value, message):
    field = apps.get_model("authorities", "Peer")._meta.get_field("full_name")

    with pytest.raises(ValidationError) as raised:
        field.run_validators(value)

    assert raised.value.messages == [message]


@pytest.mark.unit
def test_line_field_accepts_names_in_any_script():
    apps.get_model("authorities", "Peer")._meta.get_field("full_name").run_validators("Zoë O’Brien-Ṣàngó 王芳 مريم")


@pytest.mark.unit
def test_plain_text_field_keeps_line_breaks_and_tabs_but_not_reordering():
    field = apps.get_model("challenges", "Finding")._meta.get_field("text")

    field.run_validators("First paragraph.\r\n\r\n- a list\n\tindented")
    with pytest.raises(ValidationError, match="^\\['Finding must not include hidden or control characters'\\]$"):
        field.run_validators("Crews are \u202elive\u202c.")


@pytest.mark.unit
def test_date_range_messages_name_the_field_and_the_bounds():
    start = apps.get_model("challenges", "Challenge")._meta.get_field("start_date")
    consent = apps.get_model("authorities", "Peer")._meta.get_field("consented_on")
    latest = timezone.localdate() + datetime.timedelta(days=round(365.25 * 5))

    messages = []
    for field, value in ((start, datetime.date(2008, 12, 31)), (start, datetime.date(9999, 1, 1)), (consent, datetime.date(9999, 1, 1))):
        with pytest.raises(ValidationError) as raised:
            field.run_validators(value)
        messages += raised.value.messages

    assert messages == [
        "The on-site start date must be on or after 1 January 2009",
        f"The on-site start date must be on or before {latest.day} {latest:%B %Y}",
        "The date consent was given must be today or in the past",
    ]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("factory_path", "field"),
    [
        ("challenges.tests.factories.ChallengeFactory", "start_date"),
        ("challenges.tests.factories.ChallengeFactory", "end_date"),
        ("authorities.tests.factories.InspectionFactory", "started_on"),
        ("authorities.tests.factories.InspectionFactory", "ended_on"),
        ("authorities.tests.factories.InspectionFactory", "report_published_on"),
        ("authorities.tests.factories.TrainingRecordFactory", "completed_on"),
        ("authorities.tests.factories.TrainingRecordFactory", "expires_on"),
        ("authorities.tests.factories.UnavailabilityFactory", "start_date"),
        ("authorities.tests.factories.UnavailabilityFactory", "end_date"),
        ("authorities.tests.factories.PeerFactory", "consented_on"),
    ],
)
@pytest.mark.parametrize("year", [1, 9999])
def test_database_refuses_an_implausible_date_whatever_writes_it(db, factory_path, field, year):
    module, name = factory_path.rsplit(".", 1)
    record = getattr(__import__(module, fromlist=[name]), name)()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(record).objects.filter(pk=record.pk).update(**{field: datetime.date(year, 6, 1)})


@pytest.mark.integration
def test_database_refuses_an_implausible_authority_end_date(db):
    from authorities.models import Authority

    with pytest.raises(IntegrityError), transaction.atomic():
        Authority.objects.filter(slug="dorset").update(ended_on=datetime.date(1, 1, 1))
