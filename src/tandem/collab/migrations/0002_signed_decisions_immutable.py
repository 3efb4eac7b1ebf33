from django.db import migrations

# A decision signed by both sides (agreed), or rejected, is fixed: the only
# change left is agreed -> superseded (status alone), made when a superseding
# decision is agreed. Its files are fixed with it. Deletion is refused too.
# These triggers stand behind the services: raw SQL, the shell, a bug in a
# view all meet the same refusal (an integrity error on both databases).
SIGNED = "('agreed', 'rejected', 'superseded')"
# Every column but status and updated_at, which superseding may change.
FIXED = [
    "id", "uuid", "organization_id", "number", "title", "context", "options", "recommended",
    "practice_position", "provider_position", "discussion", "supersedes_id",
    "content_sha256", "created_by_id", "proposed_at", "decided_at", "created_at",
]
SAME = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FIXED)
FILE_OF_SIGNED = "(SELECT status FROM collab_decision WHERE id = {}.decision_id) IN " + SIGNED

SQLITE = [
    f"""CREATE TRIGGER collab_decision_signed_update BEFORE UPDATE ON collab_decision
    WHEN OLD.status IN {SIGNED}
        AND NOT (OLD.status = 'agreed' AND NEW.status = 'superseded' AND {SAME})
    BEGIN SELECT RAISE(ABORT, 'collab_decision: a signed decision cannot be changed'); END""",
    f"""CREATE TRIGGER collab_decision_signed_delete BEFORE DELETE ON collab_decision
    WHEN OLD.status IN {SIGNED}
    BEGIN SELECT RAISE(ABORT, 'collab_decision: a signed decision cannot be deleted'); END""",
    f"""CREATE TRIGGER collab_decisionfile_signed_insert BEFORE INSERT ON collab_decisionfile
    WHEN {FILE_OF_SIGNED.format("NEW")}
    BEGIN SELECT RAISE(ABORT, 'collab_decisionfile: the decision is signed'); END""",
    f"""CREATE TRIGGER collab_decisionfile_signed_update BEFORE UPDATE ON collab_decisionfile
    WHEN {FILE_OF_SIGNED.format("OLD")} OR {FILE_OF_SIGNED.format("NEW")}
    BEGIN SELECT RAISE(ABORT, 'collab_decisionfile: the decision is signed'); END""",
    f"""CREATE TRIGGER collab_decisionfile_signed_delete BEFORE DELETE ON collab_decisionfile
    WHEN {FILE_OF_SIGNED.format("OLD")}
    BEGIN SELECT RAISE(ABORT, 'collab_decisionfile: the decision is signed'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "collab_decision_signed_update",
        "collab_decision_signed_delete",
        "collab_decisionfile_signed_insert",
        "collab_decisionfile_signed_update",
        "collab_decisionfile_signed_delete",
    )
]
REFUSE = "RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = 'integrity_constraint_violation'"
POSTGRES = [
    f"""CREATE FUNCTION collab_decision_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE msg text := 'collab_decision: a signed decision cannot be changed or deleted';
    BEGIN
        IF OLD.status IN {SIGNED} THEN
            IF TG_OP = 'DELETE' OR NOT (
                OLD.status = 'agreed' AND NEW.status = 'superseded'
                AND to_jsonb(NEW) - 'status' - 'updated_at'
                    = to_jsonb(OLD) - 'status' - 'updated_at'
            ) THEN
                {REFUSE};
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER collab_decision_signed BEFORE UPDATE OR DELETE ON collab_decision
    FOR EACH ROW EXECUTE FUNCTION collab_decision_signed()""",
    f"""CREATE FUNCTION collab_decisionfile_signed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE msg text := 'collab_decisionfile: the decision is signed';
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND
            (SELECT status FROM collab_decision WHERE id = OLD.decision_id) IN {SIGNED} THEN
            {REFUSE};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND
            (SELECT status FROM collab_decision WHERE id = NEW.decision_id) IN {SIGNED} THEN
            {REFUSE};
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER collab_decisionfile_signed BEFORE INSERT OR UPDATE OR DELETE
    ON collab_decisionfile FOR EACH ROW EXECUTE FUNCTION collab_decisionfile_signed()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS collab_decisionfile_signed ON collab_decisionfile",
    "DROP FUNCTION IF EXISTS collab_decisionfile_signed()",
    "DROP TRIGGER IF EXISTS collab_decision_signed ON collab_decision",
    "DROP FUNCTION IF EXISTS collab_decision_signed()",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("collab", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
