"""Chat across two server processes sharing PostgreSQL and Redis: people on different processes
talk in one room; one process is killed mid-conversation; its client reconnects to the other
with `since` and has every message, none twice, and its resent message is stored once."""

import asyncio
import json
import uuid

import pytest
import websockets
from asgiref.sync import async_to_sync

from community.chat.models import Message, Room
from tests.factories import PersonFactory
from tests.integration.servers import session_cookie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Client:
    """One person's chat socket, keeping what a real client keeps: the messages by id."""

    def __init__(self, cookie: str, room_id: int):
        self.cookie = cookie
        self.room_id = room_id
        self.messages: dict[int, dict] = {}
        self.copies: list[int] = []  # every message frame's id, to catch duplicates
        self.acks: dict[str, int] = {}
        self.socket = None

    @property
    def last_id(self) -> int:
        return max(self.messages, default=0)

    async def connect(self, port: int) -> None:
        self.socket = await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/rooms/{self.room_id}/?since={self.last_id}",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": self.cookie},
        )
        await self.read_until(lambda frame: frame["type"] == "ready")

    async def send(self, body: str, client_id: str | None = None) -> str:
        client_id = client_id or str(uuid.uuid4())
        await self.socket.send(
            json.dumps({"type": "message", "body": body, "client_id": client_id})
        )
        return client_id

    async def read_until(self, done, timeout: float = 10) -> None:
        async with asyncio.timeout(timeout):
            while True:
                frame = json.loads(await self.socket.recv())
                if frame["type"] == "message":
                    self.messages[frame["id"]] = frame
                    self.copies.append(frame["id"])
                elif frame["type"] == "ack":
                    self.acks[frame["client_id"]] = frame["id"]
                elif frame["type"] == "error":
                    raise AssertionError(frame)
                if done(frame):
                    return

    async def wait_for_messages(self, count: int) -> None:
        if len(self.messages) < count:
            await self.read_until(lambda frame: len(self.messages) >= count)


def _room_with_two_people():
    first, second = PersonFactory(), PersonFactory()
    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Across processes")
    return room, session_cookie(first), session_cookie(second)


def test_a_client_of_a_killed_process_resumes_on_the_other_with_every_message_once(
    two_server_processes,
):
    (port_one, port_two), servers = two_server_processes
    room, first_cookie, second_cookie = _room_with_two_people()

    async def scenario():
        anna = Client(first_cookie, room.pk)  # on process one throughout
        ben = Client(second_cookie, room.pk)  # on process two, until it dies
        await anna.connect(port_one)
        await ben.connect(port_two)

        for number in range(3):  # they talk across the two processes
            await anna.send(f"Anna {number}")
            await ben.send(f"Ben {number}")
        await anna.wait_for_messages(6)
        await ben.wait_for_messages(6)

        # Ben sends one more; process two dies before he hears it back.
        unsure = await ben.send("Ben, sent as the server died")
        await anna.wait_for_messages(7)
        servers[1].kill()
        servers[1].wait(timeout=10)
        with pytest.raises(websockets.ConnectionClosed):
            await ben.read_until(lambda frame: False, timeout=5)

        for number in range(3, 6):  # Anna carries on while Ben is away
            await anna.send(f"Anna {number}")
        await anna.wait_for_messages(10)

        # Ben's client reconnects to process one from his last id and resends the unsure one.
        await ben.connect(port_one)
        await ben.send("Ben, sent as the server died", client_id=unsure)
        await ben.read_until(lambda frame: frame["type"] == "ack" and frame["client_id"] == unsure)
        await ben.send("Ben, back")
        await anna.wait_for_messages(11)
        await ben.wait_for_messages(11)
        for client in (anna, ben):
            await client.socket.close()
        return anna, ben

    anna, ben = async_to_sync(scenario)()

    stored = list(Message.objects.filter(room=room).order_by("pk").values_list("pk", "body"))
    assert len(stored) == 11
    assert [body for _, body in stored].count("Ben, sent as the server died") == 1
    for client in (anna, ben):
        assert sorted(client.messages) == [pk for pk, _ in stored]
        assert len(client.copies) == len(set(client.copies)), "a message arrived twice"


def test_a_message_reaches_people_on_both_processes_once(two_servers):
    port_one, port_two = two_servers
    room, first_cookie, second_cookie = _room_with_two_people()

    async def scenario():
        here, there = Client(first_cookie, room.pk), Client(second_cookie, room.pk)
        await here.connect(port_one)
        await there.connect(port_two)
        await here.send("Hello from process one")
        await there.wait_for_messages(1)
        await here.wait_for_messages(1)
        await asyncio.sleep(0.5)  # nothing more arrives: one copy each
        for client in (here, there):
            await client.socket.close()
        return here, there

    here, there = async_to_sync(scenario)()
    assert here.copies == there.copies == [Message.objects.get(room=room).pk]
