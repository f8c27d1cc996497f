"""The specialisms a peer can hold: the OpA key assessment areas, the strategic areas
of fire peer challenge and the themes seen across reviews (see DOMAIN.md)."""

from django.db import migrations

SPECIALISMS = {
    "opa_area": [
        ("community-risk-management", "Community risk management"),
        ("prevention", "Prevention"),
        ("protection", "Protection"),
        ("preparedness", "Preparedness"),
        ("response", "Response"),
        ("health-safety-welfare", "Health, safety and welfare"),
        ("training-development", "Training and development"),
        ("leadership-corporate-capacity", "Leadership and corporate capacity"),
        ("call-management", "Call management and incident support"),
    ],
    "strategic_area": [
        ("leadership", "Leadership"),
        ("governance", "Governance"),
        ("corporate-capacity", "Corporate capacity"),
        ("financial-planning", "Financial planning"),
        ("outcomes-for-communities", "Outcomes for communities"),
    ],
    "theme": [
        ("procurement", "Procurement"),
        ("finance", "Finance"),
        ("equality-diversity-inclusion", "Equality, diversity and inclusion"),
        ("control-rooms", "Control rooms"),
        ("culture-change", "Leadership, change and culture"),
        ("staff-engagement", "Internal communications and staff engagement"),
        ("programme-management", "Programme and project management and evaluation"),
        ("performance-management", "Performance management"),
        ("community-engagement", "External communication and community engagement"),
        ("partnership-working", "Partnership working"),
        ("sharing-good-practice", "Sharing good practice"),
    ],
}


def load(apps, schema_editor):
    Specialism = apps.get_model("authorities", "Specialism")
    for group, entries in SPECIALISMS.items():
        for code, name in entries:
            Specialism.objects.update_or_create(code=code, defaults={"name": name, "group": group})


def unload(apps, schema_editor):
    apps.get_model("authorities", "Specialism").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("authorities", "0003_peer_pool_and_register")]

    operations = [migrations.RunPython(load, unload)]
