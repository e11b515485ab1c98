"""Connecting people benchmark on PostgreSQL: the advisor directory (no filter; three filters at
once; a postcode "near me"; the API) and a helper's My help page, served by uvicorn as in
production, at two sizes: 200 trained helpers with 500 open requests, then 2,000 with 5,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/support.py

It creates (dropping first) a separate database, `alongside_bench_support`, on the same server;
the database named in DATABASE_URL is only used to connect. Rows are bulk inserted (not made
through the services): helpers with directory listings (varied specialisms, languages with BSL
among them, councils, ways to talk) trained at 20 verified organisations of unequal size, and
open requests to those teams or to one helper. The second size adds to the first.

For each page and size it prints requests per second with THREADS keep-alive connections, the
p50 and p95 latency of one client on its own, the people or requests the page has to consider,
and the database queries one request makes (counted once, in this process, with Django's test
client against the same database, after one warm-up request). Then how p95 grew from the small
size to the large one, and one JSON line. A minimal Django view, served the same way, is
measured alongside as the machine's yardstick. Takes about five minutes.

To check the script itself, with tiny sizes and short measurements:

    BENCH_SUPPORT_SIZES=20,50 BENCH_SUPPORT_SECONDS=1 \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/support.py
"""

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and would shadow the apps.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.serving import (  # noqa: E402
    fresh_database,
    get,
    prepare_site,
    requests_per_second,
    serve,
    session_cookie,
    site_env,
)

BENCH_DATABASE = "alongside_bench_support"
# Trained helpers at each size; each size brings 2.5 open requests per helper (500, 5,000).
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SUPPORT_SIZES", "200,2000").split(","))
REQUESTS_PER_HELPER = 2.5
ORGANISATIONS = 20
WORKERS = 1  # uvicorn worker processes, the same for every size and page
THREADS = 8  # concurrent keep-alive connections for requests per second
SECONDS = float(os.environ.get("BENCH_SUPPORT_SECONDS", "8"))  # requests per second, per page
LATENCY_SECONDS = SECONDS / 2  # one client alone, per page
MIN_LATENCY_SAMPLES = 20  # a slow page is still timed often enough for a p95
WARM_UP_SECONDS = 1.0

MINIMAL = "/bench/minimal/"
MY_HELP = "/my-help/"
PAGES = (
    ("minimal view", MINIMAL),
    ("directory", "/advisors/"),
    ("directory, 3 filters", "/advisors/?language=bfi&specialism=employing-a-pa&area=calderdale"),
    ("directory, postcode", "/advisors/?postcode=HX1+2AB"),
    ("API, BSL", "/api/v1/advisors/?language=bfi"),
    ("My help (big team)", MY_HELP),
)

FIRST_NAMES = ("Amara", "Ben", "Chloe", "Dev", "Ewa", "Farah", "Gareth", "Hana", "Imran", "Jo",
               "Kofi", "Lena", "Mo", "Nia", "Owen", "Priya", "Rhys", "Sana", "Tom", "Uma", "Vik",
               "Wen", "Yusuf", "Zoe")  # fmt: skip
LANGUAGES = ("cy", "ar", "bn", "yue", "pl", "pa", "ro", "so", "ur", "gu", "pt", "es")
WAYS = ("chat", "phone", "in_person")
AVAILABILITY = ("Weekday evenings", "Tuesday mornings at the drop-in", "Most afternoons",
                "Weekends", "By arrangement", "")  # fmt: skip
TRAINED_FOR = ("Employing a PA, payroll", "Direct payments, support planning",
               "Managing the money", "Carers' breaks", "")  # fmt: skip
