"""The XSS corpus through chat: messages sent by the API and by the no-JavaScript room page, then
shown on the room page (every page of older messages) and in the API's history."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.chat.models import Message, Room
from frontend.views.chat.room import PAGE_SIZE
from tests.factories import PersonFactory
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door, follow_api_pages

pytestmark = pytest.mark.django_db


def test_chat_messages_show_nothing_dangerous():
    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Tea and chat")
    writer, reader = PersonFactory(), PersonFactory()
    page_client, reader_client = signed_in(writer), signed_in(reader)
    api = APIClient()
    api.force_login(writer)
    room_url = reverse("chat_room", args=[room.pk])
    form_baseline = page_client.get(room_url).content.decode()
    api.post(
        f"/api/v1/chat/rooms/{room.pk}/messages/", {"body": "Hello", "client_id": str(uuid.uuid4())}
    )
    room_baseline = reader_client.get(room_url).content.decode()
    tally = Tally("chat message")

    for door, vector in by_door("chat message"):
        fields = {"body": vector, "client_id": str(uuid.uuid4())}
        if door == "page":
            tally.page_write(
                vector, page_client.post(room_url, fields), form_baseline=form_baseline
            )
        else:
            response = api.post(f"/api/v1/chat/rooms/{room.pk}/messages/", fields, format="json")
            tally.api_write(vector, response)

    newest_first = list(
        Message.objects.filter(room=room).order_by("-pk").values_list("pk", flat=True)
    )
    befores = [None, *newest_first[PAGE_SIZE - 1 :: PAGE_SIZE]]
    for before in befores:
        page = reader_client.get(room_url, {"before": before} if before else {}).content.decode()
        assert "alert(1)" in page  # the vectors are on the page, as text
        tally.check_page(f"room page before {before}", page, room_baseline)
    reader_api = APIClient()
    reader_api.force_login(reader)
    follow_api_pages(tally, reader_api, f"/api/v1/chat/rooms/{room.pk}/messages/")
    tally.assert_clean(at_least=WITHOUT_NUL)
