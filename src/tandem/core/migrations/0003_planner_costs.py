"""PostgreSQL: plan for a database that is in memory or on SSD.

PostgreSQL's default random_page_cost (4) is made for spinning disks: with it,
the planner prefers reading a whole table to a thousand index lookups, and a
search for a word in 1% of 100,000 requests scanned every request (25 ms of
CPU; with 1.1, 8 ms: docs/performance.md). And no parallel workers for one
query: the desk serves many small queries at once, and a parallel plan spends
a second core on one of them (on a 2-core machine, the core another request
was waiting for). Set for this database only, so other databases on the
server keep theirs; a DBA can override them with ALTER DATABASE ... SET."""

from django.db import migrations


def apply(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        name = schema_editor.connection.ops.quote_name(schema_editor.connection.settings_dict["NAME"])
        schema_editor.execute(f"ALTER DATABASE {name} SET random_page_cost = 1.1")
        schema_editor.execute(f"ALTER DATABASE {name} SET max_parallel_workers_per_gather = 0")


def revert(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        name = schema_editor.connection.ops.quote_name(schema_editor.connection.settings_dict["NAME"])
        schema_editor.execute(f"ALTER DATABASE {name} RESET random_page_cost")
        schema_editor.execute(f"ALTER DATABASE {name} RESET max_parallel_workers_per_gather")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_links")]

    operations = [migrations.RunPython(apply, revert)]
