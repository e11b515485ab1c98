"""Forum benchmark on PostgreSQL: topic page requests per second against a minimal Django view
served the same way in the same run, and search latency, at 10,000 and 100,000 posts; then search
latency alone at 1,000,000 posts, and how much search's p95 grew from the smallest size.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/forums.py

Each page is asked for over and over, as readers of one topic do: a signed-out reader and the
API's list are answered from the copies kept for plain visitors, a signed-in reader from the
copy of the page body kept for them (forums/README.md, "Topic page speed"), as in production.
For reference it also measures a visitor with a session cookie, who is drawn the page afresh
every time.

It creates (dropping first) a separate database, `alongside_bench`, on the same server; the
database named in DATABASE_URL is only used to connect. Prints a table and one JSON line.
BENCH_FORUMS_SIZES=10000 measures only the sizes listed (comma-separated), to iterate faster.
"""

import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and would shadow the forums app.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.forum_seeding import seed_posts  # noqa: E402
from bench.serving import (  # noqa: E402
    fresh_database,
    get,
    prepare_site,
    requests_per_second,
    serve,
    session_cookie,
    site_env,
)

BENCH_DATABASE = "alongside_bench"
SIZES = tuple(
    int(size) for size in os.environ.get("BENCH_FORUMS_SIZES", "10000,100000,1000000").split(",")
)
# Above this, only search is measured: the topic page's targets are set at 100,000 posts, and its
# figures did not change with size.
PAGES_UP_TO = 100_000
POSTS_PER_TOPIC = 20
MEASURED_TOPIC_POSTS = 60  # three pages; page 1 is measured
WORKERS = 1  # uvicorn worker processes, the same for every measurement
THREADS = 8  # concurrent keep-alive connections from the load generator
SECONDS = 10.0
SEARCHES = ["holiday pay", "receipts council", "prepaid card", "support plan review",
            "personal assistant contract", "carer break", "gym membership", "payroll insurance",
            "managed account", "direct payment"]  # fmt: skip
# Terms people write, a phrase kept together as people write it ("direct payment"), so a search
# for a phrase finds about as many posts as its words would: random single words made phrases
# hundreds of times rarer than in real posts.
_VOCABULARY = (
    "direct payment|personal budget|council|social worker|assessment|support plan|review|"
    "personal assistant|PA|contract|payroll|insurance|employer|holiday pay|sick pay|pension|"
    "receipts|records|prepaid card|managed account|audit|carer|break|respite|family|daughter|son|"
    "mother|father|agency|care hours|morning|evening|night|weekend|transport|taxi|bus|gym|"
    "swimming|membership|course|equipment|wheelchair|hoist|ramp|kitchen|shopping|cleaning|"
    "laundry|cooking|medication|appointment|hospital|doctor|physio|therapy|counselling|"
    "wellbeing|mental health|learning disability|dementia|older people|advocate|easy read|"
    "workshop|drop-in|peer advisor|organisation|charity|form|letter|phone call|email|meeting|"
    "waiting|worried|helpful|thanks|question|answer|idea|experience|month|year|week|today"
)
WORDS = _VOCABULARY.split("|")


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/forums.py measures PostgreSQL only. Set DATABASE_URL to a PostgreSQL server, "
            "e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test",
            file=sys.stderr,
        )
        return 2
    bench_url = _fresh_database(url)
    env = site_env(bench_url, "bench.settings", DATABASE_CONN_MAX_AGE="60")
    prepare_site(env)
    os.environ.update(env)
    import django

    django.setup()

    results = []
    seeded = 0
    people = _people()
    topic = _measured_topic(people)
    seeded += MEASURED_TOPIC_POSTS
    cookie = _session_cookie(people["members"][0])
    for size in SIZES:
        started = time.monotonic()
        seeded += _seed_posts(size - seeded, people)
        seed_seconds = time.monotonic() - started
        _analyse()
        results.append(_measure(size, topic, cookie, env, seed_seconds))
    _print(results)
    return 0


