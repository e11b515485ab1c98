"""Two uvicorn processes on the test database and the same Redis, as in production, for the
integration tests that cross processes."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_servers(count: int = 2) -> tuple[list[int], list[subprocess.Popen]]:
    """Two uvicorn processes on the test database and the same Redis, as in production."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    ports = [free_port() for _ in range(count)]
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
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    deadline = time.monotonic() + 60
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the test servers did not start"
                time.sleep(0.2)
    return ports, servers


def stop(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        if server.poll() is None:
            server.terminate()
    for server in servers:
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a slow graceful shutdown is not what is tested
            server.kill()
            server.wait(timeout=10)


@pytest.fixture
def two_servers():
    ports, servers = start_servers()
    yield ports
    stop(servers)


@pytest.fixture
def two_server_processes():
    """As `two_servers`, with the processes, so a test can kill one."""
    ports, servers = start_servers()
    yield ports, servers
    stop(servers)


def session_cookie(person) -> str:
    client = Client()
    client.force_login(person)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
