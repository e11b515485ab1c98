"""A crowd booking one date: MEMBERS signed-in members ask for a place on the same date at the
same moment, over HTTP, against uvicorn with 2 worker processes on PostgreSQL. Three rounds, a
fresh date each. Per round: errors (status >= 500 or no answer), places confirmed (must equal the
capacity), waiting-list places (positions 1..n, no gap, no duplicate, in the order the database
committed them), wall time and latency, and the most connections PostgreSQL saw at once.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/crowd.py

What it shows is chosen by the environment, as the server is:
    DATABASE_POOL=0                    no pool (a connection per request), to compare
    DATABASE_POOL_MAX_SIZE=...         the pool's size per worker process (default 10)
    BENCH_CROWD_CONNECTION_LIMIT=25    the server's role may hold at most 25 connections (a
                                       tight max_connections, without restarting PostgreSQL)

It creates (dropping first) the database `alongside_bench_crowd` and the role
`alongside_bench_crowd` that the server connects as; the database named in DATABASE_URL is only
used to connect. Prints a table and one JSON line.
"""

import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and would shadow the events app.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.serving import fresh_database, prepare_site, serve, site_env  # noqa: E402

BENCH_DATABASE = "alongside_bench_crowd"
BENCH_ROLE = "alongside_bench_crowd"
MEMBERS = int(os.environ.get("BENCH_CROWD_MEMBERS", "100"))
PLACES = int(os.environ.get("BENCH_CROWD_PLACES", "30"))
WORKERS = 2
ROUNDS = 3
TIMEOUT = 60.0  # seconds a client waits for its answer


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/crowd.py measures PostgreSQL only. Set DATABASE_URL to a PostgreSQL server, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
            file=sys.stderr,
        )
        return 2
    limit = int(os.environ.get("BENCH_CROWD_CONNECTION_LIMIT", "-1"))
    admin_url = fresh_database(url, BENCH_DATABASE)
    server_url = _server_role(admin_url, limit)
    env = site_env(server_url, "bench.settings_events")
    prepare_site(env)
    # This process reads and seeds as the superuser: its connection is not the server's.
    os.environ.update({**env, "DATABASE_URL": admin_url, "DATABASE_POOL": "0"})
    import django

    django.setup()
    from django.db import connection

    max_connections = int(_scalar(admin_url, "SHOW max_connections"))
    event, tokens = _seed()
    connection.close()
    log_path = Path(tempfile.gettempdir()) / f"bench-crowd-{os.getpid()}.log"
    with log_path.open("w") as log:
        server, port = _serve(env, log)
        try:
            _warm_up(port, tokens)
            rounds = [_round(n, port, event, tokens, admin_url) for n in range(1, ROUNDS + 1)]
        finally:
            server.terminate()
            server.wait(timeout=20)
    results = {
        "database": "postgresql",
        "max_connections": max_connections,
        "role_connection_limit": limit,
        "pool": _pool_description(env),
        "uvicorn_workers": WORKERS,
        "members": MEMBERS,
        "places": PLACES,
        "server_log": str(log_path),
        "server_errors_logged": _errors_logged(log_path),
        "rounds": rounds,
    }
    _print(results)
    print(json.dumps({"bench": "crowd", **results}))
    return 0


