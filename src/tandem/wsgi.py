import os
import sys

from django.core.wsgi import get_wsgi_application


def _skip_unused_drivers() -> None:
    """Huey's storage module imports redis and psycopg whenever they are
    installed (~24 MB per process). A web worker of the embedded shape uses
    neither, so mark them absent before anything imports them."""
    if not os.environ.get("REDIS_URL"):
        sys.modules.setdefault("redis", None)  # type: ignore[arg-type]
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql")):
        sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]


_skip_unused_drivers()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
application = get_wsgi_application()
