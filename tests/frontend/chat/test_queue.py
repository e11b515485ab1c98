"""'Talk privately to an advisor' with plain buttons, handing a conversation on to staff, and
the organisation's figures (numbers only)."""

import re

from django.urls import reverse

from community.chat.models import Participant, QueueEntry, Room
from community.chat.services.queue import join_queue, leave_queue, take_from_queue
from community.safety.services import block_person
from tests.factories import PersonFactory
from tests.frontend.chat.conftest import book, conversation, say, uk
from tests.frontend.conftest import page_text, signed_in


def room_url(room):
    return reverse("chat_room", args=[room.pk])


def test_member_asks_to_talk_privately_and_sees_their_place(booked_client, booked, room, date):
    other = book(PersonFactory(), date)
    join_queue(person=other, room=room)
    response = booked_client.post(reverse("chat_queue_join", args=[room.pk]))
    assert response["Location"] == f"{room_url(room)}#chat-queue"
    assert QueueEntry.objects.filter(person=booked, taken__isnull=True).exists()
    text = page_text(booked_client.get(room_url(room)))
    assert "You are number 2 in the queue." in text
    assert "Leave the queue" in text and "Ask to talk privately" not in text


def test_member_leaves_the_queue(booked_client, booked, room):
    join_queue(person=booked, room=room)
    booked_client.post(reverse("chat_queue_leave", args=[room.pk]))
    assert QueueEntry.objects.get(person=booked).left is not None
    assert "Ask to talk privately" in page_text(booked_client.get(room_url(room)))


def test_asking_is_only_possible_while_the_room_is_open(booked_client, room, clock):
    clock.move_to(uk(9, 0))
    text = page_text(booked_client.get(room_url(room)))
    assert "You can ask to talk privately while the drop-in is open." in text
    booked_client.post(reverse("chat_queue_join", args=[room.pk]))
    assert not QueueEntry.objects.exists()


def test_host_sees_the_queue_and_takes_the_next_person(host_client, host, booked, room):
    join_queue(person=booked, room=room)
    text = page_text(host_client.get(room_url(room)))
    assert "1 person is waiting to talk privately." in text
    assert "Take next person" in text and "Talk to Rosa" in text
    response = host_client.post(reverse("chat_queue_take", args=[room.pk]))
    entry = QueueEntry.objects.get(person=booked)
    assert entry.taken_by == host and entry.conversation.is_private
    assert response["Location"] == room_url(entry.conversation)
    assert "Conversation with Rosa" in page_text(host_client.get(response["Location"]))


def test_advisor_talks_to_a_chosen_person(host_client, host, booked, room, date):
    first = book(PersonFactory(display_name="First"), date)
    join_queue(person=first, room=room)
    join_queue(person=booked, room=room)
    chosen = QueueEntry.objects.get(person=booked)
    host_client.post(reverse("chat_queue_take", args=[room.pk]), {"entry": chosen.pk})
    chosen.refresh_from_db()
    assert chosen.taken is not None
    assert QueueEntry.objects.get(person=first).taken is None


def test_taking_when_nobody_waits_says_so(host_client, room):
    response = host_client.post(reverse("chat_queue_take", args=[room.pk]), follow=True)
    assert "Nobody is waiting." in page_text(response)


def test_member_cannot_take_from_the_queue(booked_client, room, date):
    join_queue(person=book(PersonFactory(), date), room=room)
    assert booked_client.post(reverse("chat_queue_take", args=[room.pk])).status_code == 403


def test_member_is_shown_the_way_to_their_private_conversation(booked_client, booked, host, room):
    join_queue(person=booked, room=room)
    entry = take_from_queue(advisor=host, room=room)
    page = booked_client.get(room_url(room)).content.decode()
    assert "Go to your private conversation with Harbour Host" in page
    assert f'href="{room_url(entry.conversation)}"' in page


