"""The permission matrix's WebSocket doors (see test_permission_matrix.py): both sockets refuse
suspended and banned people, and an open socket closes when its person is suspended. These
need real transactions, so they live apart from the matrix's shared, rolled-back world."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from community.chat.models import Room
from community.consumers import ACCOUNT_CLOSED
from community.safety.restrictions import act_on_person
from tests.chat.sockets import Sockets
from tests.factories import PersonFactory

EVERYDAY = ["member", "suspended", "banned"]


def _socket_cast():
    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Employing a PA")
    soon = timezone.now() + datetime.timedelta(days=3)
    return room, {
        "member": PersonFactory(),
        "suspended": PersonFactory(suspended_until=soon),
        "banned": PersonFactory(banned=True),
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", EVERYDAY)
@pytest.mark.parametrize("path", ["room", "me"])
async def test_sockets_refuse_barred_people(chat_sockets_settings, role, path):
    room, people = await sync_to_async(_socket_cast)()
    sockets = Sockets()
    try:
        where = f"/ws/rooms/{room.pk}/" if path == "room" else "/ws/me/"
        tab = await sockets.open(where, people[role])
        assert tab.connected is (role == "member"), tab.close_code
        if role != "member" and tab.close_code is not None:
            assert tab.close_code == 4403
    finally:
        await sockets.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["room", "me"])
async def test_an_open_socket_closes_when_the_person_is_suspended(chat_sockets_settings, path):
    room, people = await sync_to_async(_socket_cast)()
    moderator = await sync_to_async(PersonFactory)(is_moderator=True)
    person = people["member"]
    sockets = Sockets()
    try:
        if path == "room":
            tab = await sockets.entered(room, person)
        else:
            tab = await sockets.me(person)
        await sync_to_async(act_on_person)(
            actor=moderator, person=person, action="suspend", reason="Spamming", days=3
        )
        frame = await tab.next(skip=("presence", "unread", "chat_unread", "message"))
        while frame["type"] != "closed":
            frame = await tab.next(skip=("presence", "unread", "chat_unread", "message"))
        assert frame["code"] == ACCOUNT_CLOSED
    finally:
        await sockets.close_all()
