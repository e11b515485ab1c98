"""Chat benchmark: one room with 100 and then 500 people connected, over WebSockets, against the
practical limit on this machine (bench/chat_bare.py: a bare ASGI broadcast app on Redis pub/sub,
no Django, no Channels) measured the same way in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/chat.py [--target alongside|bare]

Each target runs as two uvicorn processes on two ports, started as in production (DEBUG off,
default uvicorn protocols, the chat's per-person send limit lifted with CHAT_RATE_LIMIT); the
clients are split evenly between them. The clients live in two load processes, one per server
(asyncio and the `websockets` library), driven from this one over pipes; SENDERS of the clients
(half in each) also send. Measured for each size:

- saturation: message copies delivered to all clients per second while the senders keep
  FLOOD_IN_FLIGHT messages each waiting for their own copy to come back, over FLOOD_SECONDS after
  WARMUP;
- fan-out latency p50/p99 at a steady 5 and 20 messages a second for RATE_SECONDS each: the
  sender stamps the send time (CLOCK_MONOTONIC, shared by the processes) in the body, and every
  receiving client subtracts it from the time its copy arrived;
- missing copies (sent times clients, less what each client got: must be 0), error frames and
  unexpected closures.

It creates (dropping first) a separate database, `alongside_bench_chat`, on the same PostgreSQL
server, and uses Redis database BENCH_REDIS_DB on the server of REDIS_URL, flushed before each
target. Clients do not offer permessage-deflate (browsers do, and uvicorn accepts it: one zlib
pass per copy on both targets). The load processes share the machine's cores with the servers,
Redis and PostgreSQL, the same for both targets; anything else running skews both, so the bench
says when the load average was above 1 at the start. bench/settings_chat.py lists any repair it
makes to the real settings, and the bench prints it. Prints a table and one JSON line.
"""

import asyncio
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench.serving import free_port, fresh_database, prepare_site, site_env  # noqa: E402

BENCH_DATABASE = "alongside_bench_chat"
BENCH_REDIS_DB = 15
TARGETS = ("alongside", "bare")
APPS = {"alongside": "config.asgi:application", "bare": "bench.chat_bare:app"}
# BENCH_CHAT_SIZES=100 measures one size only (for profiling one case).
SIZES = tuple(int(n) for n in os.environ.get("BENCH_CHAT_SIZES", "100,500").split(","))
SERVERS = 2  # uvicorn processes per target, one port each, one load process each
SENDERS = 8  # of the connected people, half on each server
# Messages a second into the room, for the latency figures (BENCH_CHAT_RATES= for none).
RATES = tuple(int(n) for n in os.environ.get("BENCH_CHAT_RATES", "5,20").split(",") if n)
RATE_SECONDS = 10.0
FLOOD_IN_FLIGHT = 2  # per sender: messages sent whose own copy has not come back yet
WARMUP = 2.0
FLOOD_SECONDS = 5.0
SETTLE = 5.0  # a phase ends when every client has every copy, or none arrived for this long
BODY = "bench {phase} {stamp:.6f} " + (
    "Has anyone had their direct payment review moved? Mine is next week and I am not sure "
    "what to bring along, receipts or the whole folder."
)
STAMP = re.compile(r"bench (\w+) (\d+\.\d+)")


