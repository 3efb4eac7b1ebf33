from django.db import migrations

# What the practice approved (or refused) by signature is fixed: the change's
# description, window, sites and plans. Its status, execution record and
# post-change check still move on (approved -> in progress -> completed or
# rolled back, or cancelled before it starts). A rejected change is frozen.
SIGNED = "('approved', 'rejected', 'in_progress', 'completed', 'rolled_back')"
MOVES_ON = "('approved', 'in_progress', 'completed', 'rolled_back', 'cancelled')"
FIXED = [
    "id", "uuid", "organization_id", "number", "title", "description", "reason", "risk",
    "risk_notes", "systems", "rollback_plan", "starts_at", "ends_at",
    "emergency_justification", "clashes", "approved_sha256", "created_by_id",
    "submitted_at", "decided_at", "created_at",
]
# The columns that may change after approval (PostgreSQL compares the rest).
FREE = ["status", "updated_at", "started_at", "finished_at", "execution_notes", "check_result",
        "check_notes", "checked_at", "checked_by_id"]
SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FIXED)
SITES_OF_SIGNED = "(SELECT status FROM collab_changerequest WHERE id = {}.change_id) IN " + SIGNED

SQLITE = [
    f"""CREATE TRIGGER collab_change_signed_update BEFORE UPDATE ON collab_changerequest
    WHEN OLD.status IN {SIGNED} AND (
        OLD.status = 'rejected' OR NEW.status NOT IN {MOVES_ON} OR NOT ({SAME}))
    BEGIN SELECT RAISE(ABORT, 'collab_changerequest: an approved change cannot be changed'); END""",
    f"""CREATE TRIGGER collab_change_signed_delete BEFORE DELETE ON collab_changerequest
    WHEN OLD.status IN {SIGNED}
    BEGIN SELECT RAISE(ABORT, 'collab_changerequest: an approved change cannot be deleted'); END""",
    f"""CREATE TRIGGER collab_changesite_signed_insert BEFORE INSERT ON collab_changesite
    WHEN {SITES_OF_SIGNED.format("NEW")}
    BEGIN SELECT RAISE(ABORT, 'collab_changesite: the change is approved'); END""",
    f"""CREATE TRIGGER collab_changesite_signed_update BEFORE UPDATE ON collab_changesite
    WHEN {SITES_OF_SIGNED.format("OLD")} OR {SITES_OF_SIGNED.format("NEW")}
    BEGIN SELECT RAISE(ABORT, 'collab_changesite: the change is approved'); END""",
    f"""CREATE TRIGGER collab_changesite_signed_delete BEFORE DELETE ON collab_changesite
    WHEN {SITES_OF_SIGNED.format("OLD")}
    BEGIN SELECT RAISE(ABORT, 'collab_changesite: the change is approved'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "collab_change_signed_update",
        "collab_change_signed_delete",
        "collab_changesite_signed_insert",
        "collab_changesite_signed_update",
        "collab_changesite_signed_delete",
    )
]
REFUSE = "RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = 'integrity_constraint_violation'"
FREE_KEYS = " - ".join(f"'{c}'" for c in FREE)
POSTGRES = [
    f"""CREATE FUNCTION collab_change_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE msg text := 'collab_changerequest: an approved change cannot be changed or deleted';
    BEGIN
        IF OLD.status IN {SIGNED} THEN
            IF TG_OP = 'DELETE' OR OLD.status = 'rejected' OR NEW.status NOT IN {MOVES_ON}
                OR to_jsonb(NEW) - {FREE_KEYS} <> to_jsonb(OLD) - {FREE_KEYS} THEN
                {REFUSE};
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER collab_change_signed BEFORE UPDATE OR DELETE ON collab_changerequest
    FOR EACH ROW EXECUTE FUNCTION collab_change_signed()""",
    f"""CREATE FUNCTION collab_changesite_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE msg text := 'collab_changesite: the change is approved';
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND
            (SELECT status FROM collab_changerequest WHERE id = OLD.change_id) IN {SIGNED} THEN
            {REFUSE};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND
            (SELECT status FROM collab_changerequest WHERE id = NEW.change_id) IN {SIGNED} THEN
            {REFUSE};
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER collab_changesite_signed BEFORE INSERT OR UPDATE OR DELETE
    ON collab_changesite FOR EACH ROW EXECUTE FUNCTION collab_changesite_signed()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS collab_changesite_signed ON collab_changesite",
    "DROP FUNCTION IF EXISTS collab_changesite_signed()",
    "DROP TRIGGER IF EXISTS collab_change_signed ON collab_changerequest",
    "DROP FUNCTION IF EXISTS collab_change_signed()",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("collab", "0003_change_requests")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
