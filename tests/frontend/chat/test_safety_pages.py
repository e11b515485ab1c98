"""Safety on the chat pages, without JavaScript (issue 10): each message has a Report link, the
room's organisation staff and moderators a Moderate button; waiting and hidden messages show only
to their author (marked) and to moderators; a message with risk words leads to the urgent-help
panel; new accounts are held to the same rules as in the API and on the socket."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.chat.models import Message
from community.safety.models import Case
from community.safety.visibility import Visibility
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.frontend.chat.conftest import say
from tests.frontend.conftest import page_text, signed_in


def _newcomer():
    return PersonFactory(display_name="Newcomer", date_joined=timezone.now())


def test_each_message_from_someone_else_has_a_report_link(booked_client, booked, room, host):
    theirs = say(room, host, "Welcome to the drop-in")
    mine = say(room, booked, "Thank you")

    html = booked_client.get(room.get_absolute_url()).content.decode()

    assert f'href="/report/chat_message/{theirs.pk}/"' in html
    assert f'href="/report/chat_message/{mine.pk}/"' not in html
    assert 'data-report-url="/report/chat_message/0/"' in html
    assert "/moderation/chat_message/" not in html  # members do not moderate


def test_the_rooms_organisation_staff_get_a_moderate_button(staff, room, host, booked):
    message = say(room, booked, "Hello")

    html = signed_in(staff).get(room.get_absolute_url()).content.decode()

    assert f'action="/moderation/chat_message/{message.pk}/"' in html
    assert 'data-moderate-url="/moderation/chat_message/0/"' in html


def test_a_moderator_gets_a_moderate_button_in_a_community_room(community_room):
    moderator = PersonFactory(is_moderator=True)
    message = say(community_room, PersonFactory(), "Hello")

    html = signed_in(moderator).get(community_room.get_absolute_url()).content.decode()

    assert f'action="/moderation/chat_message/{message.pk}/"' in html


def test_a_waiting_message_shows_to_its_author_marked_and_to_nobody_else(community_room):
    newcomer = _newcomer()
    client = signed_in(newcomer)
    response = client.post(
        community_room.get_absolute_url(),
        {"body": "Hello, I am new", "client_id": "8b0c1c52-29c9-4f4c-9d1e-8a3f7f3e2a10"},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.visibility == Visibility.WAITING

    own = client.get(community_room.get_absolute_url())
    assert 'class="waiting-note"' in own.content.decode()
    assert "Waiting for a moderator" in page_text(own)
    assert "Hello, I am new" in page_text(own)

    other = signed_in(PersonFactory()).get(community_room.get_absolute_url())
    assert "Hello, I am new" not in page_text(other)

    moderator = signed_in(PersonFactory(is_moderator=True))
    seen = moderator.get(community_room.get_absolute_url())
    assert "Hello, I am new" in page_text(seen)
    assert "Waiting for a moderator" in page_text(seen)


def test_a_hidden_message_is_marked_for_its_author(community_room):
    author = PersonFactory()
    say(community_room, author, "Something I said", visibility=Visibility.HIDDEN)

    text = page_text(signed_in(author).get(community_room.get_absolute_url()))
    assert "Hidden by a moderator. Other people cannot see this message." in text

    other = page_text(signed_in(PersonFactory()).get(community_room.get_absolute_url()))
    assert "Something I said" not in other


def test_sending_risk_words_from_the_page_leads_to_the_urgent_help_panel(community_room):
    person = PersonFactory()
    client = signed_in(person)

    response = client.post(
        community_room.get_absolute_url(),
        {"body": "I feel like ending it all", "client_id": "3f1d2c0e-7a55-4a61-9c0e-2b1f3e4d5a6b"},
    )

    assert response.status_code == 302
    assert client.session.get("urgent_help") is True
    assert Case.objects.get(kind="chat_message").urgent
    assert Message.objects.get().visibility == Visibility.SHOWN


def test_ordinary_words_do_not_set_the_urgent_help_flag(community_room):
    client = signed_in(PersonFactory())
    client.post(
        community_room.get_absolute_url(),
        {"body": "Hello", "client_id": "0b1d2c0e-7a55-4a61-9c0e-2b1f3e4d5a6b"},
    )
    assert "urgent_help" not in client.session


def test_too_many_links_from_a_new_account_keep_the_typed_text(community_room):
    body = "[a](https://a.example) [b](https://b.example) [c](https://c.example)"
    response = signed_in(_newcomer()).post(
        community_room.get_absolute_url(),
        {"body": body, "client_id": "1b1d2c0e-7a55-4a61-9c0e-2b1f3e4d5a6b"},
    )

    assert response.status_code == 400
    assert "New members can add up to 2 links" in page_text(response)
    assert "https://c.example" in response.content.decode()  # still in the box
    assert not Message.objects.exists()


def test_a_new_account_is_told_whom_it_can_talk_to_privately(db):
    newcomer = _newcomer()
    other = PersonFactory()
    client = signed_in(newcomer)

    response = client.post(reverse("chat_start", args=[other.pk]), follow=True)

    assert "New accounts can start private conversations with advisors" in page_text(response)
    advisor = advisor_of(OrganisationFactory(verified=True))
    started = client.post(reverse("chat_start", args=[advisor.pk]))
    assert started.status_code == 302 and "/chat/rooms/" in started["Location"]


@pytest.mark.parametrize("size", [1, 15])
def test_the_room_page_with_waiting_and_hidden_messages_takes_the_same_queries(
    community_room, size
):
    moderator = PersonFactory(is_moderator=True)
    for number in range(size):
        say(community_room, PersonFactory(), f"Waiting {number}", visibility=Visibility.WAITING)
        say(community_room, PersonFactory(), f"Hidden {number}", visibility=Visibility.HIDDEN)
        say(community_room, PersonFactory(), f"Shown {number}")
    client = signed_in(moderator)
    client.get(community_room.get_absolute_url())

    with CaptureQueriesContext(connection) as captured:
        response = client.get(community_room.get_absolute_url())

    assert response.content.decode().count("/moderation/chat_message/") == 3 * size + 1
    assert len(captured) <= 16
