"""A first history record for each authority loaded from the reference data, so that the first
correction made in the service shows what it changed from. Records created by the service or
the admin already have one; the loading migration ran without django-simple-history."""

from django.db import migrations
from django.utils import timezone

REASON = "Loaded from the reference data"


def add_baseline(apps, schema_editor):
    Authority = apps.get_model("authorities", "Authority")
    HistoricalAuthority = apps.get_model("authorities", "HistoricalAuthority")
    recorded = set(HistoricalAuthority.objects.values_list("id", flat=True))
    fields = [field.attname for field in Authority._meta.concrete_fields]
    now = timezone.now()
    HistoricalAuthority.objects.bulk_create(
        HistoricalAuthority(
            **{name: getattr(authority, name) for name in fields},
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
        )
        for authority in Authority.objects.exclude(pk__in=recorded).order_by("pk")
    )


def remove_baseline(apps, schema_editor):
    apps.get_model("authorities", "HistoricalAuthority").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("authorities", "0005_register_corrections")]

    operations = [migrations.RunPython(add_baseline, remove_baseline)]