def _server_role(admin_url: str, limit: int) -> str:
    """A role of its own for the server: PostgreSQL does not apply a connection limit to a
    superuser, and a role's limit can be changed without restarting the server."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", [BENCH_ROLE]
        ).fetchone()
        verb = "ALTER" if exists else "CREATE"
        connection.execute(f"{verb} ROLE {BENCH_ROLE} LOGIN CONNECTION LIMIT {int(limit)}")
        connection.execute(f"ALTER DATABASE {BENCH_DATABASE} OWNER TO {BENCH_ROLE}")
        connection.execute(f"ALTER SCHEMA public OWNER TO {BENCH_ROLE}")
    parts = urllib.parse.urlsplit(admin_url)
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{BENCH_ROLE}@{host}"))


def _scalar(url: str, sql: str):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(sql).fetchone()[0]


def _pool_description(env: dict) -> str:
    if env.get("DATABASE_POOL", "1").strip().lower() in {"0", "false", "no", "off"}:
        return "off"
    size = env.get("DATABASE_POOL_MAX_SIZE", "10")
    wait = env.get("DATABASE_POOL_TIMEOUT", "10")
    return f"max {size} per worker, wait up to {wait} s"


def _seed():
    from rest_framework.authtoken.models import Token

    from community.models import Membership, Organisation, User
    from events.models import Event

    organisation = Organisation.objects.create(name="Crowd", slug="crowd", verified=True)
    staff = User.objects.create_user("staff@crowd.example", display_name="Staff")
    Membership.objects.create(person=staff, organisation=organisation, role="staff")
    event = Event.objects.create(
        organisation=organisation, title="Popular workshop", slug="popular", status="published"
    )
    members = User.objects.bulk_create(
        User(email=f"member{n}@crowd.example", display_name=f"Member {n}") for n in range(MEMBERS)
    )
    tokens = Token.objects.bulk_create(
        Token(user=member, key=Token.generate_key()) for member in members
    )
    return event, [token.key for token in tokens]


def _new_date(event, number: int):
    from django.utils import timezone

    from events.models import Occurrence

    start = timezone.now() + datetime.timedelta(days=7 + number)
    return Occurrence.objects.create(
        event=event,
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=PLACES,
        last_modified=timezone.now(),
    )


def _serve(env: dict, log) -> tuple[subprocess.Popen, int]:
    """uvicorn as in production; its error log goes to a file, counted after the rounds."""
    return serve(
        env,
        workers=WORKERS,
        ready=lambda port: _request(port, "GET", "/bench/minimal/")[0] == 200,
        log=log,
    )


def _request(port: int, method: str, path: str, body=None, token: str = ""):
    connection = HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        connection.request(method, path, body=json.dumps(body) if body else None, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _warm_up(port: int, tokens: list[str]) -> None:
    """Both workers answer a signed-in request first, as a running site's would: the crowd
    meets warm processes, not their first import of every module."""
    threads = [
        threading.Thread(target=_request, args=(port, "GET", "/api/v1/bookings/", None, token))
        for token in tokens[:40]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _round(number: int, port: int, event, tokens: list[str], admin_url: str) -> dict:
    occurrence = _new_date(event, number)
    answers: list[dict] = [{} for _ in tokens]
    start_line = threading.Barrier(len(tokens) + 1)

    def member(slot: int, token: str) -> None:
        body = json.dumps({"occurrence": occurrence.pk, "wait_if_full": True})
        headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}
        connection = HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            connection.connect()  # connected before the start, so all ask at once
            start_line.wait()
            sent = time.perf_counter()
            connection.request("POST", "/api/v1/bookings/", body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            answers[slot] = {
                "status": response.status,
                "seconds": time.perf_counter() - sent,
                "body": _json_or_text(content, response.getheader("Content-Type", "")),
            }
        except OSError as error:
            answers[slot] = {"status": 0, "seconds": None, "body": repr(error)}
        finally:
            connection.close()

    peak = _PeakConnections(admin_url)
    threads = [threading.Thread(target=member, args=(n, t)) for n, t in enumerate(tokens)]
    for thread in threads:
        thread.start()
    peak.start()
    start_line.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    peak.stop()
    return {"round": number, **_tally(answers, occurrence), "wall_seconds": round(wall, 3),
            **_latency(answers), "peak_server_connections": peak.most}  # fmt: skip


def _json_or_text(content: bytes, content_type: str):
    if content_type.startswith("application/json"):
        return json.loads(content)
    return content[:80].decode(errors="replace")


def _tally(answers: list[dict], occurrence) -> dict:
    from events.models import Booking, WaitingListEntry

    statuses = [answer["status"] for answer in answers]
    outcomes = [a["body"].get("outcome") for a in answers if a["status"] == 201]
    errors = [a for a in answers if a["status"] == 0 or a["status"] >= 500]
    bookings = list(
        Booking.objects.filter(occurrence=occurrence, status="confirmed").values_list(
            "created", "person_id"
        )
    )
    waiting = list(
        WaitingListEntry.objects.filter(occurrence=occurrence, status="waiting")
        .order_by("position")
        .values_list("position", "created", "person_id")
    )
    positions = [position for position, _, _ in waiting]
    waited_at = [created for _, created, _ in waiting]
    people = [p for _, p in bookings] + [p for _, _, p in waiting]
    queue_answers = sorted(
        a["body"]["waiting"]["place_in_queue"]
        for a in answers
        if a["status"] == 201 and a["body"].get("outcome") == "waiting"
    )
    in_commit_order = (
        positions == list(range(1, len(waiting) + 1))
        and waited_at == sorted(waited_at)
        and (not bookings or not waiting or max(c for c, _ in bookings) <= waited_at[0])
    )
    return {
        "requests": len(answers),
        "errors": len(errors),
        "first_error": (errors[0]["status"], str(errors[0]["body"])[:120]) if errors else None,
        "other_statuses": sorted({s for s in statuses if 0 < s < 500 and s != 201}),
        "answered_booked": outcomes.count("booked"),
        "answered_waiting": outcomes.count("waiting"),
        "confirmed": len(bookings),
        "confirmed_equals_capacity": len(bookings) == occurrence.capacity,
        "waiting": len(waiting),
        "waiting_in_commit_order": in_commit_order,
        "queue_answers_match": queue_answers == positions,
        "everyone_once": sorted(people) == sorted(set(people)) and len(people) == len(answers),
    }


def _latency(answers: list[dict]) -> dict:
    seconds = sorted(a["seconds"] for a in answers if a["seconds"] is not None)
    if len(seconds) < 2:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    cuts = statistics.quantiles(seconds, n=100)
    return {
        "p50_ms": round(statistics.median(seconds) * 1000),
        "p95_ms": round(cuts[94] * 1000),
        "max_ms": round(seconds[-1] * 1000),
    }


class _PeakConnections:
    """Samples how many connections the server's role holds, every 20 ms, during a round."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.most = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            while not self._stop.is_set():
                count = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", [BENCH_ROLE]
                ).fetchone()[0]
                self.most = max(self.most, count)
                time.sleep(0.02)