def main() -> int:
    if sys.argv[1:2] == ["--load"]:
        return _load_process(int(sys.argv[2]))
    targets = TARGETS
    if sys.argv[1:2] == ["--target"] and sys.argv[2:3] and sys.argv[2] in TARGETS:
        targets = (sys.argv[2],)
    elif sys.argv[1:]:
        print("usage: bench/chat.py [--target alongside|bare]", file=sys.stderr)
        return 2
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/chat.py measures PostgreSQL and Redis. Set DATABASE_URL and REDIS_URL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/test "
            "REDIS_URL=redis://127.0.0.1:6379/0",
            file=sys.stderr,
        )
        return 2
    load_at_start = round(os.getloadavg()[0], 2)
    redis_url = _bench_redis(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    env = site_env(
        fresh_database(url, BENCH_DATABASE),
        "bench.settings_chat",
        REDIS_URL=redis_url,
        CHAT_RATE_LIMIT="1000000/1",
    )
    prepare_site(env, static=False)
    os.environ.update(env)
    import django

    django.setup()

    from django.conf import settings

    people = _people(max(SIZES))
    results: dict = {
        "servers_per_target": SERVERS,
        "senders": SENDERS,
        "bench_overrides": settings.BENCH_OVERRIDES,
        # Both targets share the machine with whatever else runs: a busy one skews both.
        "load_average_at_start": load_at_start,
    }
    load = _Load()
    try:
        for target in targets:
            _flush(redis_url)
            servers = _serve(target, env)
            try:
                ports = [port for _, port in servers]
                results[target] = {}
                for size in SIZES:
                    path = f"/ws/rooms/{_room(size)}/" if target == "alongside" else "/ws/bare/"
                    results[target][str(size)] = _measure(load, ports, path, people[:size])
            finally:
                _stop(servers)
    finally:
        load.stop()
    if all(target in results for target in TARGETS):
        results["ratios"] = {
            str(size): _ratios(results["alongside"][str(size)], results["bare"][str(size)])
            for size in SIZES
        }
    _print(results, targets)
    print(json.dumps({"bench": "chat", **results}))
    return 0


# --- Set-up: the bench Redis database, people with signed-in sessions, a room per size.


def _bench_redis(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_REDIS_DB}"))


def _flush(redis_url: str) -> None:
    """A clean Redis database: no channel-layer groups or queues left from an earlier run."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    client.close()


def _people(count: int) -> list[str]:
    """`count` active members, each signed in: their session keys, as the login view leaves
    them. They joined before the new-account period, as the regulars of a busy room have
    (a new account's messages wait for a moderator outside drop-ins, and reach only them)."""
    import datetime
    from importlib import import_module

    from django.conf import settings
    from django.utils import timezone

    from community.models import User

    joined = timezone.now() - datetime.timedelta(days=settings.SAFETY_NEW_ACCOUNT_DAYS + 30)

    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = settings.AUTHENTICATION_BACKENDS[0]
    keys = []
    for number in range(count):
        person = User.objects.create_user(
            f"member{number}@bench.example", display_name=f"Bench member {number}"
        )
        User.objects.filter(pk=person.pk).update(date_joined=joined)
        session = store()
        session["_auth_user_id"] = str(person.pk)
        session["_auth_user_backend"] = backend
        session["_auth_user_hash"] = person.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def _room(size: int) -> int:
    from community.chat.models import Room
    from community.models import User

    moderator, _ = User.objects.get_or_create(
        email="moderator@bench.example",
        defaults={"display_name": "Bench moderator", "is_moderator": True},
    )
    room = Room.objects.create(
        kind=Room.Kind.COMMUNITY, name=f"Bench room {size}", created_by=moderator
    )
    return room.pk


# --- The servers.


def _serve(target: str, env: dict) -> list[tuple[subprocess.Popen, int]]:
    """SERVERS uvicorn processes of `target`, each on its own port, once they accept."""
    servers = []
    try:
        for _ in range(SERVERS):
            port = free_port()
            server = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", APPS[target], "--host", "127.0.0.1",
                 "--port", str(port), "--no-access-log", "--log-level", "warning"],
                env=env,
                cwd=ROOT,
            )  # fmt: skip
            servers.append((server, port))
        for server, port in servers:
            _wait_until_listening(server, port)
    except BaseException:
        _stop(servers)
        raise
    return servers


