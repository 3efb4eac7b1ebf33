"""What the in-process benchmarks share: Django set up on a throw-away
SQLite database, or on a PostgreSQL database emptied for the run."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def setup(db: str, name: str, *, redis: bool = False) -> None:
    """Django on `db` ("sqlite" or "postgres"). With PostgreSQL the database
    is `tandem_bench_<name>` (or $BENCH_POSTGRES_URL), emptied; `redis`: the
    scale-out shape, with the worker's queue in Redis (or $BENCH_REDIS_URL),
    flushed."""
    here = Path(__file__).resolve().parent
    sys.path[:0] = [str(here.parent / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    if db == "sqlite":
        os.environ["TANDEM_VAR_DIR"] = tempfile.mkdtemp(prefix=f"tandem-bench-{name}-")
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/tandem_bench_{name}"
        )
        if redis:
            os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    import django

    django.setup()
    if db == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        if redis:
            import redis as redis_client

            redis_client.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
