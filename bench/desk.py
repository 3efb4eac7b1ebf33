"""Desk benchmark: the staff queue, a request's page and API creates, over
HTTP against gunicorn with 2 workers and 8 concurrent clients, on SQLite and
on PostgreSQL, with N requests of 3 to 5 messages each.

A floor phase measures a signed-in GET /healthz (the middleware stack, the
session and the user, no page, no query of its own) under the same load: it
is what this machine can serve at best, and the pages are quoted against it.

Budgets (from the desk issue):
- staff queue, first page: p99 <= 50 ms;
- request page (a page of its messages): p50 <= 15 ms;
- create through the API (request, first message, audit event, notice and
  outbox row in one transaction): >= 40% of the throughput of a bare Django
  view that inserts one row, measured in the same run.

And from the search issue:
- search for a word present in ~1% of the requests, on the staff's requests
  page (every queue, ranked, the first 50 rendered): p99 <= 150 ms; the same
  through the API (`GET /api/v1/requests?q=`) is reported alongside.

For each database: a throw-away data directory (and, for PostgreSQL, a
throw-away database), `migrate`, `tandem demo`, then bench/desk_seed.py
bulk-inserts the requests. gunicorn (2 sync workers) serves the product with
bench_settings (the product's settings plus the baseline view). 8 client
processes, each with its own connection per request (sync workers close
after each response), run each phase for a fixed number of requests.

    .venv/bin/python bench/desk.py                      # both databases, 100k requests
    .venv/bin/python bench/desk.py --db sqlite -n 20000 # quicker

Prints the figures and exits 1 if a budget is missed, 2 if it could not
measure. Each phase's first round warms the workers and is not counted.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import (
    PYTHON,
    ROOT,
    BenchError,
    _die_with_parent,
    _running,
    _terminate,
    bench_env,
    free_port,
    manage,
    stop,
    stop_all,
)

CLIENTS = 8
WORKERS = 2
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
BUDGET_QUEUE_P99_MS = 50.0
BUDGET_DETAIL_P50_MS = 15.0
BUDGET_CREATE_RATIO = 0.40
BUDGET_SEARCH_P99_MS = 150.0
PHASES = ("floor", "queue", "search", "search_api", "detail", "baseline", "create")
PER_CLIENT = {"floor": 60, "queue": 40, "search": 40, "search_api": 40, "detail": 60,
              "baseline": 60, "create": 40}  # fmt: skip


def _one(base: tuple[str, int], method: str, path: str, headers: dict[str, str], body: bytes):
    conn = http.client.HTTPConnection(*base, timeout=30)
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status >= 400:
        raise BenchError(f"{method} {path}: {response.status} {body[:300]!r}")
    return response.status, elapsed


def _client(args: tuple) -> list[float]:
    """One client process: `count` requests of one kind; latencies in seconds."""
    base, kind, count, ctx, seed = args
    rng = random.Random(seed)
    cookie = {"Cookie": f"sessionid={ctx['session']}"}
    latencies = []
    for _ in range(count):
        if kind == "queue":
            status, t = _one(base, "GET", "/requests/?queue=active", cookie, b"")
            expected = 200
        elif kind == "detail":
            ref = rng.choice(ctx["refs"])
            status, t = _one(base, "GET", f"/requests/{ref}/", cookie, b"")
            expected = 200
        elif kind == "search":
            word = rng.choice(ctx["words"])
            status, t = _one(base, "GET", f"/requests/?queue=all&q={word}", cookie, b"")
            expected = 200
        elif kind == "search_api":
            word = rng.choice(ctx["words"])
            auth = {"Authorization": f"Bearer {ctx['token']}"}
            status, t = _one(base, "GET", f"/api/v1/requests?q={word}", auth, b"")
            expected = 200
        elif kind == "floor":
            status, t = _one(base, "GET", "/healthz", cookie, b"")
            expected = 200
        elif kind == "baseline":
            status, t = _one(base, "POST", "/bench/insert/", {}, b"one row")
            expected = 201
        else:
            body = json.dumps(
                {
                    "organization": "riverside",
                    "subject": "Printer offline",
                    "body": "The reception printer is offline.",
                    "category": "devices",
                    "impact": "person_blocked",
                    "requester": ctx["requester"],
                }
            ).encode()
            headers = {
                "Authorization": f"Bearer {ctx['token']}",
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            }
            status, t = _one(base, "POST", "/api/v1/requests", headers, body)
            expected = 201
        if status != expected:
            raise BenchError(f"{kind}: answered {status}, expected {expected}")
        latencies.append(t)
    return latencies


def phase(pool, base, kind: str, per_client: int, ctx: dict) -> tuple[list[float], float]:
    """All clients at once; (latencies, requests per second over the phase)."""
    jobs = [(base, kind, per_client, ctx, i) for i in range(CLIENTS)]
    started = time.perf_counter()
    results = list(pool.map(_client, jobs))
    wall = time.perf_counter() - started
    latencies = [t for r in results for t in r]
    return latencies, len(latencies) / wall


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


@contextlib.contextmanager
def gunicorn(env: dict[str, str], work: Path):
    port = free_port()
    log = (work / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "tandem.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--control-socket", str(work / "g.ctl")],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=_die_with_parent,
    )  # fmt: skip
    _running.append(proc)
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise BenchError((work / "gunicorn.log").read_text())
            with contextlib.suppress(OSError):
                if _one(("127.0.0.1", port), "GET", "/healthz", {}, b"")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise BenchError("gunicorn did not start")
            time.sleep(0.2)
        yield ("127.0.0.1", port)
    finally:
        stop(proc)
        log.close()


def run_one(db: str, count: int, rounds: int, phases: tuple[str, ...]) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix=f"tandem-desk-bench-{db}-"))
    env = bench_env(work / "var")
    env["PYTHONPATH"] = f"{ROOT / 'bench'}:{ROOT / 'src'}"
    dbname = f"tandem_bench_{os.getpid()}"
    if db == "postgres":
        env["DATABASE_URL"] = PG_URL.format(name=dbname)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", dbname], check=True)
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "demo")
        seeded_at = time.perf_counter()
        seed = subprocess.run(
            [PYTHON, str(ROOT / "bench" / "desk_seed.py"), str(count)],
            env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600, check=False,
        )  # fmt: skip
        if seed.returncode != 0:
            raise BenchError(seed.stderr[-3000:])
        ctx = json.loads(seed.stdout.strip().splitlines()[-1])
        seed_seconds = time.perf_counter() - seeded_at
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        figures: dict[str, list[float]] = {}
        with gunicorn(env, work) as base, ProcessPoolExecutor(CLIENTS) as pool:
            for kind in phases:
                per_client = PER_CLIENT[kind]
                phase(pool, base, kind, 5, ctx)  # warm-up, not counted
                for _round in range(rounds):
                    latencies, rps = phase(pool, base, kind, per_client, ctx)
                    figures.setdefault(f"{kind}_p50", []).append(pct(latencies, 0.50))
                    figures.setdefault(f"{kind}_p99", []).append(pct(latencies, 0.99))
                    figures.setdefault(f"{kind}_rps", []).append(rps)
        result = {k: statistics.median(v) for k, v in figures.items()}
        if "create_rps" in result and "baseline_rps" in result:
            result["create_ratio"] = result["create_rps"] / result["baseline_rps"]
        result.update(
            db=db, requests=ctx["requests"], messages=ctx["messages"], seed_s=seed_seconds
        )
        return result
    finally:
        if db == "postgres":
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", dbname], check=False
            )


def _latency(r: dict, kind: str, label: str, note: str) -> str:
    return f"  {label:13} p50 {r[kind + '_p50']:6.1f} ms  p99 {r[kind + '_p99']:6.1f} ms  {note}"


def _vs_floor(r: dict, kind: str, q: str) -> str:
    if "floor_p50" not in r:
        return ""
    return f"; {r[f'{kind}_{q}'] / r[f'floor_{q}']:.1f}x floor"


def report(r: dict) -> str:
    lines = [
        f"{r['db']}: {r['requests']} requests, {r['messages']} messages"
        f" (seeded in {r['seed_s']:.0f} s); {CLIENTS} clients, {WORKERS} workers"
    ]
    if "floor_p50" in r:
        lines.append(_latency(r, "floor", "floor", "(a signed-in GET /healthz: no page)"))
    if "queue_p50" in r:
        note = f"(budget: p99 <= {BUDGET_QUEUE_P99_MS:.0f}{_vs_floor(r, 'queue', 'p99')})"
        lines.append(_latency(r, "queue", "staff queue", note))
    if "search_p50" in r:
        note = f"(budget: p99 <= {BUDGET_SEARCH_P99_MS:.0f}{_vs_floor(r, 'search', 'p99')})"
        lines.append(_latency(r, "search", "search page", note))
    if "search_api_p50" in r:
        lines.append(_latency(r, "search_api", "search API", "(a page of 50 as JSON)"))
    if "detail_p50" in r:
        note = f"(budget: p50 <= {BUDGET_DETAIL_P50_MS:.0f}{_vs_floor(r, 'detail', 'p50')})"
        lines.append(_latency(r, "detail", "request page", note))
    if "baseline_rps" in r:
        lines.append(
            f"  bare insert   {r['baseline_rps']:7.1f} req/s  p50 {r['baseline_p50']:.1f} ms"
        )
    if "create_ratio" in r:
        lines.append(
            f"  API create    {r['create_rps']:7.1f} req/s  p50 {r['create_p50']:.1f} ms"
            f"  = {r['create_ratio']:.0%} of the bare insert"
            f" (budget: >= {BUDGET_CREATE_RATIO:.0%})"
        )
    return "\n".join(lines)


def missed(r: dict) -> list[str]:
    checks = [
        ("queue_p99", r.get("queue_p99", 0) > BUDGET_QUEUE_P99_MS),
        ("detail_p50", r.get("detail_p50", 0) > BUDGET_DETAIL_P50_MS),
        ("search_p99", r.get("search_p99", 0) > BUDGET_SEARCH_P99_MS),
        ("create_ratio", r.get("create_ratio", 1) < BUDGET_CREATE_RATIO),
    ]
    return [name for name, over in checks if over]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("-n", "--requests", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds per phase")
    parser.add_argument(
        "--phases", default=",".join(PHASES), help=f"comma-separated, of {','.join(PHASES)}"
    )
    args = parser.parse_args(argv)
    phases = tuple(p for p in args.phases.split(",") if p)
    if not phases or set(phases) - set(PHASES):
        parser.error(f"--phases: choose among {','.join(PHASES)}")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _terminate)
    failed = False
    try:
        for db in ["sqlite", "postgres"] if args.db == "both" else [args.db]:
            r = run_one(db, args.requests, args.rounds, phases)
            print(report(r), flush=True)
            if missed(r):
                print(f"  missed: {', '.join(missed(r))}", flush=True)
                failed = True
    except BenchError as exc:
        print(f"could not measure: {exc}", file=sys.stderr)
        return 2
    finally:
        stop_all()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
