"""Load the English fire and rescue authorities from the reference data copied into
authorities/data/. Rows marked needs_verification rest on secondary sources; an
administrator corrects them in the service."""

import csv
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "english_fire_authorities.csv"

REGIONS = {
    "North East": "north_east",
    "North West": "north_west",
    "Yorkshire and the Humber": "yorkshire_and_the_humber",
    "East Midlands": "east_midlands",
    "West Midlands": "west_midlands",
    "East of England": "east_of_england",
    "London": "london",
    "South East": "south_east",
    "South West": "south_west",
}


def load_authorities(apps, schema_editor):
    Authority = apps.get_model("authorities", "Authority")
    with DATA_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        Authority.objects.update_or_create(
            ons_code=row["ons_code"],
            defaults={
                "name": row["name"],
                "short_name": row["short_name"],
                "slug": slugify(row["short_name"].replace("&", "and")),
                "region": REGIONS[row["region"]],
                "governance": row["governance"],
                "status": row["status"],
                "ended_on": row["ended_on"] or None,
                "needs_verification": row["needs_verification"] == "yes",
            },
        )
    by_code = {a.ons_code: a for a in Authority.objects.all()}
    for row in rows:
        if row["succeeded_by"]:
            authority = by_code[row["ons_code"]]
            authority.succeeded_by = by_code[row["succeeded_by"]]
            authority.save(update_fields=["succeeded_by"])


def unload_authorities(apps, schema_editor):
    Authority = apps.get_model("authorities", "Authority")
    Authority.objects.update(succeeded_by=None)
    Authority.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("authorities", "0001_initial")]

    operations = [migrations.RunPython(load_authorities, unload_authorities)]