def test_advisor_hands_a_conversation_on_to_staff(org, staff, advisor, member, member_client):
    talk = conversation(member, advisor, organisation=org)
    say(talk, member, "I think my PA is not being paid properly")
    advisor_client = signed_in(advisor)
    page = page_text(advisor_client.get(room_url(talk)))
    assert "Hand on to staff" in page and "Sam from Leeds" in page
    assert "Hand on to staff" not in page_text(member_client.get(room_url(talk)))

    response = advisor_client.post(
        reverse("chat_hand_on", args=[talk.pk]), {"hand-on-staff": staff.pk}
    )
    assert response["Location"] == reverse("chat")
    assert Participant.objects.get(room=talk, person=staff).active
    assert not Participant.objects.get(room=talk, person=advisor).active
    assert "I think my PA" in page_text(signed_in(staff).get(room_url(talk)))
    assert advisor_client.get(room_url(talk)).status_code == 404


def test_handing_on_needs_a_staff_member_chosen(org, advisor, member):
    talk = conversation(member, advisor, organisation=org)
    response = signed_in(advisor).post(reverse("chat_hand_on", args=[talk.pk]), {})
    assert response.status_code == 400
    assert "Choose who should take over." in page_text(response)


def test_staff_see_private_talk_figures_but_not_who(staff_client, booked, host, room, clock, date):
    join_queue(person=booked, room=room)
    other = book(PersonFactory(display_name="Left Early"), date)
    join_queue(person=other, room=room)
    leave_queue(person=other, room=room)
    clock.move_to(uk(10, 36))
    take_from_queue(advisor=host, room=room)
    text = page_text(staff_client.get(room_url(room)))
    assert "Private talks at this drop-in" in text
    assert "Private conversations 1" in text and "People who asked 2" in text
    assert "Left the queue before an advisor was free 1" in text
    assert "Average wait 6 minutes" in text and "Longest wait 6 minutes" in text
    assert "Left Early" not in text


def test_members_do_not_see_the_figures(booked_client, room):
    assert "Private talks at this drop-in" not in page_text(booked_client.get(room_url(room)))
    assert Room.objects.count() == 1


def test_helpers_do_not_see_people_kept_apart_from_them_in_the_queue(
    host_client, host, booked, room, date
):
    join_queue(person=booked, room=room)
    later = book(PersonFactory(display_name="Later"), date)
    join_queue(person=later, room=room)
    block_person(blocker=booked, blocked=host)
    response = host_client.get(room_url(room))
    text = page_text(response)
    assert "Rosa" not in text
    assert "1 person is waiting to talk privately." in text
    # Numbered as "Take next person" takes them: the first the helper can talk to.
    assert "1. Later, waiting since" in text
    entry = QueueEntry.objects.get(person=booked)
    assert f'name="entry" value="{entry.pk}"' not in response.content.decode()


def test_helpers_see_nobody_waiting_when_everyone_waiting_is_kept_apart(
    host_client, host, booked, room
):
    join_queue(person=booked, room=room)
    block_person(blocker=host, blocked=booked)
    response = host_client.get(room_url(room))
    assert "Nobody is waiting to talk privately." in page_text(response)
    assert re.search(r'<form id="chat-take-next"[^>]* hidden>', response.content.decode())


def test_the_place_in_the_queue_is_always_a_status_region(booked_client, booked, room):
    place = r'<p id="chat-queue-place" class="chat-queue-place" role="status">'
    assert re.search(place + "</p>", booked_client.get(room_url(room)).content.decode())
    join_queue(person=booked, room=room)
    page = booked_client.get(room_url(room)).content.decode()
    assert re.search(place + "You are number 1 in the queue.</p>", page)


def test_someone_waiting_can_check_again_without_javascript(booked_client, booked, room):
    response = booked_client.post(reverse("chat_queue_join", args=[room.pk]), follow=True)
    text = page_text(response)
    assert "Stay on this page" not in text
    assert "If nothing has changed after a few minutes, choose “Check again”." in text
    assert "a link to your private conversation shows here" in text
    page = response.content.decode()
    assert f'<a id="chat-queue-check" href="{room_url(room)}#chat-queue">Check again</a>' in page