QUESTIONS = (
    "My council says I must employ my PA myself and I do not know where to start with payroll.",
    "Can I use my direct payment for a gym membership if it helps my mental health?",
    "My support plan review is next month and I would like help to get ready for it.",
    "The prepaid card company asked for receipts I do not have. What should I do?",
    "I care for my mother and would like to talk to someone about a break.",
)


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/support.py measures PostgreSQL only. Set DATABASE_URL to a PostgreSQL server, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    env = site_env(
        fresh_database(url, BENCH_DATABASE), "bench.settings", DATABASE_CONN_MAX_AGE="60"
    )
    prepare_site(env)
    os.environ.update(env)
    import django

    django.setup()

    random.seed(9)
    seeding = _Seeding(_organisations())
    results = []
    for helpers in SIZES:
        seed_started = time.monotonic()
        seeding.grow_to(helpers, int(helpers * REQUESTS_PER_HELPER))
        _analyse()
        seed_seconds = time.monotonic() - seed_started
        results.append(_measure(helpers, seeding, env, seed_seconds))
    growth = _growth(results[0], results[-1])
    _print(results, growth)
    print(f"total {time.monotonic() - started:.0f} s")
    print(
        json.dumps(
            {
                "bench": "support",
                "workers": WORKERS,
                "connections": THREADS,
                "seconds": SECONDS,
                "latency_seconds": LATENCY_SECONDS,
                "cache": _cache_name(),
                "results": results,
                "p95_growth": growth,
            }
        )
    )
    return 0


def _cache_name() -> str:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


# --- Rows ---------------------------------------------------------------------------------------


def _organisations() -> list:
    from community.areas import AREA_CHOICES
    from community.models import Organisation

    return Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench Support Group {n + 1}",
            slug=f"bench-support-{n + 1}",
            verified=True,
            area=random.choice(AREA_CHOICES)[0],
        )
        for n in range(ORGANISATIONS)
    )


