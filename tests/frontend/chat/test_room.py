"""The room page without JavaScript: history, who may see it, opening times, and the reads."""

import re

import pytest
from django.urls import reverse

from community.chat.models import Participant
from community.chat.services.presence import arrive
from community.chat.services.rooms import drop_in_room
from community.safety.services import block_person
from tests.factories import MembershipFactory, PersonFactory
from tests.frontend.chat.conftest import conversation, say, stranger, uk
from tests.frontend.conftest import page_text, signed_in


def room_url(room):
    return reverse("chat_room", args=[room.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, room):
    response = client.get(room_url(room))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_booked_member_sees_the_room_with_its_history(booked_client, room, host, advisor):
    say(room, host, "Welcome **everyone**")
    say(room, advisor, "Ask me about PAs")
    response = booked_client.get(room_url(room))
    assert response.status_code == 200
    page = response.content.decode()
    text = page_text(response)
    assert "<h1>Direct payments drop-in</h1>" in page
    assert "Tuesday 8 December, 10:00 to 12:00" in text
    assert "Open now, until 12:00" in text
    assert "Welcome <strong>everyone</strong>" in page
    assert text.index("Welcome everyone") < text.index("Ask me about PAs")
    assert "Harbour Host" in text and "Trained advisor — Leeds Independent Living" in text
    assert re.search(r'<time class="chat-time" datetime="2026-12-08T', page)
    assert 'id="chat-messages"' in page and 'role="log"' in page and 'aria-live="polite"' in page
    assert 'id="chat-form"' in page and 'id="chat-body"' in page
    assert 'name="client_id"' in page
    assert "js/chat.js" in page


def test_message_markup_is_escaped_and_only_the_sanitised_body_is_trusted(
    booked_client, room, host
):
    host.display_name = "<b>Host</b>"
    host.save()
    say(room, host, "<script>alert(1)</script> hello")
    page = booked_client.get(room_url(room)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;b&gt;Host&lt;/b&gt;" in page


def test_each_message_has_an_anchor_and_its_id(booked_client, room, host):
    message = say(room, host, "Hi")
    page = booked_client.get(room_url(room)).content.decode()
    assert f'id="message-{message.pk}" data-id="{message.pk}"' in page
    assert f'data-last-id="{message.pk}"' in page


def test_member_not_booked_sees_the_booking_offer_and_no_history(member_client, room, host):
    say(room, host, "Something only booked people read")
    response = member_client.get(room_url(room))
    assert response.status_code == 403
    text = page_text(response)
    assert "Something only booked people read" not in text
    assert "Book a place to join" in text
    book_url = reverse("events_book", args=[room.occurrence.event.slug, room.occurrence_id])
    assert f'href="{book_url}"' in response.content.decode()
    assert not Participant.objects.filter(room=room).exists()


def test_full_date_offers_the_waiting_list_instead(member_client, room, date):
    date.capacity = 0
    date.save()
    text = page_text(member_client.get(room_url(room)))
    assert "This date is full" in text and "Join the waiting list" in text


def test_stranger_cannot_tell_a_private_conversation_exists(member, advisor):
    talk = conversation(member, advisor)
    say(talk, member, "Private words")
    response = signed_in(stranger()).get(room_url(talk))
    assert response.status_code == 404
    assert "Private words" not in response.content.decode()


def test_private_conversation_names_the_people_in_it(member_client, member, advisor):
    talk = conversation(member, advisor)
    say(talk, advisor, "How can I help?")
    response = member_client.get(room_url(talk))
    assert response.status_code == 200
    text = page_text(response)
    assert "Conversation with Ada Advisor" in text
    assert "In this conversation" in text and "How can I help?" in text
    # Not a shared room: no presence count, nobody to mute or block per message.
    assert "people here" not in text
    assert "Mute" not in text


def test_closed_room_says_when_it_opens_and_offers_no_form(booked_client, room, clock):
    clock.move_to(uk(9, 0))
    response = booked_client.get(room_url(room))
    text = page_text(response)
    assert "This room opens at 9:45 on Tuesday 8 December." in text
    assert "You can read what was said, but not send messages." in text
    assert 'id="chat-form"' not in response.content.decode()


def test_room_after_the_drop_in_says_it_has_ended(booked_client, room, host, clock):
    say(room, host, "Thanks for coming")
    clock.move_to(uk(12, 30))
    text = page_text(booked_client.get(room_url(room)))
    assert "This drop-in has ended." in text
    assert "Thanks for coming" in text


def test_older_messages_are_a_link_that_works_without_javascript(booked_client, room, host):
    messages = [say(room, host, f"Message number {n}") for n in range(55)]
    response = booked_client.get(room_url(room))
    text = page_text(response)
    assert "Message number 54" in text and "Message number 5 " in text
    assert "Message number 4 " not in text
    older = f"?before={messages[5].pk}"
    assert f'href="{older}"' in response.content.decode()
    older_page = booked_client.get(room_url(room) + older)
    older_text = page_text(older_page)
    assert "Message number 4 " in older_text and "Message number 0 " in older_text
    assert "Message number 5 " not in older_text
    assert "Back to the newest messages" in older_text
    # The older page is not the live end of the room, so the live client is not loaded.
    assert "js/chat.js" not in older_page.content.decode()


def test_opening_the_room_marks_it_read_up_to_the_newest_message(booked_client, booked, room, host):
    say(room, host, "One")
    newest = say(room, host, "Two")
    booked_client.get(room_url(room))
    assert Participant.objects.get(room=room, person=booked).last_read_id == newest.pk


def test_new_messages_since_last_visit_are_marked(booked_client, booked, room, host):
    say(room, host, "Seen")
    booked_client.get(room_url(room))
    say(room, host, "Not seen yet")
    page = booked_client.get(room_url(room)).content.decode()
    assert page.index("New since you last looked") < page.index("Not seen yet")
    assert page.index("Seen") < page.index("New since you last looked")


def test_own_recent_message_has_edit_and_delete(booked_client, booked, room, clock):
    mine = say(room, booked, "Mine")
    text = page_text(booked_client.get(room_url(room)))
    assert "Edit your message" in text and "Delete your message" in text
    clock.move_to(uk(10, 45))
    text = page_text(booked_client.get(room_url(room)))
    assert "Edit your message" not in text
    assert mine.pk


def test_member_sees_block_but_not_mute_on_other_peoples_messages(booked_client, room, host):
    say(room, host, "Hi")
    text = page_text(booked_client.get(room_url(room)))
    assert "Block Harbour Host" in text
    assert "Mute Harbour Host" not in text and "Remove this message" not in text


def test_host_sees_remove_and_mute_on_other_peoples_messages(host_client, room, booked):
    say(room, booked, "Hi")
    text = page_text(host_client.get(room_url(room)))
    assert "Remove this message from Rosa" in text
    assert "Mute Rosa" in text


def test_presence_names_advisors_and_counts_people(booked_client, room, advisor):
    arrive(room=room, person=advisor, socket="one")
    text = page_text(booked_client.get(room_url(room)))
    assert "1 person here now." in text
    assert "Advisors here: Ada Advisor." in text


def test_presence_leaves_out_people_kept_apart_by_a_block_either_way(
    booked_client, booked, room, advisor, host
):
    other = PersonFactory(display_name="Other")
    for socket, person in (("one", advisor), ("two", host), ("three", other)):
        arrive(room=room, person=person, socket=socket)
    block_person(blocker=booked, blocked=advisor)
    block_person(blocker=host, blocked=booked)
    text = page_text(booked_client.get(room_url(room)))
    assert "1 person here now." in text
    assert "Ada Advisor" not in text and "Harbour Host" not in text
    assert "Advisors here" not in text


def test_presence_still_names_advisors_who_are_not_kept_apart(booked_client, booked, room, host):
    advisor = PersonFactory(display_name="Blocked Ben")
    MembershipFactory(person=advisor, organisation=room.organisation, role="advisor")
    arrive(room=room, person=advisor, socket="one")
    arrive(room=room, person=host, socket="two")
    block_person(blocker=booked, blocked=advisor)
    text = page_text(booked_client.get(room_url(room)))
    assert "1 person here now." in text
    assert "Advisors here: Harbour Host." in text


def test_drop_in_address_opens_the_dates_room(booked_client, date):
    response = booked_client.get(reverse("chat_drop_in", args=[date.pk]))
    room = drop_in_room(occurrence=date)
    assert response.status_code == 302
    assert response["Location"] == room_url(room)


def test_drop_in_address_is_not_found_when_the_event_has_no_chat_room(
    booked_client, date, drop_in_event
):
    drop_in_event.use_site_chat_room = False
    drop_in_event.save()
    assert booked_client.get(reverse("chat_drop_in", args=[date.pk])).status_code == 404


# Session, person, room, the permission checks, the participant, blocks (hidden authors, and
# the people kept apart for presence and the queue), messages, badges, the queue, presence and
# the header's two counts, and whether the viewer sees messages others do not (the organisation's
# staff): the same however many messages and authors.
ROOM_PAGE_QUERIES = 21


@pytest.mark.parametrize("how_many", [1, 40])
def test_room_page_queries_do_not_grow_with_messages(
    booked_client, room, django_assert_num_queries, how_many
):
    authors = [PersonFactory() for _ in range(4)]
    for author in authors[:2]:
        MembershipFactory(person=author, organisation=room.organisation, role="advisor")
    for n in range(how_many):
        say(room, authors[n % len(authors)], f"Message {n}")
    booked_client.get(room_url(room))  # the first visit makes the participant row and reads
    with django_assert_num_queries(ROOM_PAGE_QUERIES):
        response = booked_client.get(room_url(room))
    assert f"Message {how_many - 1}" in page_text(response)