def _wait_until_listening(server: subprocess.Popen, port: int) -> None:
    """uvicorn binds its port once the app is imported and started."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn on port {port} exited with {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"uvicorn on port {port} did not start")


def _stop(servers: list[tuple[subprocess.Popen, int]]) -> None:
    for server, _ in servers:
        if server.poll() is None:
            server.terminate()
    for server, _ in servers:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# --- The measurements, run from here through the load processes.


class _Load:
    """One load process per server, each told what to do in one JSON line and answering in one."""

    def __init__(self):
        self.processes = [
            subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--load", str(index)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            for index in range(SERVERS)
        ]

    def ask(self, commands: list[dict]) -> list[dict]:
        for process, command in zip(self.processes, commands, strict=True):
            process.stdin.write(json.dumps(command) + "\n")
            process.stdin.flush()
        replies = []
        for process in self.processes:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"a load process exited with {process.wait()}")
            reply = json.loads(line)
            if "failure" in reply:
                raise RuntimeError(f"load process: {reply['failure']}")
            replies.append(reply)
        return replies

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(OSError):
                process.stdin.close()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _measure(load: _Load, ports: list[int], path: str, sessions: list[str]) -> dict:
    size = len(sessions)
    share = size // SERVERS
    started = time.monotonic()
    load.ask(
        [
            {
                "command": "open",
                "url": f"ws://127.0.0.1:{port}{path}",
                "origin": f"http://127.0.0.1:{port}",
                "sessions": sessions[index * share : (index + 1) * share],
                "senders": SENDERS // SERVERS,
            }
            for index, port in enumerate(ports)
        ]
    )
    connect_seconds = time.monotonic() - started
    tally = {"errors": Counter(), "closed": Counter(), "other": Counter()}
    _add(tally, load.ask([{"command": "quiet"}] * SERVERS))
    result: dict = {"clients": size, "connect_seconds": round(connect_seconds, 2)}
    sent_total = missing = extra = frames = frame_bytes = 0
    missing_by_phase: dict[str, int] = {}

    def finish(phase: str, sent: int) -> list[dict]:
        nonlocal sent_total, missing, extra, frames, frame_bytes
        replies = load.ask([{"command": "collect", "phase": phase, "expected": sent}] * SERVERS)
        _add(tally, replies)
        received = [count for reply in replies for count in reply["received"]]
        sent_total += sent
        missing += sum(max(0, sent - count) for count in received)
        missing_by_phase[phase] = sum(max(0, sent - count) for count in received)
        extra += sum(max(0, count - sent) for count in received)
        frames += sum(reply["frames"] for reply in replies)
        frame_bytes += sum(reply["bytes"] for reply in replies)
        return replies

    for rate in RATES:
        phase = f"rate{rate}"
        start = time.monotonic() + 0.5
        replies = load.ask(
            [
                {
                    "command": "rate",
                    "phase": phase,
                    "rate": rate / SERVERS,
                    "start": start + index / rate,
                    "until": start + RATE_SECONDS,
                }
                for index in range(SERVERS)
            ]
        )
        sent = sum(reply["sent"] for reply in replies)
        latencies = sorted(ms for reply in finish(phase, sent) for ms in reply["latencies_ms"])
        result[f"sent_at_{rate}"] = sent
        result[f"p50_ms_at_{rate}"] = _percentile(latencies, 50)
        result[f"p99_ms_at_{rate}"] = _percentile(latencies, 99)
        result[f"max_ms_at_{rate}"] = latencies[-1] if latencies else None

    start = time.monotonic() + 0.5
    window = (start + WARMUP, start + WARMUP + FLOOD_SECONDS)
    replies = load.ask(
        [
            {
                "command": "flood",
                "phase": "flood",
                "in_flight": FLOOD_IN_FLIGHT,
                "start": start,
                "window": window,
            }
        ]
        * SERVERS
    )
    sent = sum(reply["sent"] for reply in replies)
    in_window = sum(reply["in_window"] for reply in finish("flood", sent))
    copies = in_window / FLOOD_SECONDS
    load.ask([{"command": "close"}] * SERVERS)
    result.update(
        {
            "copies_per_second": round(copies),
            "messages_per_second": round(copies / size, 1),
            "sent_in_flood": sent,
            "messages_sent": sent_total,
            "missing_copies": missing,
            "missing_by_phase": missing_by_phase,
            "extra_copies": extra,
            "error_frames": sum(tally["errors"].values()),
            "error_codes": dict(tally["errors"]),
            "closures": sum(tally["closed"].values()),
            "closure_codes": dict(tally["closed"]),
            "other_frames": dict(tally["other"]),
            "message_frame_bytes": round(frame_bytes / frames) if frames else None,
        }
    )
    return result


def _add(tally: dict, replies: list[dict]) -> None:
    for reply in replies:
        for name in tally:
            tally[name].update(reply.get(name, {}))


def _percentile(ordered: list[float], percent: int) -> float | None:
    if not ordered:
        return None
    return ordered[min(len(ordered) - 1, int(len(ordered) * percent / 100))]


def _ratios(alongside: dict, bare: dict) -> dict:
    def ratio(a, b):
        return round(a / b, 3) if a is not None and b else None

    return {
        "copies_per_second": ratio(alongside["copies_per_second"], bare["copies_per_second"]),
        **{
            f"p99_at_{rate}": ratio(alongside[f"p99_ms_at_{rate}"], bare[f"p99_ms_at_{rate}"])
            for rate in RATES
        },
    }


def _print(results: dict, targets: tuple[str, ...]) -> None:
    rows = [("saturation: copies delivered / s", "copies_per_second")]
    rows.append(("  messages into the room / s", "messages_per_second"))
    for rate in RATES:
        rows.append((f"latency p50 ms at {rate} messages / s", f"p50_ms_at_{rate}"))
        rows.append((f"latency p99 ms at {rate} messages / s", f"p99_ms_at_{rate}"))
    rows += [
        ("messages sent, all phases", "messages_sent"),
        ("missing copies (must be 0)", "missing_copies"),
        ("error frames", "error_frames"),
        ("closures", "closures"),
        ("message frame, bytes", "message_frame_bytes"),
        ("connecting everyone, s", "connect_seconds"),
    ]
    ratio_of = {"copies_per_second": "copies_per_second"}
    ratio_of.update({f"p99_ms_at_{rate}": f"p99_at_{rate}" for rate in RATES})
    print(
        f"One room; {SERVERS} uvicorn processes per target, clients split evenly; {SENDERS} "
        f"senders; saturation: {FLOOD_IN_FLIGHT} in flight per sender, {FLOOD_SECONDS:.0f} s "
        f"after {WARMUP:.0f} s; latency: {RATE_SECONDS:.0f} s per rate"
    )
    if results["load_average_at_start"] > 1.0:
        print(f"The machine was busy at the start (load {results['load_average_at_start']}).")
    for override in results["bench_overrides"]:
        print(f"Alongside run with a bench-only repair: {override} (bench/settings_chat.py)")
    width = max(len(name) for name, _ in rows)
    header = f"{'':<{width}}"
    for size in SIZES:
        header += "".join(f"  {target + ' ' + str(size):>14}" for target in targets)
        if "ratios" in results:
            header += f"  {'ratio':>7}"
    print(header)
    for name, key in rows:
        line = f"{name:<{width}}"
        for size in SIZES:
            for target in targets:
                value = results[target][str(size)][key]
                line += f"  {'-' if value is None else value:>14}"
            if "ratios" in results:
                value = results["ratios"][str(size)].get(ratio_of.get(key, ""), "")
                line += f"  {'-' if value is None else value:>7}"
        print(line)
    if "ratios" in results:
        print("ratio: Alongside / bare (throughput: higher is better; p99: lower is better)")
    for target in targets:
        for size in SIZES:
            found = results[target][str(size)]
            if found["error_codes"] or found["closure_codes"]:
                print(
                    f"{target} {size}: errors {found['error_codes']}, "
                    f"closures {found['closure_codes']}"
                )


# --- A load process: the clients connected to one server.


def _load_process(index: int) -> int:
    try:
        import uvloop

        uvloop.run(_Clients(index).serve())
    except ImportError:
        asyncio.run(_Clients(index).serve())
    return 0


class _Client:
    __slots__ = ("websocket", "sender", "counts", "waiting", "listening")

    def __init__(self, websocket, sender: bool):
        self.websocket = websocket
        self.sender = sender
        self.counts: Counter = Counter()  # message copies received, by phase
        self.waiting: dict = {}  # client_id -> the semaphore its copy releases (flood)
        self.listening = None


class _Clients:
    """Reads commands from stdin, one JSON line each, and answers each on stdout."""

    def __init__(self, index: int):
        self.index = index
        self.clients: list[_Client] = []
        self.closing = False
        self._reset()

    def _reset(self) -> None:
        self.last_frame = time.monotonic()
        self.latencies: dict = defaultdict(list)
        self.windows: dict = {}
        self.in_window: Counter = Counter()
        self.frames: Counter = Counter()
        self.bytes: Counter = Counter()
        self._tallies()

    def _tallies(self) -> None:
        self.errors: Counter = Counter()
        self.closed: Counter = Counter()
        self.other: Counter = Counter()

    async def serve(self) -> None:
        while line := await asyncio.to_thread(sys.stdin.readline):
            command = json.loads(line)
            try:
                reply = await getattr(self, "_" + command.pop("command"))(**command)
            except Exception as error:  # noqa: BLE001 — reported to the bench, which stops
                reply = {"failure": f"{type(error).__name__}: {error}"}
            sys.stdout.write(json.dumps(reply) + "\n")
            sys.stdout.flush()
        await self._close()

    async def _open(self, url: str, origin: str, sessions: list[str], senders: int) -> dict:
        from websockets.asyncio.client import connect

        self._reset()
        gate = asyncio.Semaphore(16)

        async def one(number: int, session: str) -> _Client:
            async with gate:
                websocket = await connect(
                    url,
                    origin=origin,
                    additional_headers={"Cookie": f"sessionid={session}"},
                    compression=None,
                    proxy=None,
                    open_timeout=60,
                    ping_interval=None,
                    close_timeout=5,
                )
            client = _Client(websocket, sender=number < senders)
            client.listening = asyncio.create_task(self._listen(client))
            return client

        self.clients = await asyncio.gather(*(one(n, s) for n, s in enumerate(sessions)))
        return {"opened": len(self.clients)}

    async def _listen(self, client: _Client) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in client.websocket:
                now = self.last_frame = time.monotonic()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "message":
                    found = STAMP.search(frame.get("body_html") or "")
                    if found is None:
                        self.other["message without a bench stamp"] += 1
                        continue
                    phase = found[1]
                    client.counts[phase] += 1
                    self.frames[phase] += 1
                    self.bytes[phase] += len(raw)
                    window = self.windows.get(phase)
                    if window and window[0] <= now < window[1]:
                        self.in_window[phase] += 1
                    if phase.startswith("rate"):
                        self.latencies[phase].append(now - float(found[2]))
                    if client.waiting:
                        waiting = client.waiting.pop(frame.get("client_id"), None)
                        if waiting is not None:
                            waiting.release()
                elif kind == "error":
                    self.errors[str(frame.get("code"))] += 1
                    if client.waiting:  # a refused message frees its place
                        client.waiting.pop(next(iter(client.waiting))).release()
                else:
                    self.other[str(kind)] += 1
        except ConnectionClosed:
            pass
        if not self.closing:
            self.closed[str(client.websocket.close_code)] += 1

    async def _quiet(self, seconds: float = 1.0, limit: float = 60.0) -> dict:
        """Wait until nothing has arrived for `seconds`: the joins' presence frames are out."""
        deadline = time.monotonic() + limit
        while time.monotonic() - self.last_frame < seconds and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        return self._tally()

    def _tally(self) -> dict:
        reply = {"errors": self.errors, "closed": self.closed, "other": self.other}
        self._tallies()
        return reply

    def _message(self, phase: str) -> tuple[str, str]:
        client_id = str(uuid.uuid4())
        body = BODY.format(phase=phase, stamp=time.monotonic())
        return client_id, json.dumps({"type": "message", "body": body, "client_id": client_id})

    async def _rate(self, phase: str, rate: float, start: float, until: float) -> dict:
        """Send `rate` messages a second from start to until, turn about between the senders."""
        senders = [client for client in self.clients if client.sender]
        sent = 0
        while (at := start + sent / rate) < until:
            if (delay := at - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            _, text = self._message(phase)
            await senders[sent % len(senders)].websocket.send(text)
            sent += 1
        return {"sent": sent}

    async def _flood(self, phase: str, in_flight: int, start: float, window: list) -> dict:
        """Every sender sends whenever fewer than `in_flight` of its messages are unanswered."""
        self.windows[phase] = window
        until = window[1]
        await asyncio.sleep(max(0.0, start - time.monotonic()))

        async def pump(client: _Client) -> int:
            places = asyncio.Semaphore(in_flight)
            sent = 0
            while (left := until - time.monotonic()) > 0:
                try:
                    await asyncio.wait_for(places.acquire(), left)
                except TimeoutError:
                    break
                if time.monotonic() >= until:
                    break
                client_id, text = self._message(phase)
                client.waiting[client_id] = places
                await client.websocket.send(text)
                sent += 1
            return sent

        senders = [client for client in self.clients if client.sender]
        counts = await asyncio.gather(*(pump(client) for client in senders))
        for client in senders:
            client.waiting.clear()
        return {"sent": sum(counts)}

    async def _collect(self, phase: str, expected: int) -> dict:
        """Once every client has `expected` copies (or none came for SETTLE seconds): counts."""
        deadline = time.monotonic() + 60
        seen, changed = -1, time.monotonic()
        while time.monotonic() < deadline:
            counts = [client.counts[phase] for client in self.clients]
            if min(counts, default=expected) >= expected:
                break
            if sum(counts) != seen:
                seen, changed = sum(counts), time.monotonic()
            elif time.monotonic() - changed > SETTLE:
                break
            await asyncio.sleep(0.05)
        return {
            "received": [client.counts[phase] for client in self.clients],
            "in_window": self.in_window[phase],
            "frames": self.frames[phase],
            "bytes": self.bytes[phase],
            "latencies_ms": [round(s * 1000, 2) for s in self.latencies.pop(phase, [])],
            **self._tally(),
        }

    async def _close(self) -> dict:
        self.closing = True
        await asyncio.gather(
            *(client.websocket.close() for client in self.clients), return_exceptions=True
        )
        await asyncio.gather(*(client.listening for client in self.clients), return_exceptions=True)
        self.clients = []
        self.closing = False
        return {}


if __name__ == "__main__":
    sys.exit(main())