def _errors_logged(path: Path) -> dict:
    text = path.read_text(errors="replace")
    lines = [line for line in text.splitlines() if "Error" in line and not line.startswith(" ")]
    return {"tracebacks": text.count("Traceback"), "last": lines[-1][:160] if lines else None}


def _print(results: dict) -> None:
    print(
        f"PostgreSQL (max_connections {results['max_connections']}, server role limit "
        f"{results['role_connection_limit']}); uvicorn workers: {WORKERS}; pool: "
        f"{results['pool']}; {MEMBERS} members book one date of {PLACES} places at once"
    )
    columns = [
        ("round", "round"), ("requests", "requests"), ("errors", "errors"),
        ("201 booked", "answered_booked"), ("201 waiting", "answered_waiting"),
        ("confirmed", "confirmed"), ("= capacity", "confirmed_equals_capacity"),
        ("waiting", "waiting"), ("in order", "waiting_in_commit_order"),
        ("wall s", "wall_seconds"), ("p50 ms", "p50_ms"), ("p95 ms", "p95_ms"),
        ("peak conns", "peak_server_connections"),
    ]  # fmt: skip
    print("  ".join(f"{title:>10}" for title, _ in columns))
    for row in results["rounds"]:
        print("  ".join(f"{str(row[key]):>10}" for _, key in columns))
        if row["errors"] or row["other_statuses"]:
            print(f"    first error: {row['first_error']}; other statuses: {row['other_statuses']}")
    logged = results["server_errors_logged"]
    print(f"server log: {logged['tracebacks']} tracebacks ({results['server_log']})")
    if logged["last"]:
        print(f"    last: {logged['last']}")


if __name__ == "__main__":
    sys.exit(main())