def _fresh_database(url: str) -> str:
    return fresh_database(url, BENCH_DATABASE)


def _people() -> dict:
    import datetime

    from community.models import Membership, Organisation, Profile, User

    users = User.objects.bulk_create(
        User(email=f"bench{n}@bench.example", display_name=f"Bench member {n}") for n in range(300)
    )
    Profile.objects.bulk_create(Profile(person=user) for user in users)
    organisation = Organisation.objects.create(
        name="Bench Collective", slug="bench-collective", verified=True
    )
    advisors = users[:10]
    Membership.objects.bulk_create(
        Membership(
            person=person,
            organisation=organisation,
            role=Membership.Role.ADVISOR,
            trained_on=datetime.date(2024, 1, 1),
        )
        for person in advisors
    )
    return {"all": users, "advisors": advisors, "members": users[10:]}


def _measured_topic(people: dict):
    from forums.models import Category, Post, Topic

    category = Category.objects.create(name="Employing a PA", slug="employing-a-pa")
    topic = Topic.objects.create(
        category=category,
        title="Holiday pay for my personal assistant",
        author=people["members"][0],
        last_post_number=MEASURED_TOPIC_POSTS,
        reply_count=MEASURED_TOPIC_POSTS - 1,
    )
    authors = people["advisors"][:3] + people["members"][:7]
    posts = Post.objects.bulk_create(
        _post(topic, number, authors[number % len(authors)])
        for number in range(1, MEASURED_TOPIC_POSTS + 1)
    )
    topic.accepted_answer, topic.is_answered = posts[4], True
    topic.save()
    return topic


def _post(topic, number: int, author):
    from django.utils import timezone

    from forums.models import Post

    body = " ".join(random.choices(WORDS, k=random.randint(25, 90))).capitalize() + "."
    return Post(
        topic=topic,
        number=number,
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        created=timezone.now(),
    )


def _seed_posts(count: int, people: dict) -> int:
    """Topics of POSTS_PER_TOPIC posts across ten categories (one members-only), made by
    PostgreSQL itself (bench.forum_seeding): a million posts in about two minutes."""
    from forums.models import Category

    categories = list(Category.objects.all())
    while len(categories) < 10:
        n = len(categories)
        categories.append(
            Category.objects.create(name=f"Bench {n}", slug=f"bench-{n}", members_only=n == 9)
        )
    return seed_posts(count, categories=categories, people=people, words=WORDS)


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # The seed's writes go to disk now, not during the measurement: a checkpoint writing a
        # million posts' pages under the searches made one run's p95 five times another's.
        cursor.execute("CHECKPOINT")


def _session_cookie(person) -> str:
    return session_cookie(person)


def _serve(env: dict) -> tuple[subprocess.Popen, int]:
    return serve(env, workers=WORKERS, ready=lambda port: _get(port, "/bench/minimal/")[0] == 200)


def _get(port: int, path: str, cookie: str = "", connection=None) -> tuple[int, bytes]:
    return get(port, path, cookie, connection)


def _requests_per_second(port: int, path: str, cookie: str = "") -> float:
    return requests_per_second(port, path, cookie, threads=THREADS, seconds=SECONDS, warm_up=2.0)


def _search_latency(port: int) -> dict:
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for round_number in range(6):
        for words in SEARCHES:
            path = "/api/v1/forums/search/?" + urllib.parse.urlencode({"q": words})
            started = time.perf_counter()
            status, _ = _get(port, path, connection=connection)
            if round_number:  # the first round only warms up
                timings.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise RuntimeError(f"search answered {status}")
    connection.close()
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "searches": len(timings),
    }


def _measure(size: int, topic, cookie: str, env: dict, seed_seconds: float) -> dict:
    from forums.models import Post

    server, port = _serve(env)
    try:
        pages = _page_speeds(port, topic, cookie) if size <= PAGES_UP_TO else {}
        search = _search_latency(port)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "posts": Post.objects.count(),
        "seed_seconds": round(seed_seconds, 1),
        **pages,
        "search": search,
    }


