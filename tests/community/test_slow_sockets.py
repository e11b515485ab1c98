"""A client that stops reading must not stall the others: its frames wait in a backlog written
by its own task, and past a bound its connection is dropped (it reconnects and replays)."""

import asyncio

from community import live
from community.live import LiveSocket


class FakeServerSide:
    """What uvicorn's protocol offers: a `writable` event cleared while the client's buffer is
    full, and a `send` that waits for it."""

    def __init__(self):
        self.writable = asyncio.Event()
        self.writable.set()
        self.sent: list[str] = []
        self.transport = self
        self.aborted = False

    async def send(self, message):
        await self.writable.wait()
        self.sent.append(message["text"])

    def abort(self):
        self.aborted = True


def socket_on(server_side) -> LiveSocket:
    socket = LiveSocket()
    socket.scope = {"raw_send": server_side.send}
    return socket


async def test_a_socket_whose_client_is_not_reading_does_not_hold_up_the_writer():
    server_side = FakeServerSide()
    socket = socket_on(server_side)
    await socket.write_text("one")
    server_side.writable.clear()  # the client stopped reading
    await asyncio.wait_for(socket.write_text("two"), 0.5)  # returns at once, not blocked
    await asyncio.wait_for(socket.write_text("three"), 0.5)
    assert server_side.sent == ["one"]
    server_side.writable.set()  # the client catches up
    await asyncio.sleep(0.05)
    assert server_side.sent == ["one", "two", "three"]
    await socket.write_text("four")  # back to writing directly
    assert server_side.sent[-1] == "four"


async def test_a_socket_too_far_behind_is_dropped_so_it_reconnects_and_replays(monkeypatch):
    monkeypatch.setattr(live, "SLOW_SOCKET_BACKLOG", 3)
    server_side = FakeServerSide()
    server_side.writable.clear()
    socket = socket_on(server_side)
    for number in range(5):
        await asyncio.wait_for(socket.write_text(str(number)), 0.5)
    assert server_side.aborted
    assert server_side.sent == []
