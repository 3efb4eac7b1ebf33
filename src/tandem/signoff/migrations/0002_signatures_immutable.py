from django.db import migrations

# A signature is never changed or deleted, whatever writes to the database.
# PostgreSQL: a row trigger (TRUNCATE, which only an administrator's test
# teardown uses, is not a row event). SQLite: RAISE(ABORT) in BEFORE triggers.
# Both raise an integrity error (SQLSTATE 23000 on PostgreSQL).
SQLITE = [
    """CREATE TRIGGER signoff_signature_no_update BEFORE UPDATE ON signoff_signature
    BEGIN SELECT RAISE(ABORT, 'signoff_signature: a signature cannot be changed'); END""",
    """CREATE TRIGGER signoff_signature_no_delete BEFORE DELETE ON signoff_signature
    BEGIN SELECT RAISE(ABORT, 'signoff_signature: a signature cannot be deleted'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS signoff_signature_no_update",
    "DROP TRIGGER IF EXISTS signoff_signature_no_delete",
]
POSTGRES = [
    """CREATE FUNCTION signoff_signature_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'signoff_signature: a signature cannot be changed or deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER signoff_signature_immutable BEFORE UPDATE OR DELETE ON signoff_signature
    FOR EACH ROW EXECUTE FUNCTION signoff_signature_immutable()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS signoff_signature_immutable ON signoff_signature",
    "DROP FUNCTION IF EXISTS signoff_signature_immutable()",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("signoff", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
