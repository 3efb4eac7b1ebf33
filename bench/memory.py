"""Memory benchmark: RSS of one gunicorn sync worker that has served a sign-in and a few pages.

Budget (from the issue): "A web worker that has served a sign-in and a few pages stays
under 120 MB RSS". This script:

1. creates a throw-away data directory (TANDEM_VAR_DIR, SQLite), migrates it, creates the
   cache table and seeds the demo (1 provider, 4 staff, 3 practices, 13 people);
2. N times: starts `python -m gunicorn tandem.wsgi:application --workers 1` on a free port,
   signs in as the demo practice admin with a real HTTP client (cookie jar, CSRF token taken
   from the login form), fetches a few pages, and reads the worker's VmRSS (and VmHWM, the
   peak) from /proc after the sign-in and after the pages; then stops the server;
3. measures a baseline in the same run: the RSS of a bare `python -c "import django"`;
4. prints medians and maxima, and exits 1 if the median RSS after the pages, or the
   highest peak (VmHWM), is over budget.

Run it with `make bench` or `.venv/bin/python bench/memory.py`. Linux only (/proc).
MB here is 10**6 bytes; /proc reports KiB.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import html.parser
import http.cookiejar
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUDGET_MB = 120.0
EMAIL = "maria.manager@riverside.example"
PASSWORD = "tandem-demo-2026"
PAGES = ["/", "/clients/riverside/", "/audit/", "/api/v1/me", "/api/v1/people"]
BOOT_TIMEOUT = 30.0
HTTP_TIMEOUT = 20.0


class BenchError(RuntimeError):
    """The benchmark could not run (not: the budget was exceeded)."""


# /proc -----------------------------------------------------------------------


def proc_status_kib(pid: int, key: str) -> int:
    """A `VmRSS`-style field of /proc/<pid>/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise BenchError(f"{key} not found for pid {pid}")


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def mb(kib: float) -> float:
    return kib * 1024 / 1_000_000


# Processes -------------------------------------------------------------------

_running: list[subprocess.Popen[bytes]] = []


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process group we started: TERM, then KILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    else:
        # The leader is gone; make sure no orphaned worker of its group survives.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    if proc in _running:
        _running.remove(proc)


def stop_all() -> None:
    for proc in list(_running):
        stop(proc)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _die_with_parent() -> None:
    """In the child, before exec: get SIGTERM if this script dies, even by SIGKILL."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def bench_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The embedded shape: SQLite in the throw-away directory, nothing external.
    for name in ("DATABASE_URL", "REDIS_URL", "TANDEM_PRODUCTION", "DEBUG", "SECRET_KEY"):
        env.pop(name, None)
        env.pop(f"{name}_FILE", None)
    env.update(
        TANDEM_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="tandem.settings",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [PYTHON, "-m", "tandem.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"tandem {' '.join(args)} failed:\n{result.stdout}{result.stderr}")


# HTTP ------------------------------------------------------------------------


class _CsrfField(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.token = self.token or values.get("value")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # hand the 3xx back to the caller


class Client:
    """A browser-like client: one cookie jar, no automatic redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(req, timeout=HTTP_TIMEOUT) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:  # 3xx (not followed) and 4xx/5xx
            with exc:
                return exc.code, dict(exc.headers), exc.read()

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


def expect_ok(client: Client, path: str) -> bytes:
    status, _headers, body = client.request(path)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}: {body[:300]!r}")
    return body


def sign_in(client: Client) -> float:
    """Sign in through the real login form; returns the POST's latency in seconds."""
    form = expect_ok(client, "/accounts/login/")
    parser = _CsrfField()
    parser.feed(form.decode())
    if not parser.token:
        raise BenchError("no csrfmiddlewaretoken in the login form")
    fields = {"login": EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": parser.token}
    started = time.perf_counter()
    status, headers, body = client.request(
        "/accounts/login/", data=fields, headers={"Referer": client.base + "/accounts/login/"}
    )
    latency = time.perf_counter() - started
    if status != 302 or client.cookie("sessionid") is None:
        raise BenchError(f"sign-in failed: {status} {headers.get('Location')} {body[:300]!r}")
    return latency


# One server start ------------------------------------------------------------


@dataclass
class Run:
    boot_kib: int = 0
    signin_kib: int = 0
    pages_kib: int = 0
    peak_kib: int = 0
    master_kib: int = 0
    signin_seconds: float = 0.0
    page_seconds: dict[str, float] = field(default_factory=dict)
    page_errors: dict[str, int] = field(default_factory=dict)


@contextlib.contextmanager
def server(env: dict[str, str], work: Path, index: int) -> Iterator[tuple[str, int]]:
    port = free_port()
    log_path = work / f"gunicorn-{index}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "tandem.wsgi:application",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
                # Keep gunicorn's control socket out of $HOME (and away from other servers).
                "--control-socket",
                str(work / f"gunicorn-{index}.ctl"),
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() takes the worker too
            preexec_fn=_die_with_parent,
        )
    _running.append(proc)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + BOOT_TIMEOUT
        while True:
            if proc.poll() is not None:
                raise BenchError(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text()}")
            workers = children_of(proc.pid)
            if workers:
                with contextlib.suppress(OSError):
                    status, _h, _b = Client(base).request("/healthz")
                    if status == 200:
                        break
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer in {BOOT_TIMEOUT:.0f}s")
            time.sleep(0.1)
        workers = children_of(proc.pid)
        if len(workers) != 1:
            raise BenchError(f"expected one gunicorn worker, found {workers}")
        yield base, workers[0]
        if proc.poll() is not None:
            raise BenchError(f"gunicorn died during the run:\n{log_path.read_text()}")
    finally:
        stop(proc)


