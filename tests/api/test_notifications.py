"""/api/v1/notifications/: a person's own notifications and marking them read."""

import asyncio

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from community.models import Notification
from community.services.broadcasts import person_group
from tests.factories import PersonFactory


def make(person, count, **fields):
    return [
        Notification.objects.create(
            recipient=person, kind="community.role_granted", message=f"Note {n}", **fields
        )
        for n in range(count)
    ]


def test_only_own_notifications_are_listed_newest_first(signed_in, member):
    mine = make(member, 2)
    make(PersonFactory(), 1)

    response = signed_in(member).get("/api/v1/notifications/")

    body = response.json()
    assert response.status_code == 200
    assert [n["id"] for n in body["results"]] == [mine[1].pk, mine[0].pk]
    assert body["results"][0] == {
        "id": mine[1].pk,
        "kind": "community.role_granted",
        "message": "Note 1",
        "url": "",
        "created": body["results"][0]["created"],
        "is_read": False,
        "read_at": None,
    }


def test_notifications_page_by_cursor_without_repeats(signed_in, member):
    notes = make(member, 5)
    client = signed_in(member)

    first = client.get("/api/v1/notifications/", {"page_size": 3}).json()
    second = client.get(first["next"]).json()

    seen = [n["id"] for n in first["results"] + second["results"]]
    assert seen == [n.pk for n in reversed(notes)]
    assert second["next"] is None


def test_anonymous_has_no_notifications(client, db):
    response = client.get("/api/v1/notifications/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_mark_some_read(signed_in, member):
    notes = make(member, 3)

    response = signed_in(member).post(
        "/api/v1/notifications/mark-read/", data={"ids": [notes[0].pk, notes[1].pk]}
    )

    assert response.status_code == 200
    assert response.json() == {"marked": 2, "unread": 1}


def test_mark_all_read_and_open_tabs_hear_the_new_count(
    signed_in, member, django_capture_on_commit_callbacks
):
    make(member, 3)
    layer = get_channel_layer()
    client = signed_in(member)

    def mark_all_read():
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/api/v1/notifications/mark-read/", data={}).json()

    async def heard():
        # One event loop throughout, as in a server process.
        channel = await layer.new_channel()
        await layer.group_add(person_group(member.pk), channel)
        answer = await sync_to_async(mark_all_read)()
        return answer, await asyncio.wait_for(layer.receive(channel), 5)

    answer, message = async_to_sync(heard)()
    assert answer == {"marked": 3, "unread": 0}
    assert message == {
        "type": "unread.count",
        "notifications": 0,
        "group": person_group(member.pk),  # community.live hands it to that group's tabs
    }


def test_other_peoples_notifications_cannot_be_marked(signed_in, member):
    theirs = make(PersonFactory(), 1)[0]

    response = signed_in(member).post("/api/v1/notifications/mark-read/", data={"ids": [theirs.pk]})

    assert response.json() == {"marked": 0, "unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_cannot_mark_read(client, db):
    response = client.post("/api/v1/notifications/mark-read/", data={})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
