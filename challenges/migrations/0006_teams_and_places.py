"""Places on a team gain states (proposed to accepted, declined or withdrawn) and the six roles
of DOMAIN.md; the authority's concerns, the planner's pins and bans, and the override of the
composition rules. Places made before states existed were taken up: they become accepted, and
a "peer" place takes the role of the peer's type. On PostgreSQL an exclusion constraint
(btree_gist) refuses two active places of one peer whose visits overlap."""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import peersupport.validators

ROLE_OF_PEER_TYPE = {
    "officer": "officer_peer", "member": "member_peer", "beyond_sector": "beyond_sector",
    "challenge_manager": "challenge_manager",
}
STOPPED = ("postponed", "cancelled")
NO_PEER_TWICE_AT_ONCE = (
    "ALTER TABLE challenges_teammembership ADD CONSTRAINT team_place_peer_not_twice_at_once "
    "EXCLUDE USING gist (peer_id WITH =, daterange(on_site_from, on_site_to, '[]') WITH &&) "
    "WHERE (on_site_from IS NOT NULL)"
)


def places_take_up_states(apps, schema_editor):
    """Existing places were the team as it stood: accepted, in the role of the peer's type, and
    (for visits not yet over) holding the visit's dates."""
    import datetime

    TeamMembership = apps.get_model("challenges", "TeamMembership")
    today = datetime.date.today()
    for place in TeamMembership.objects.select_related("peer", "challenge"):
        place.state = "accepted"
        if place.role == "peer":
            place.role = ROLE_OF_PEER_TYPE.get(place.peer.peer_type, "officer_peer")
        challenge = place.challenge
        last_day = challenge.second_end_date or challenge.end_date
        if challenge.status not in STOPPED and challenge.start_date and last_day and last_day >= today:
            place.on_site_from, place.on_site_to = challenge.start_date, last_day
        place.save(update_fields=["state", "role", "on_site_from", "on_site_to"])


def exclusion_constraint_add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.execute(NO_PEER_TWICE_AT_ONCE)


def exclusion_constraint_remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE challenges_teammembership DROP CONSTRAINT team_place_peer_not_twice_at_once")


