"""A once-published report version's files and checksums never change, and it never goes back to
being a draft: the database refuses such an update, whatever code asks for it (a trigger, as a
check constraint cannot compare a row with what it was).

On SQLite a trigger lives with its table: a later migration that remakes the table must create it
again (reports/tests/test_models.py checks that it is there after every migration)."""

from django.db import migrations

ONCE_PUBLISHED = "('published', 'superseded', 'withdrawn')"
MESSAGE = "A published report version never changes its files or goes back to being a draft"

SQLITE = f"""
CREATE TRIGGER report_published_version_frozen
BEFORE UPDATE ON reports_feedbackreport
FOR EACH ROW WHEN OLD.status IN {ONCE_PUBLISHED} AND (
    NEW.file IS NOT OLD.file OR NEW.sha256 IS NOT OLD.sha256 OR NEW.file_size IS NOT OLD.file_size
    OR NEW.html_file IS NOT OLD.html_file OR NEW.html_sha256 IS NOT OLD.html_sha256
    OR NEW.status NOT IN {ONCE_PUBLISHED}
)
BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""

POSTGRESQL = f"""
CREATE FUNCTION report_published_version_frozen() RETURNS trigger AS $$
BEGIN
    IF OLD.status IN {ONCE_PUBLISHED} AND (
        NEW.file IS DISTINCT FROM OLD.file OR NEW.sha256 IS DISTINCT FROM OLD.sha256
        OR NEW.file_size IS DISTINCT FROM OLD.file_size OR NEW.html_file IS DISTINCT FROM OLD.html_file
        OR NEW.html_sha256 IS DISTINCT FROM OLD.html_sha256 OR NEW.status NOT IN {ONCE_PUBLISHED}
    ) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER report_published_version_frozen
BEFORE UPDATE ON reports_feedbackreport
FOR EACH ROW EXECUTE FUNCTION report_published_version_frozen();
"""

DROP = {
    "sqlite": "DROP TRIGGER IF EXISTS report_published_version_frozen;",
    "postgresql": "DROP TRIGGER IF EXISTS report_published_version_frozen ON reports_feedbackreport; "
    "DROP FUNCTION IF EXISTS report_published_version_frozen();",
}


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor in DROP:  # the two databases the service runs on
        schema_editor.execute(SQLITE if vendor == "sqlite" else POSTGRESQL)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor in DROP:
        schema_editor.execute(DROP[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_report_pipeline_and_publication")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
