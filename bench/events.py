"""Events benchmark on PostgreSQL: bookings per second with 50 concurrent clients (and the
overbooking count, which must be 0), the time to build an organisation feed of 1,000 dates, and
conditional-GET (304) requests per second on that feed against a minimal Django view served the
same way in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/events.py

It creates (dropping first) a separate database, `alongside_bench_events`, on the same server;
the database named in DATABASE_URL is only used to connect. Prints a table and one JSON line.
"""

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and would shadow the events app.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.serving import fresh_database, prepare_site, serve, site_env  # noqa: E402

BENCH_DATABASE = "alongside_bench_events"
CLIENTS = 50
BOOKERS = 1_000  # people, each making one booking request
DATES = 10  # dates they ask for, at random
PLACES = 40  # per date: 400 places for 1,000 requests, so most dates fill and queue
FEED_DATES = 1_000
FEED_BUILDS = 5
WORKERS = 1  # uvicorn worker processes, the same for both HTTP measurements
THREADS = 8  # concurrent keep-alive connections from the load generator
SECONDS = 5.0  # per round
ROUNDS = 3


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/events.py measures PostgreSQL only. Set DATABASE_URL to a PostgreSQL server, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
            file=sys.stderr,
        )
        return 2
    env = site_env(_fresh_database(url), "bench.settings_events", DATABASE_CONN_MAX_AGE="60")
    prepare_site(env)
    os.environ.update(env)
    import django

    django.setup()

    results = {"database": "postgresql", "cache": _cache_name()}
    results.update(_bookings())
    feed_slug, feed = _feed_build()
    results.update(feed)
    results.update(_conditional_gets(env, feed_slug))
    _print(results)
    print(json.dumps({"bench": "events", **results}))
    return 0


def _fresh_database(url: str) -> str:
    return fresh_database(url, BENCH_DATABASE)


def _cache_name() -> str:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _organisation(slug: str):
    from community.models import Membership, Organisation, User

    organisation = Organisation.objects.create(name=slug.title(), slug=slug, verified=True)
    staff = User.objects.create_user(f"staff@{slug}.example", display_name=f"Staff {slug}")
    Membership.objects.create(person=staff, organisation=organisation, role="staff")
    return organisation, staff


def _bookings() -> dict:
    """CLIENTS threads, each with its own connection, book for BOOKERS people at once."""
    from django.db import connections
    from django.db.models import F, Sum
    from django.utils import timezone

    from community.models import User
    from events.models import Booking, Event, Occurrence, WaitingListEntry
    from events.services.bookings import book_place

    organisation, _ = _organisation("bench-bookings")
    event = Event.objects.create(
        organisation=organisation, title="Busy workshop", slug="busy", status="published"
    )
    start = timezone.now() + datetime.timedelta(days=7)
    dates = [
        Occurrence.objects.create(
            event=event,
            start=start + datetime.timedelta(days=n),
            end=start + datetime.timedelta(days=n, hours=2),
            capacity=PLACES,
            last_modified=timezone.now(),
        )
        for n in range(DATES)
    ]
    people = User.objects.bulk_create(
        User(email=f"booker{n}@bench.example", display_name=f"Booker {n}") for n in range(BOOKERS)
    )
    random.seed(7)
    requests = [(person, random.choice(dates), random.random() < 0.2) for person in people]
    slices = [requests[n::CLIENTS] for n in range(CLIENTS)]
    errors: list[BaseException] = []
    start_line = threading.Barrier(CLIENTS + 1)

    def client(mine) -> None:
        try:
            start_line.wait()
            for person, occurrence, companion in mine:
                book_place(
                    person=person,
                    occurrence=occurrence,
                    companions=int(companion),
                    wait_if_full=True,
                )
        except BaseException as error:  # noqa: BLE001 — counted and reported
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(s,)) for s in slices]
    for thread in threads:
        thread.start()
    start_line.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{len(errors)} booking clients failed: {errors[0]!r}")

    overbooked = 0
    for occurrence in dates:
        taken = Booking.objects.filter(occurrence=occurrence, status="confirmed").aggregate(
            places=Sum(F("companions") + 1)
        )["places"]
        overbooked += max(0, (taken or 0) - occurrence.capacity)
    confirmed = Booking.objects.filter(occurrence__in=dates, status="confirmed").count()
    waiting = WaitingListEntry.objects.filter(occurrence__in=dates, status="waiting").count()
    seen = list(
        Booking.objects.filter(occurrence__in=dates, status="confirmed").values_list(
            "person_id", flat=True
        )
    ) + list(
        WaitingListEntry.objects.filter(occurrence__in=dates, status="waiting").values_list(
            "person_id", flat=True
        )
    )
    missing_or_twice = abs(len(seen) - BOOKERS) + (len(seen) - len(set(seen)))
    return {
        "booking_clients": CLIENTS,
        "booking_requests": BOOKERS,
        "booking_requests_per_second": round(BOOKERS / elapsed, 1),
        "confirmed": confirmed,
        "waiting": waiting,
        "overbooked_places": overbooked,
        "people_missing_or_twice": missing_or_twice,
    }


