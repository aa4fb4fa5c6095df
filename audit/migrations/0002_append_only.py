"""On PostgreSQL the database itself keeps the audit trail append-only.

A row-level trigger refuses every UPDATE, and every DELETE except two deliberate ones, each
announced for its own transaction with ``set_config(..., true)``:

- the retention purge: ``coherence.audit_purge_before`` names a cutoff; only rows older than
  it *and* older than 30 days (a floor no setting lowers) may go;
- deleting a whole district: ``coherence.audit_release_district`` names it; only its rows go.

The application's ordinary code sets neither, so it cannot delete or change an event. (The
table's owner can still drop the trigger: the trigger guards against the application, grants
guard against people; see the README.) SQLite has no such trigger.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
DECLARE
    purge_before text := current_setting('coherence.audit_purge_before', true);
    released text := current_setting('coherence.audit_release_district', true);
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF purge_before IS NOT NULL AND purge_before <> ''
           AND OLD.at < purge_before::timestamptz
           AND OLD.at < now() - interval '30 days' THEN
            RETURN OLD;
        END IF;
        IF released IS NOT NULL AND released <> '' AND OLD.district_id::text = released THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: this event cannot be deleted yet'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit events are append-only: an event cannot be changed'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
