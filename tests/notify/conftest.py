from __future__ import annotations

import pytest

from tests.servers import smtp_server as _smtp_server


@pytest.fixture
def smtp_server(settings):
    with _smtp_server() as (inbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        yield inbox
