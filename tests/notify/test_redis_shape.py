"""The scale-out shape: with REDIS_URL set, Huey and the cache use a real Redis."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import redis

# `make test` runs the SQLite and the PostgreSQL suites at the same time: each
# flushes its own Redis database, never the other's.
_DB = 14 if os.environ.get("DATABASE_URL", "").startswith("postgres") else 15
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{_DB}")

SCRIPT = """
import django, os
django.setup()
from django.conf import settings
from django.core.cache import cache
from huey.contrib.djhuey import HUEY
from tandem.notify.tasks import deliver_message
assert type(HUEY).__name__ == "RedisHuey", type(HUEY)
HUEY.flush()
deliver_message(424242)  # enqueued in Redis, not run
assert HUEY.pending_count() == 1
task = HUEY.dequeue()
assert task.args == (424242,)
cache.set("tandem-probe", "ok", 30)
assert cache.get("tandem-probe") == "ok"
print("redis shape ok")
"""


@pytest.fixture
def redis_server():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # .ci/ensure-services starts it; a dev machine may not
        pytest.fail(f"Redis is not running at {REDIS_URL}: {exc}")
    yield client
    client.flushdb()


def test_jobs_and_the_cache_go_through_redis_when_redis_url_is_set(redis_server, tmp_path):
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "tandem.settings",
        "TANDEM_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "redis shape ok" in result.stdout