def _feed_build() -> tuple[str, dict]:
    from django.core.cache import cache
    from django.utils import timezone
    from icalendar import Calendar

    from events.feeds import organisation_feed
    from events.models import Event, Occurrence

    organisation, _ = _organisation("bench-feed")
    now = timezone.now()
    events = [
        Event.objects.create(
            organisation=organisation,
            title=f"Drop-in {n}",
            slug=f"feed-drop-in-{n}",
            status="published",
            summary="A themed drop-in about direct payments.",
            venue_name="Community room",
            address="1 High Street",
            postcode="LS1 1AA",
            step_free=True,
        )
        for n in range(10)
    ]
    Occurrence.objects.bulk_create(
        Occurrence(
            event=events[n % 10],
            start=now + datetime.timedelta(days=n // 3, hours=n % 3 * 3),
            end=now + datetime.timedelta(days=n // 3, hours=n % 3 * 3 + 2),
            capacity=20,
            last_modified=now,
        )
        for n in range(FEED_DATES)
    )
    timings = []
    for _ in range(FEED_BUILDS):
        cache.clear()
        started = time.perf_counter()
        built = organisation_feed(organisation=organisation)
        timings.append(time.perf_counter() - started)
    vevents = len(Calendar.from_ical(built.body).walk("VEVENT"))
    if vevents != FEED_DATES:
        raise RuntimeError(f"the feed has {vevents} dates, not {FEED_DATES}")
    cache.clear()  # the server process builds its own
    return organisation.slug, {
        "feed_dates": FEED_DATES,
        "feed_build_ms_median": round(statistics.median(timings) * 1000, 1),
        "feed_build_ms_min": round(min(timings) * 1000, 1),
        "feed_bytes": len(built.body),
    }


def _serve(env: dict) -> tuple[subprocess.Popen, int]:
    return serve(env, workers=WORKERS, ready=lambda port: _get(port, "/bench/minimal/")[0] == 200)


def _get(port: int, path: str, headers=None, connection=None) -> tuple[int, dict, bytes]:
    own = connection is None
    connection = connection or HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    if own:
        connection.close()
    return response.status, dict(response.getheaders()), body


def _requests_per_second(port: int, path: str, headers: dict, expect: int) -> tuple[float, int]:
    """THREADS keep-alive connections as fast as they go for SECONDS, after a short warm-up."""
    counts = [0] * THREADS
    failures = [0] * THREADS
    statuses: set[int] = set()
    stop = threading.Event()
    measuring = threading.Event()

    def hammer(slot: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            status, _, _ = _get(port, path, headers, connection)
            if measuring.is_set():
                counts[slot] += 1
                failures[slot] += status != expect
                statuses.add(status)
        connection.close()

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    measuring.set()
    started = time.monotonic()
    time.sleep(SECONDS)
    measuring.clear()
    elapsed = time.monotonic() - started
    stop.set()
    for thread in threads:
        thread.join()
    if sum(failures):
        print(f"{path}: {sum(failures)} responses were not {expect}: {statuses}", file=sys.stderr)
    return sum(counts) / elapsed, sum(failures)


def _conditional_gets(env: dict, slug: str) -> dict:
    server, port = _serve(env)
    try:
        path = f"/organisations/{slug}/events.ics"
        status, headers, body = _get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        etag = headers["etag"]
        if _get(port, path, {"If-None-Match": etag})[0] != 304:
            raise RuntimeError("the feed did not answer 304 to its own ETag")
        # Interleaved rounds, medians: the three see the same machine, even a busy one.
        rounds = {"minimal": [], "not_modified": [], "full": []}
        errors = 0
        for _ in range(ROUNDS):
            for name, request_path, headers, expect in (
                ("minimal", "/bench/minimal/", {}, 200),
                ("not_modified", path, {"If-None-Match": etag}, 304),
                ("full", path, {}, 200),
            ):
                rate, failed = _requests_per_second(port, request_path, headers, expect)
                rounds[name].append(rate)
                errors += failed
        minimal, not_modified, full = (
            statistics.median(rounds[name]) for name in ("minimal", "not_modified", "full")
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {
        "minimal_view_rps": round(minimal, 1),
        "feed_304_rps": round(not_modified, 1),
        "feed_304_vs_minimal": round(not_modified / minimal, 3),
        "feed_200_cached_rps": round(full, 1),
        "unexpected_responses": errors,
        "rounds": ROUNDS,
        "uvicorn_workers": WORKERS,
        "load_connections": THREADS,
    }


def _print(results: dict) -> None:
    rows = [
        (
            "booking requests / s (50 clients, service calls)",
            results["booking_requests_per_second"],
        ),
        ("  confirmed / waiting", f"{results['confirmed']} / {results['waiting']}"),
        ("  overbooked places (must be 0)", results["overbooked_places"]),
        ("  people missing or twice (must be 0)", results["people_missing_or_twice"]),
        ("feed build, 1,000 dates, median ms", results["feed_build_ms_median"]),
        ("feed size, bytes", results["feed_bytes"]),
        ("minimal Django view, requests / s", results["minimal_view_rps"]),
        ("feed conditional GET (304), requests / s", results["feed_304_rps"]),
        ("  304 / minimal", results["feed_304_vs_minimal"]),
        ("feed full GET from cache (200), requests / s", results["feed_200_cached_rps"]),
    ]
    print(
        f"PostgreSQL, cache {results['cache']}; uvicorn workers: {WORKERS}; "
        f"HTTP load: {THREADS} keep-alive connections, median of {ROUNDS} interleaved rounds "
        f"of {SECONDS:.0f} s"
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:>12}")


if __name__ == "__main__":
    sys.exit(main())
