"""What the benchmarks share: a fresh bench database, the app served by uvicorn as in
production, so the page under test and the minimal view are measured the same way."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fresh_database(url: str, name: str) -> str:
    """Drop and create `name` on the server of `url`; return the URL pointing at it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def site_env(database_url: str, settings_module: str, **extra: str) -> dict:
    """The environment the site runs with in production (DEBUG off, a real secret key), on
    plain HTTP on this machine, against `database_url`."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def prepare_site(env: dict, *, static: bool = True) -> None:
    """Migrate the bench database and, for pages, collect the static files: the pages (error
    pages too) link the site's stylesheet, which DEBUG off serves only once collected."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    if static:
        subprocess.run(
            [*manage, "collectstatic", "--no-input", "-v", "0"], env=env, cwd=ROOT, check=True
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    env: dict, *, workers: int, ready: Callable[[int], bool], log=None
) -> tuple[subprocess.Popen, int]:
    """Start uvicorn on a free port and wait until `ready(port)` says it answers. `log`: a file
    for the server's output (its error log), else this terminal."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level",
         "warning"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if ready(port):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("uvicorn did not start")


def session_cookie(person) -> str:
    """Signed in as `person`: a session made directly in the session store, rather than posting
    the log-in form (which would count password guesses). Call with Django set up."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def get(port: int, path: str, cookie: str = "", connection=None) -> tuple[int, bytes]:
    """One GET, on `connection` (kept alive) or on a connection of its own."""
    own = connection is None
    connection = connection or HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read()
    if own:
        connection.close()
    return response.status, body


def requests_per_second(
    port: int, path: str, cookie: str = "", *, threads: int, seconds: float, warm_up: float
) -> float:
    """`threads` keep-alive connections as fast as they go for `seconds`, after `warm_up`
    seconds; any answer but 200 stops the run."""
    status, body = get(port, path, cookie)
    if status != 200:
        raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
    counts = [0] * threads
    failures: list[tuple[int, bytes]] = []
    stop = threading.Event()
    measuring = threading.Event()

    def hammer(slot: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop.is_set():
            status, body = get(port, path, cookie, connection)
            if measuring.is_set():
                counts[slot] += 1
                if status != 200:
                    failures.append((status, body[:500]))
        connection.close()

    workers = [threading.Thread(target=hammer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    time.sleep(warm_up)
    measuring.set()
    started = time.monotonic()
    time.sleep(seconds)
    measuring.clear()
    elapsed = time.monotonic() - started
    stop.set()
    for worker in workers:
        worker.join()
    if failures:
        statuses = sorted({status for status, _ in failures})
        raise RuntimeError(
            f"{path}: {len(failures)} of {sum(counts)} responses were not 200 ({statuses}); "
            f"first: {failures[0][1]!r}"
        )
    return sum(counts) / elapsed
