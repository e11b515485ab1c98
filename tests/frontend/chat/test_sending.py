"""Sending without JavaScript, and changing what was said: edit, delete, remove, mute."""

import re
import uuid

from django.urls import reverse

from community.chat.models import BODY_MAX, Message, Participant
from tests.factories import PersonFactory
from tests.frontend.chat.conftest import say, uk
from tests.frontend.conftest import page_text, signed_in


def room_url(room):
    return reverse("chat_room", args=[room.pk])


def test_sending_stores_the_message_and_returns_to_it(booked_client, booked, room):
    response = booked_client.post(
        room_url(room), {"body": "Can I pay my **daughter**?", "client_id": str(uuid.uuid4())}
    )
    message = Message.objects.get()
    assert message.author == booked and message.body_html.count("<strong>daughter</strong>") == 1
    assert response.status_code == 302
    assert response["Location"] == f"{room_url(room)}#message-{message.pk}"


def test_the_form_carries_a_fresh_client_id_each_time(booked_client, room):
    first = booked_client.get(room_url(room)).content.decode()
    second = booked_client.get(room_url(room)).content.decode()

    def client_id(page):
        start = page.index('name="client_id" value="') + len('name="client_id" value="')
        return page[start : start + 36]

    assert uuid.UUID(client_id(first)) != uuid.UUID(client_id(second))