def _page_speeds(port: int, topic, cookie: str) -> dict:
    page = topic.get_absolute_url()
    status, body = _get(port, page)
    if status != 200 or b"Holiday pay" not in body:
        raise RuntimeError(f"the topic page answered {status}")
    minimal = _requests_per_second(port, "/bench/minimal/")
    anonymous = _requests_per_second(port, page)
    # A visitor with a session cookie is drawn the page afresh each time (no kept copy of the
    # whole page: frontend.shared.visitor_pages): what the kept copies save, for reference.
    drawn = _requests_per_second(port, page, "sessionid=no-such-session")
    # Signed in, page 1 is asked for by number: otherwise the page sends a reader who has
    # read page 1 on to their first unread post.
    signed_in = _requests_per_second(port, f"{page}?page=1", cookie)
    api_posts = _requests_per_second(port, f"/api/v1/forums/topics/{topic.pk}/posts/")
    return {
        "minimal_rps": round(minimal, 1),
        "topic_rps_signed_out": round(anonymous, 1),
        "topic_rps_signed_in": round(signed_in, 1),
        "ratio_signed_out": round(anonymous / minimal, 3),
        "topic_rps_signed_out_drawn": round(drawn, 1),
        "ratio_signed_out_drawn": round(drawn / minimal, 3),
        "ratio_signed_in": round(signed_in / minimal, 3),
        "api_posts_rps": round(api_posts, 1),
        "ratio_api_posts": round(api_posts / minimal, 3),
    }


def _print(results: list[dict]) -> None:
    print()
    print(f"uvicorn workers: {WORKERS}; load: {THREADS} keep-alive connections, {SECONDS:.0f} s")
    header = (
        f"{'posts':>8} | {'seeded in':>9} | {'minimal r/s':>11} | {'topic r/s (out)':>15} | "
        f"{'ratio':>5} | {'topic r/s (in)':>14} | {'ratio':>5} | {'API posts r/s':>13} | "
        f"{'ratio':>5} | {'search p50':>10} | {'p95':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in results:
        if "minimal_rps" in row:
            pages = (
                f"{row['minimal_rps']:>11.1f} | {row['topic_rps_signed_out']:>15.1f} | "
                f"{row['ratio_signed_out']:>5.2f} | {row['topic_rps_signed_in']:>14.1f} | "
                f"{row['ratio_signed_in']:>5.2f} | {row['api_posts_rps']:>13.1f} | "
                f"{row['ratio_api_posts']:>5.2f}"
            )
        else:
            blanks = (15, 5, 14, 5, 13, 5)
            pages = " | ".join([f"{'search only':>11}"] + [" " * width for width in blanks])
        print(
            f"{row['posts']:>8} | {row['seed_seconds']:>8.0f}s | {pages} | "
            f"{row['search']['p50_ms']:>8.1f}ms | {row['search']['p95_ms']:>5.1f}ms"
        )
    for row in results:
        if "minimal_rps" in row:
            print(
                f"{row['posts']:>8} posts: signed out, drawn afresh each time (a visitor with a "
                f"session, no kept page): {row['topic_rps_signed_out_drawn']:.1f} r/s, ratio "
                f"{row['ratio_signed_out_drawn']:.2f}"
            )
    print("targets at 100,000 posts: signed out >= 0.4, signed in >= 0.25, API posts >= 0.4")
    growth = _search_growth(results)
    if growth is not None:
        print(
            f"search p95 grew {growth:.2f}x from {results[0]['posts']:,} to "
            f"{results[-1]['posts']:,} posts (target: at most 2x)"
        )
    print(
        json.dumps(
            {"bench": "forums", "workers": WORKERS, "results": results, "search_growth": growth}
        )
    )


def _search_growth(results: list[dict]) -> float | None:
    if len(results) < 2:
        return None
    return round(results[-1]["search"]["p95_ms"] / results[0]["search"]["p95_ms"], 2)


if __name__ == "__main__":
    sys.exit(main())
