"""Real servers the tests talk to: an SMTP server (aiosmtpd) that keeps what
it receives, Dovecot for IMAP, and a local OAuth2 token endpoint."""

from __future__ import annotations

import imaplib
import json
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller


class Inbox:
    """A real SMTP server's handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.delay = 0.0
        self.got_data = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.got_data.set()
        if self.delay:
            time.sleep(self.delay)  # a stalled server: the client waits for the 250
        self.messages.append(envelope.original_content)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class TokenEndpoint:
    """A local OAuth2 provider: the token endpoint (refresh grant, rotating
    the refresh token) Tandem calls, and the introspection endpoint Dovecot
    asks (RFC 7662) whether an access token is valid and whose it is."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.refresh_token = "refresh-1"
        self.issued: list[str] = []
        self.refreshes = 0
        self.introspections = 0
        self.codes: list[dict] = []
        self.port = free_port()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                if self.path == "/token" and form.get("grant_type") == ["authorization_code"]:
                    if form.get("code") != ["good-code"]:
                        self._answer(400, {"error": "invalid_grant"})
                        return
                    endpoint.codes.append(form)
                    self._answer(
                        200,
                        {
                            "access_token": "access-from-code",
                            "expires_in": 3600,
                            "refresh_token": endpoint.refresh_token,
                        },
                    )
                    endpoint.issued.append("access-from-code")
                elif self.path == "/token":
                    if form.get("refresh_token") != [endpoint.refresh_token]:
                        self._answer(400, {"error": "invalid_grant"})
                        return
                    endpoint.refreshes += 1
                    token = f"access-{endpoint.refreshes}"
                    endpoint.issued.append(token)
                    endpoint.refresh_token = f"refresh-{endpoint.refreshes + 1}"
                    self._answer(
                        200,
                        {
                            "access_token": token,
                            "expires_in": 3600,
                            "refresh_token": endpoint.refresh_token,
                        },
                    )
                elif self.path == "/introspect":
                    endpoint.introspections += 1
                    token = (form.get("token") or [""])[0]
                    if token in endpoint.issued:
                        self._answer(200, {"active": "true", "username": endpoint.username})
                    else:
                        self._answer(200, {"active": "false"})
                else:
                    self._answer(404, {})

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


DOVECOT_CONF = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/passwd
  mechanisms = plain login
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""

OAUTH2_CONF = """
introspection_mode = post
introspection_url = {url}/introspect
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
"""


class Dovecot:
    """Debian's Dovecot on a free port with a throwaway configuration and mail
    store (the package's own system service is not used). Mail belongs to
    `nobody`: Dovecot refuses to store mail as root."""

    BINARY = "/usr/sbin/dovecot"

    def __init__(self, users: dict[str, str], token_url: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="tdv-"))
        self.root.chmod(0o755)
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        shutil.chown(self.root / "mail", "nobody", "nogroup")
        (self.root / "passwd").write_text(
            "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in users.items())
        )
        (self.root / "oauth2.conf").write_text(OAUTH2_CONF.format(url=token_url))
        self.port = free_port()
        self.conf = self.root / "dovecot.conf"
        self.conf.write_text(DOVECOT_CONF.format(root=self.root, port=self.port))
        self.process = subprocess.Popen(
            [self.BINARY, "-F", "-c", str(self.conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        log = (
            (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
        )
        raise RuntimeError(f"Dovecot did not start: {log[-2000:]}")

    def imap(self, user: str, password: str) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port)
        client.login(user, password)
        return client

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)