def test_pressing_send_twice_stores_the_message_once(booked_client, room):
    form = {"body": "Hello all", "client_id": str(uuid.uuid4())}
    first = booked_client.post(room_url(room), form)
    second = booked_client.post(room_url(room), form)
    assert Message.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_message_too_long_is_refused_next_to_the_box_and_the_text_is_kept(booked_client, room):
    long_text = "Words and more words. " * 100
    response = booked_client.post(
        room_url(room), {"body": long_text, "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    page = response.content.decode()
    text = page_text(response)
    assert f"Messages can be up to {BODY_MAX:,} characters" in text
    assert 'id="id_body_error"' in page and 'href="#chat-body"' in page
    assert long_text.strip()[:200] in text
    assert not Message.objects.exists()


def test_an_empty_message_is_refused_with_plain_words(booked_client, room):
    response = booked_client.post(room_url(room), {"body": "   ", "client_id": str(uuid.uuid4())})
    assert response.status_code == 400
    assert "Write a message first." in page_text(response)


def test_a_closed_room_refuses_messages_and_says_when_it_opens(booked_client, room, clock):
    clock.move_to(uk(9, 0))
    response = booked_client.post(room_url(room), {"body": "Early", "client_id": str(uuid.uuid4())})
    assert response.status_code == 400
    text = page_text(response)
    assert "This room is closed, so messages cannot be sent now." in text
    assert "This room opens at 9:45 on Tuesday 8 December." in text
    assert not Message.objects.exists()


def test_a_member_not_booked_cannot_send(member_client, room):
    response = member_client.post(room_url(room), {"body": "Hi", "client_id": str(uuid.uuid4())})
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_editing_your_message_within_ten_minutes(booked_client, booked, room):
    message = say(room, booked, "Helo")
    edit_url = reverse("chat_message_edit", args=[message.pk])
    assert "Helo" in page_text(booked_client.get(edit_url))
    response = booked_client.post(edit_url, {"body": "Hello"})
    assert response["Location"] == f"{room_url(room)}#message-{message.pk}"
    message.refresh_from_db()
    assert message.body == "Hello" and message.edited is not None
    assert "edited" in page_text(booked_client.get(room_url(room)))


def test_editing_after_ten_minutes_is_refused(booked_client, booked, room, clock):
    message = say(room, booked, "Old")
    clock.move_to(uk(10, 45))
    assert booked_client.get(reverse("chat_message_edit", args=[message.pk])).status_code == 403
    response = booked_client.post(reverse("chat_message_edit", args=[message.pk]), {"body": "X"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.body == "Old"


def test_deleting_your_message_leaves_a_marker(booked_client, booked, room):
    message = say(room, booked, "Oops, wrong room")
    booked_client.post(reverse("chat_message_remove", args=[message.pk]))
    message.refresh_from_db()
    assert message.removed is not None
    text = page_text(booked_client.get(room_url(room)))
    assert "This message was removed." in text and "Oops, wrong room" not in text


def test_host_removes_someone_elses_message(host_client, host, booked, room):
    message = say(room, booked, "Something unkind")
    response = host_client.post(reverse("chat_message_remove", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.removed_by == host


def test_member_cannot_remove_someone_elses_message(booked_client, host, room):
    message = say(room, host, "Welcome")
    response = booked_client.post(reverse("chat_message_remove", args=[message.pk]))
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.removed is None


def test_host_mutes_and_unmutes_a_member(host_client, booked, booked_client, room):
    say(room, booked, "Hi")
    mute_url = reverse("chat_mute", args=[room.pk])
    response = host_client.post(mute_url, {"person": booked.pk, "next": room_url(room)})
    assert response.status_code == 302
    assert Participant.objects.get(room=room, person=booked).muted
    assert "Unmute Rosa" in page_text(host_client.get(room_url(room)))

    page = booked_client.get(room_url(room))
    assert "A host has muted you in this room" in page_text(page)
    assert 'id="chat-form"' not in page.content.decode()
    refused = booked_client.post(room_url(room), {"body": "Hi", "client_id": str(uuid.uuid4())})
    assert refused.status_code == 400
    assert Message.objects.count() == 1

    host_client.post(mute_url, {"person": booked.pk, "muted": "no"})
    assert not Participant.objects.get(room=room, person=booked).muted


def test_member_cannot_mute_anyone(booked_client, host, room):
    response = booked_client.post(reverse("chat_mute", args=[room.pk]), {"person": host.pk})
    assert response.status_code == 403


def test_a_community_room_is_open_to_every_member(member_client, community_room):
    response = member_client.post(
        room_url(community_room), {"body": "Hello", "client_id": str(uuid.uuid4())}
    )
    assert response.status_code == 302
    assert Message.objects.filter(room=community_room).count() == 1


def test_moderator_mutes_in_a_community_room(db, community_room, member):
    moderator = PersonFactory(is_moderator=True)
    say(community_room, member, "Spam")
    response = signed_in(moderator).post(
        reverse("chat_mute", args=[community_room.pk]), {"person": member.pk}
    )
    assert response.status_code == 302
    assert Participant.objects.get(room=community_room, person=member).muted


def test_the_message_box_has_no_browser_limit_that_would_cut_pasted_text(booked_client, room):
    page = booked_client.get(room_url(room)).content.decode()
    box = re.search(r"<textarea[^>]*>", page).group(0)
    assert 'id="chat-body"' in box and "maxlength" not in box
    assert f"in up to {BODY_MAX:,} characters" in page_text(booked_client.get(room_url(room)))


def test_the_edit_box_has_no_browser_limit_either(booked_client, booked, room, clock):
    message = say(room, booked, "Typo here")
    page = booked_client.get(reverse("chat_message_edit", args=[message.pk])).content.decode()
    assert "maxlength" not in re.search(r"<textarea[^>]*>", page).group(0)


def test_line_breaks_from_a_plain_form_count_once_like_the_live_chat(booked_client, room):
    # 1,000 lines: within the limit when each break is one character, over it as "\r\n".
    body = "\r\n".join(["x"] * 1000)
    response = booked_client.post(room_url(room), {"body": body, "client_id": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Message.objects.get().body == "\n".join(["x"] * 1000)


def test_an_edit_from_a_plain_form_stores_plain_line_breaks(booked_client, booked, room, clock):
    message = say(room, booked, "First line")
    booked_client.post(
        reverse("chat_message_edit", args=[message.pk]), {"body": "First line\r\nSecond line"}
    )
    message.refresh_from_db()
    assert message.body == "First line\nSecond line"
