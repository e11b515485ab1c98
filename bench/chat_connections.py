"""How many PostgreSQL connections the chat holds with hundreds of sockets open: 2 uvicorn
processes, SOCKETS people in one room (half on each), each sending a message, while this script
samples `pg_stat_activity` for the bench database. Run once with the connection pool (the
production default) and once without it, to show what the pool bounds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/chat_connections.py

It creates (dropping first) `alongside_bench_chat_connections` on the same server. Prints a table
and one JSON line.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, fresh_database  # noqa: E402

BENCH_DATABASE = "alongside_bench_chat_connections"
SOCKETS = 500
POOL_MAX = 10  # DATABASE_POOL_MAX_SIZE per process, the production default


def setup(env: dict) -> tuple[int, list[str]]:
    """Migrate, then make one room and SOCKETS signed-in people; return the room and cookies."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from community.chat.models import Room
    from community.models import User

    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Connections")
    people = User.objects.bulk_create(
        User(email=f"person{n}@bench.example", display_name=f"Person {n}") for n in range(SOCKETS)
    )
    cookies = []
    for person in people:
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return room.pk, cookies


def connections_now(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [BENCH_DATABASE]
        ).fetchone()[0]


async def run_clients(ports: list[int], room_id: int, cookies: list[str], url: str) -> dict:
    import websockets

    most = 0
    sockets = []
    for index, cookie in enumerate(cookies):
        port = ports[index % len(ports)]
        sockets.append(
            await websockets.connect(
                f"ws://127.0.0.1:{port}/ws/rooms/{room_id}/",
                origin=f"http://127.0.0.1:{port}",
                additional_headers={"Cookie": cookie},
                max_queue=None,
            )
        )
        if index % 50 == 0:
            most = max(most, connections_now(url))
    opened = time.monotonic()
    for socket_ in sockets:  # everyone says something: every socket uses the database
        await socket_.send(
            json.dumps({"type": "message", "body": "Hello", "client_id": str(uuid.uuid4())})
        )
        most = max(most, connections_now(url)) if socket_ is sockets[-1] else most
    for _ in range(20):
        await asyncio.sleep(0.25)
        most = max(most, connections_now(url))
    errors = 0
    for socket_ in sockets:
        while True:
            try:
                frame = json.loads(await asyncio.wait_for(socket_.recv(), 0.01))
            except TimeoutError:
                break
            errors += frame.get("type") == "error"
    await asyncio.gather(*(socket_.close() for socket_ in sockets))
    return {"most_connections": most, "errors": errors, "seconds": time.monotonic() - opened}


def measure(url: str, redis_url: str, room_id: int, cookies: list[str], *, pool: bool) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DATABASE_POOL": "1" if pool else "0",
        "DATABASE_POOL_MAX_SIZE": str(POOL_MAX),
        "CHAT_RATE_LIMIT": "1000/1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "config.asgi:application",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for port in ports
    ]
    try:
        time.sleep(4)
        return asyncio.run(run_clients(ports, room_id, cookies, url))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def main() -> None:
    url = fresh_database(os.environ["DATABASE_URL"], BENCH_DATABASE)
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    room_id, cookies = setup(
        {"DATABASE_URL": url, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    )
    results = {
        "pool": measure(url, redis_url, room_id, cookies, pool=True),
        "no_pool": measure(url, redis_url, room_id, cookies, pool=False),
    }
    print(f"{SOCKETS} sockets on 2 processes, each sending one message")
    print(f"{'setting':<28}{'most PG connections':>22}{'error frames':>14}")
    for name, label in (("pool", f"pool (max {POOL_MAX}/process)"), ("no_pool", "no pool")):
        row = results[name]
        print(f"{label:<28}{row['most_connections']:>22}{row['errors']:>14}")
    print(json.dumps({"bench": "chat_connections", "sockets": SOCKETS, **results}))


if __name__ == "__main__":
    main()