class Migration(migrations.Migration):

    dependencies = [
        ('authorities', '0010_dates_searched'),
        ('challenges', '0005_challenge_life'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TeamBan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', peersupport.validators.LineField(blank=True, max_length=500)),
                ('banned_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['challenge', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TeamConcern',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', peersupport.validators.PlainTextField(max_length=2000, verbose_name='concern')),
                ('raised_at', models.DateTimeField(auto_now_add=True)),
                ('answer', peersupport.validators.PlainTextField(blank=True, max_length=2000)),
                ('answered_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['raised_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TeamPin',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('lead_peer', 'Lead peer'), ('member_peer', 'Member peer'), ('officer_peer', 'Officer peer'), ('beyond_sector', 'Peer from beyond the sector'), ('challenge_manager', 'LGA challenge manager'), ('shadow', 'Shadow peer')], max_length=30)),
                ('pinned_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['challenge', 'role', 'id'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='teammembership',
            name='team_one_lead_peer',
        ),
        migrations.AddField(
            model_name='challenge',
            name='team_rules_overridden_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='challenge',
            name='team_rules_override_reason',
            field=peersupport.validators.LineField(blank=True, max_length=500, verbose_name="reason for overriding the team's composition rules"),
        ),
        migrations.AddField(
            model_name='historicalchallenge',
            name='team_rules_overridden_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalchallenge',
            name='team_rules_override_reason',
            field=peersupport.validators.LineField(blank=True, max_length=500, verbose_name="reason for overriding the team's composition rules"),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='answered_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='decline_reason',
            field=peersupport.validators.LineField(blank=True, max_length=500, verbose_name='reason for declining'),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='invitation_token',
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='invited_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='on_site_from',
            field=peersupport.validators.PlausibleDateField(blank=True, earliest=datetime.date(2009, 1, 1), editable=False, null=True, years_ahead=5),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='on_site_to',
            field=peersupport.validators.PlausibleDateField(blank=True, earliest=datetime.date(2009, 1, 1), editable=False, null=True, years_ahead=5),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='reminded_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='soft_conflict_reason',
            field=peersupport.validators.LineField(blank=True, max_length=500, verbose_name='reason for choosing the peer all the same'),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='soft_conflicts',
            field=peersupport.validators.PlainTextField(blank=True, max_length=2000),
        ),
        migrations.AddField(
            model_name='teammembership',
            name='state',
            field=models.CharField(choices=[('proposed', 'Proposed'), ('invited', 'Invited'), ('accepted', 'Accepted'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=20),
        ),
        migrations.AlterField(
            model_name='teammembership',
            name='role',
            field=models.CharField(choices=[('lead_peer', 'Lead peer'), ('member_peer', 'Member peer'), ('officer_peer', 'Officer peer'), ('beyond_sector', 'Peer from beyond the sector'), ('challenge_manager', 'LGA challenge manager'), ('shadow', 'Shadow peer')], max_length=30),
        ),
        migrations.AddIndex(
            model_name='teammembership',
            index=models.Index(fields=['peer', 'on_site_to'], name='team_place_peer_visit'),
        ),
        migrations.AddConstraint(
            model_name='teammembership',
            constraint=models.UniqueConstraint(condition=models.Q(('role', 'lead_peer'), ('state__in', ('proposed', 'invited', 'accepted'))), fields=('challenge',), name='team_one_lead_peer'),
        ),
        migrations.AddConstraint(
            model_name='teammembership',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('state', 'declined'), _negated=True), models.Q(('decline_reason', ''), _negated=True), _connector='OR'), name='team_place_declined_with_reason', violation_error_message="A declined place has the peer's reason"),
        ),
        migrations.AddConstraint(
            model_name='teammembership',
            constraint=models.CheckConstraint(condition=models.Q(('soft_conflicts', ''), models.Q(('soft_conflict_reason', ''), _negated=True), _connector='OR'), name='team_place_soft_conflicts_with_reason', violation_error_message='A peer with a soft conflict is chosen only with a reason'),
        ),
        migrations.AddConstraint(
            model_name='teammembership',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('on_site_from__isnull', True), ('on_site_to__isnull', True)), models.Q(('on_site_to__gte', models.F('on_site_from')), ('state__in', ('proposed', 'invited', 'accepted'))), _connector='OR'), name='team_place_visit_only_while_active'),
        ),
        migrations.AddField(
            model_name='teamban',
            name='banned_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='teamban',
            name='challenge',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_bans', to='challenges.challenge'),
        ),
        migrations.AddField(
            model_name='teamban',
            name='peer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='authorities.peer'),
        ),
        migrations.AddField(
            model_name='teamconcern',
            name='answered_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='teamconcern',
            name='place',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='concerns', to='challenges.teammembership'),
        ),
        migrations.AddField(
            model_name='teamconcern',
            name='raised_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='teampin',
            name='challenge',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_pins', to='challenges.challenge'),
        ),
        migrations.AddField(
            model_name='teampin',
            name='peer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='authorities.peer'),
        ),
        migrations.AddField(
            model_name='teampin',
            name='pinned_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='teamban',
            constraint=models.UniqueConstraint(fields=('challenge', 'peer'), name='team_ban_once'),
        ),
        migrations.AddConstraint(
            model_name='teamconcern',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('answer', ''), ('answered_at__isnull', True), ('answered_by__isnull', True)), models.Q(models.Q(('answer', ''), _negated=True), ('answered_at__isnull', False), ('answered_by__isnull', False)), _connector='OR'), name='team_concern_answer_complete'),
        ),
        migrations.AddConstraint(
            model_name='teampin',
            constraint=models.UniqueConstraint(fields=('challenge', 'peer'), name='team_pin_once'),
        ),
        migrations.RunPython(places_take_up_states, migrations.RunPython.noop),
        migrations.RunPython(exclusion_constraint_add, exclusion_constraint_remove),
    ]
