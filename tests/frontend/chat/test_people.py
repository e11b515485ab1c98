"""Starting a private conversation, blocking and unblocking, and the list of people blocked."""

from django.urls import reverse

from community.chat.models import Room
from community.safety.models import Block
from tests.factories import PersonFactory
from tests.frontend.chat.conftest import conversation, say, stranger
from tests.frontend.conftest import page_text, signed_in


def test_member_starts_a_conversation_with_an_advisor(member_client, member, advisor):
    response = member_client.post(reverse("chat_start", args=[advisor.pk]))
    room = Room.objects.get(kind=Room.Kind.PRIVATE)
    assert response["Location"] == reverse("chat_room", args=[room.pk])
    again = member_client.post(reverse("chat_start", args=[advisor.pk]))
    assert again["Location"] == response["Location"]
    assert Room.objects.count() == 1


def test_member_cannot_start_one_with_another_member_and_is_told_why(member_client):
    response = member_client.post(reverse("chat_start", args=[stranger().pk]))
    assert response.status_code == 403
    text = page_text(response)
    assert "You can start a private conversation with a peer advisor or planning partner" in text
    assert not Room.objects.exists()


def test_starting_a_conversation_needs_a_post(member_client, advisor):
    assert member_client.get(reverse("chat_start", args=[advisor.pk])).status_code == 405


def test_blocking_someone_hides_their_messages_and_lists_them(booked_client, booked, host, room):
    say(room, host, "A message from the host")
    response = booked_client.post(
        reverse("chat_block", args=[host.pk]), {"next": reverse("chat_room", args=[room.pk])}
    )
    assert response["Location"] == reverse("chat_room", args=[room.pk])
    assert Block.objects.filter(blocker=booked, blocked=host).exists()
    assert "A message from the host" not in page_text(booked_client.get(response["Location"]))
    blocked = page_text(booked_client.get(reverse("chat_blocked")))
    assert "Harbour Host" in blocked and "Unblock Harbour Host" in blocked


def test_unblocking_from_the_list(booked_client, booked, host):
    booked_client.post(reverse("chat_block", args=[host.pk]))
    response = booked_client.post(reverse("chat_unblock", args=[host.pk]))
    assert response["Location"] == reverse("chat_blocked")
    assert not Block.objects.exists()
    assert "You have not blocked anyone." in page_text(booked_client.get(reverse("chat_blocked")))


def test_blocking_yourself_is_refused_in_words(member_client, member):
    response = member_client.post(reverse("chat_block", args=[member.pk]), follow=True)
    assert "You cannot block yourself." in page_text(response)
    assert not Block.objects.exists()


def test_blocked_people_cannot_start_a_conversation(member, advisor):
    signed_in(member).post(reverse("chat_block", args=[advisor.pk]))
    response = signed_in(advisor).post(reverse("chat_start", args=[member.pk]))
    assert response.status_code == 403


def test_blocking_a_person_in_a_private_conversation(member_client, member, advisor):
    talk = conversation(member, advisor)
    assert "Block Ada Advisor" in page_text(member_client.get(reverse("chat_room", args=[talk.pk])))


def test_block_links_need_signing_in(client, db):
    person = PersonFactory()
    response = client.post(reverse("chat_block", args=[person.pk]))
    assert response.status_code == 302 and not Block.objects.exists()
    assert client.get(reverse("chat_blocked")).status_code == 302