class _Seeding:
    """What has been made so far, so the second size adds to the first. Organisation n gets
    helpers and team requests in proportion to 1/n: a few big teams, many small ones. The first
    helper, of the biggest team, is the one whose My help is measured."""

    def __init__(self, organisations: list):
        from community.areas import AREA_CHOICES
        from community.models import Theme

        self.organisations = organisations
        self.weights = [1 / (n + 1) for n in range(len(organisations))]
        self.themes = list(Theme.objects.all())
        self.employing = next(t for t in self.themes if t.slug == "employing-a-pa")
        self.areas = [code for code, _ in AREA_CHOICES]
        self.helpers: list = []  # (person, their first organisation)
        self.members: list = []
        self.requests = 0

    @property
    def my_help_person(self):
        return self.helpers[0][0]

    def grow_to(self, helpers: int, requests: int) -> None:
        from django.db import transaction

        with transaction.atomic():
            self._add_helpers(helpers - len(self.helpers))
            self._add_members(max(20, helpers // 2) - len(self.members))
            self._add_requests(requests - self.requests)

    def _organisation(self):
        return random.choices(self.organisations, self.weights)[0]

    def _add_helpers(self, count: int) -> None:
        from community.models import Membership, Profile, User
        from community.support.models import Listing

        start = len(self.helpers)
        people = User.objects.bulk_create(
            User(
                email=f"helper{n}@support.bench.example",
                display_name=f"{random.choice(FIRST_NAMES)} {n}",
            )
            for n in range(start, start + count)
        )
        Profile.objects.bulk_create(
            Profile(
                person=person,
                bio="I manage my own direct payment and help others do the same.",
                bio_html="<p>I manage my own direct payment and help others do the same.</p>",
            )
            for person in people
        )
        homes = [self.organisations[0] if start + i == 0 else self._organisation() for i in
                 range(count)]  # fmt: skip
        roles = []
        for person, home in zip(people, homes, strict=True):
            places = {home}
            if random.random() < 0.1:  # some are trained at a second organisation too
                places.add(self._organisation())
            for organisation in places:
                roles.append(
                    Membership(
                        person=person,
                        organisation=organisation,
                        role=random.choice(Membership.TRAINED_ROLES),
                        trained_on=datetime.date(2024, 1, 1)
                        + datetime.timedelta(days=random.randrange(700)),
                        trained_for=random.choice(TRAINED_FOR),
                    )
                )
        Membership.objects.bulk_create(roles)
        listings = Listing.objects.bulk_create(
            self._listing(person, measured=start + i == 0) for i, person in enumerate(people)
        )
        Through = Listing.specialisms.through
        Through.objects.bulk_create(
            Through(listing_id=listing.pk, theme_id=theme.pk)
            for i, listing in enumerate(listings)
            for theme in self._specialisms(measured=start + i == 0)
        )
        self.helpers += list(zip(people, homes, strict=True))

    def _listing(self, person, *, measured: bool):
        from community.support.models import Listing

        languages = ["en", *random.sample(LANGUAGES, random.choice((0, 0, 1, 2)))]
        if measured or random.random() < 0.15:
            languages.append("bfi")
        areas = random.sample(self.areas, random.randint(1, 3))
        if measured or random.random() < 0.1:
            areas.append("calderdale")
        return Listing(
            person=person,
            listed=measured or random.random() < 0.95,
            paused=not measured and random.random() < 0.05,
            languages=languages,
            areas=sorted(set(areas)),
            ways_to_talk=random.sample(WAYS, random.randint(1, 3)),
            availability=random.choice(AVAILABILITY),
        )

    def _specialisms(self, *, measured: bool) -> set:
        chosen = set(random.sample(self.themes, random.randint(1, 4)))
        return chosen | {self.employing} if measured else chosen

    def _add_members(self, count: int) -> None:
        from community.models import Profile, User

        if count <= 0:
            return
        start = len(self.members)
        people = User.objects.bulk_create(
            User(email=f"member{n}@support.bench.example", display_name=f"Member {n}")
            for n in range(start, start + count)
        )
        Profile.objects.bulk_create(Profile(person=person) for person in people)
        self.members += people

    def _add_requests(self, count: int) -> None:
        """Open requests, as many to a whole team as to one helper, waiting up to two weeks."""
        from django.utils import timezone

        from community.support.models import SupportRequest

        now = timezone.now()
        rows = []
        for _ in range(count):
            if random.random() < 0.5:
                advisor, organisation = None, self._organisation()
            else:
                advisor, organisation = random.choice(self.helpers)
            rows.append(
                SupportRequest(
                    member=random.choice(self.members),
                    advisor=advisor,
                    organisation=organisation,
                    specialism=random.choice(self.themes),
                    wants=random.choice(SupportRequest.Wants.values),
                    way_to_talk=random.choice(WAYS),
                    area=random.choice(self.areas),
                    language=random.choice(("en", "en", "en", "bfi", *LANGUAGES)),
                    body=random.choice(QUESTIONS),
                    expires_at=now + datetime.timedelta(days=random.randint(1, 14)),
                )
            )
        SupportRequest.objects.bulk_create(rows, batch_size=2000)
        self.requests += count


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


# --- What each page has to consider, and its queries (in this process) ---------------------------


def _considered(seeding: _Seeding) -> dict[str, int]:
    """People each directory view lists (all pages), and the requests My help offers."""
    from community.support import selectors

    def listed(**filters) -> int:
        return selectors.directory(filters=selectors.DirectoryFilters(**filters)).count()

    return {
        "/advisors/": listed(),
        PAGES[2][1]: listed(language="bfi", specialism="employing-a-pa", area="calderdale"),
        PAGES[3][1]: listed(postcode="HX1 2AB"),
        PAGES[4][1]: listed(language="bfi"),
        MY_HELP: len(selectors.requests_i_can_take(person=seeding.my_help_person)),
    }


def _query_counts(person) -> dict[str, int]:
    """Queries one request makes, after a warm-up request (so per-process caches are as on a
    server that has been up a while)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for _, path in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        if path == MY_HELP:
            client.force_login(person)
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in process")
        counts[path] = len(queries)
    return counts


def _session_cookie(person) -> str:
    return session_cookie(person)


# --- Over HTTP ----------------------------------------------------------------------------------


def _serve(env: dict) -> tuple[subprocess.Popen, int]:
    return serve(env, workers=WORKERS, ready=lambda port: _get(port, MINIMAL)[0] == 200)


def _get(port: int, path: str, cookie: str = "", connection=None) -> tuple[int, bytes]:
    return get(port, path, cookie, connection)


def _check(port: int, path: str, cookie: str) -> None:
    status, body = _get(port, path, cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    if path == MY_HELP and b"Bench Support Group 1" not in body:
        raise RuntimeError("My help did not show the helper's own page (not signed in?)")


def _latency(port: int, path: str, cookie: str) -> dict:
    """One keep-alive client alone, for LATENCY_SECONDS and at least MIN_LATENCY_SAMPLES."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    timings = []
    deadline = time.monotonic() + LATENCY_SECONDS
    while time.monotonic() < deadline or len(timings) < MIN_LATENCY_SAMPLES:
        began = time.perf_counter()
        status, body = _get(port, path, cookie, connection)
        timings.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    connection.close()
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "latency_samples": len(timings),
    }


def _requests_per_second(port: int, path: str, cookie: str) -> float:
    return requests_per_second(
        port, path, cookie, threads=THREADS, seconds=SECONDS, warm_up=WARM_UP_SECONDS
    )


def _measure(helpers: int, seeding: _Seeding, env: dict, seed_seconds: float) -> dict:
    from community.support.models import SupportRequest

    person = seeding.my_help_person
    considered = _considered(seeding)
    queries = _query_counts(person)
    cookie = _session_cookie(person)
    pages = []
    server, port = _serve(env)
    try:
        for name, path in PAGES:
            mine = cookie if path == MY_HELP else ""
            _check(port, path, mine)
            latency = _latency(port, path, mine)
            rate = _requests_per_second(port, path, mine)
            pages.append(
                {
                    "page": name,
                    "path": path,
                    "considered": considered.get(path),
                    "queries": queries[path],
                    "rps": round(rate, 1),
                    **latency,
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "helpers": helpers,
        "open_requests": SupportRequest.objects.filter(state="open").count(),
        "seed_seconds": round(seed_seconds, 1),
        "pages": pages,
    }


def _growth(small: dict, large: dict) -> dict[str, float | None]:
    """p95 at the large size over p95 at the small size, per page."""
    before = {page["path"]: page["p95_ms"] for page in small["pages"]}
    return {
        page["path"]: round(page["p95_ms"] / before[page["path"]], 2)
        if before[page["path"]]
        else None
        for page in large["pages"]
    }


def _print(results: list[dict], growth: dict) -> None:
    print()
    print(
        f"PostgreSQL, cache {_cache_name()}; uvicorn workers: {WORKERS}; requests/s with "
        f"{THREADS} keep-alive connections for {SECONDS:g} s; p50/p95 of one client alone for "
        f"{LATENCY_SECONDS:g} s (at least {MIN_LATENCY_SAMPLES} requests)"
    )
    header = (
        f"{'helpers':>7} | {'open req':>8} | {'page':<22} | {'rows':>5} | {'queries':>7} | "
        f"{'req/s':>8} | {'p50 ms':>8} | {'p95 ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in results:
        for page in size["pages"]:
            rows = "" if page["considered"] is None else page["considered"]
            print(
                f"{size['helpers']:>7} | {size['open_requests']:>8} | {page['page']:<22} | "
                f"{rows:>5} | {page['queries']:>7} | {page['rps']:>8.1f} | "
                f"{page['p50_ms']:>8.1f} | {page['p95_ms']:>8.1f}"
            )
    print("rows: people the directory lists for that filter (all pages), requests My help offers")
    print(f"p95 growth, {results[0]['helpers']} -> {results[-1]['helpers']} helpers:")
    for name, path in PAGES:
        print(f"  {name:<22} x{growth[path]}")
    print("seconds to seed: " + ", ".join(f"{r['seed_seconds']}" for r in results))


if __name__ == "__main__":
    sys.exit(main())