def one_run(env: dict[str, str], work: Path, index: int) -> Run:
    run = Run()
    with server(env, work, index) as (base, worker):
        run.boot_kib = proc_status_kib(worker, "VmRSS")
        client = Client(base)
        run.signin_seconds = sign_in(client)
        run.signin_kib = proc_status_kib(worker, "VmRSS")
        for path in PAGES:
            started = time.perf_counter()
            status, _headers, _body = client.request(path)
            run.page_seconds[path] = time.perf_counter() - started
            if status != 200:
                # Still measured (the worker served it), but the run is reported as broken.
                run.page_errors[path] = status
        run.pages_kib = proc_status_kib(worker, "VmRSS")
        run.peak_kib = proc_status_kib(worker, "VmHWM")
        master = Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[1]
        run.master_kib = proc_status_kib(int(master), "VmRSS")
    return run


def baseline_kib(env: dict[str, str]) -> int:
    """RSS of a bare interpreter that has imported django (held open to be measured)."""
    proc = subprocess.Popen(
        [PYTHON, "-c", "import django, sys; print('ready', flush=True); sys.stdin.read()"],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    _running.append(proc)
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != b"ready":
            raise BenchError("the baseline process did not start")
        return proc_status_kib(proc.pid, "VmRSS")
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        stop(proc)


# Main ------------------------------------------------------------------------


def summary(name: str, values: list[float], unit: str, fmt: str = "{:.1f}") -> str:
    med, top = statistics.median(values), max(values)
    return f"  {name:<36} median {fmt.format(med):>7} {unit}   max {fmt.format(top):>7} {unit}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-n", "--runs", type=int, default=5, help="fresh server starts (5)")
    parser.add_argument("--budget-mb", type=float, default=BUDGET_MB, help="median limit (120)")
    parser.add_argument("--keep", action="store_true", help="keep the data directory and logs")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if not Path("/proc/self/status").exists():
        print("bench/memory.py reads /proc: run it on Linux.", file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGHUP, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    work = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    started = time.monotonic()
    try:
        env = bench_env(work / "var")
        print(f"Tandem memory benchmark: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
        print(
            f"  python {platform.python_version()}, {os.cpu_count()} cores, "
            f"{platform.system()} {platform.release()}; data in {work / 'var'}"
        )
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "demo")
        print(f"  set up (migrate, createcachetable, demo) in {time.monotonic() - started:.1f}s")

        runs: list[Run] = []
        bases: list[int] = []
        print(f"\n  worker RSS over {args.runs} fresh server starts:")
        print("  run   boot MB  sign-in MB  pages MB  peak MB  sign-in s")
        for index in range(1, args.runs + 1):
            run = one_run(env, work, index)
            runs.append(run)
            bases.append(baseline_kib(env))
            print(
                f"  {index:>3}  {mb(run.boot_kib):8.1f}  {mb(run.signin_kib):10.1f}"
                f"  {mb(run.pages_kib):8.1f}  {mb(run.peak_kib):7.1f}  {run.signin_seconds:9.3f}"
            )
    except BenchError as exc:
        print(f"\nbench/memory.py could not run: {exc}", file=sys.stderr)
        return 2
    finally:
        stop_all()
        if args.keep:
            print(f"  kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    pages = [mb(r.pages_kib) for r in runs]
    base_med = statistics.median(mb(b) for b in bases)
    pages_med = statistics.median(pages)
    print(f"\nWorker RSS ({len(runs)} fresh starts, {', '.join(PAGES)}):")
    print(summary("after boot (healthz)", [mb(r.boot_kib) for r in runs], "MB"))
    print(summary("after sign-in", [mb(r.signin_kib) for r in runs], "MB"))
    print(summary("after sign-in + pages", pages, "MB"))
    print(summary("peak (VmHWM)", [mb(r.peak_kib) for r in runs], "MB"))
    print(summary("gunicorn master (not budgeted)", [mb(r.master_kib) for r in runs], "MB"))
    print(summary("baseline: python -c 'import django'", [mb(b) for b in bases], "MB"))
    print(f"  ratio, median worker after pages / median baseline: {pages_med / base_med:.2f}x")
    print("Latency:")
    signins = [r.signin_seconds for r in runs]
    print(summary("sign-in (POST /accounts/login/)", signins, "s", "{:.3f}"))
    for path in PAGES:
        print(summary(f"GET {path}", [r.page_seconds[path] for r in runs], "s", "{:.3f}"))
    print(f"  total time {time.monotonic() - started:.1f}s")

    errors = sorted({(path, code) for r in runs for path, code in r.page_errors.items()})
    if errors:
        shown = ", ".join(f"{path} answered {code}" for path, code in errors)
        print(f"\nbench/memory.py: pages failed ({shown}); the figures are not valid.")
        return 2
    # "Stays under" the budget: the peak (VmHWM, reached while Argon2 hashes the
    # sign-in password) must be under it too, not only the RSS after the pages.
    peak_max = max(mb(r.peak_kib) for r in runs)
    ok = pages_med <= args.budget_mb and peak_max <= args.budget_mb
    print(
        f"\n{'within' if ok else 'OVER'} budget: median worker RSS after sign-in + pages "
        f"{pages_med:.1f} MB, highest peak {peak_max:.1f} MB (budget {args.budget_mb:.0f} MB)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
