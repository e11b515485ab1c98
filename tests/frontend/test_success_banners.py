"""Success messages that are heard (issue 14 point 1): after booking, cancelling or posting, the
page's title starts with what happened, and the GOV.UK notification banner is first in <main>
with role="alert", tabindex="-1", autofocus and a heading that names it. After a reply the page
opens at its top, and the banner links on to the reply."""

import datetime
import re

import pytest
import time_machine
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.contrib.messages.storage.base import Message
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Booking, Event
from events.services.bookings import book_place
from forums.models import Post
from frontend.shared.banners import Banner, banner_for, tell
from tests.events.factories import UK, EventFactory, OccurrenceFactory
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

# A Saturday; the drop-in is on the Tuesday after.
NOW = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=UK)
DROP_IN_STARTS = datetime.datetime(2026, 12, 8, 10, 0, tzinfo=UK)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def date(org):
    drop_in = EventFactory(
        organisation=org,
        kind=Event.Kind.DROP_IN,
        title="Carers' drop-in",
        slug="carers-drop-in",
        capacity=5,
    )
    return OccurrenceFactory(
        event=drop_in,
        start=DROP_IN_STARTS,
        end=DROP_IN_STARTS + datetime.timedelta(hours=2),
        capacity=5,
    )


def title_of(response) -> str:
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found, "the page has no <title>"
    return " ".join(found.group(1).split()).replace("&#x27;", "'")


def banners_in(response) -> list[str]:
    """Each banner's opening tag and contents, as the page has them."""
    return re.findall(
        r'(<div class="banner [^"]*"[^>]*>.*?)</div>', response.content.decode(), re.S
    )


def assert_heard(response, *, headline: str) -> str:
    """The one banner is announced (role="alert"), takes focus, is first in <main>, and is
    labelled by its heading, which says `headline`. Returns the banner's HTML."""
    page = response.content.decode()
    [banner] = banners_in(response)
    opening = banner.split(">", 1)[0]
    assert 'role="alert"' in opening
    assert 'tabindex="-1"' in opening
    assert "autofocus" in opening
    labelled_by = re.search(r'aria-labelledby="([^"]+)"', opening).group(1)
    heading = re.search(rf'<h2 class="banner-heading" id="{labelled_by}">(.*?)</h2>', banner)
    assert heading, f"no heading labels the banner: {banner}"
    assert " ".join(heading.group(1).split()).replace("&#x27;", "'") == headline
    # Without JavaScript it is still the first thing in <main>, above the page's heading.
    assert re.search(r'<main[^>]*>\s*<div class="messages">\s*<div class="banner', page)
    assert page.index('class="banner') < page.index("<h1")
    assert 'src="/static/js/banners.js"' in page
    return banner


# ---- Booking and cancelling ----


def test_after_booking_the_title_starts_with_booked_and_the_banner_is_heard(member_client, date):
    response = member_client.post(
        reverse("events_book", args=[date.event.slug, date.pk]), {"for_whom": "me"}, follow=True
    )
    assert response.redirect_chain == [(reverse("events_my_bookings"), 302)]
    said = "Booked: Carers' drop-in on Tuesday 8 December"
    assert title_of(response) == f"{said} – Your bookings – Alongside"
    banner = assert_heard(response, headline=said)
    assert 'class="banner banner--success"' in banner
    assert "You have a place. We have sent you an e-mail with the details." in banner


def test_booking_for_someone_says_whom_in_the_title(member_client, date):
    response = member_client.post(
        reverse("events_book", args=[date.event.slug, date.pk]),
        {"for_whom": "cared_for", "for_person_name": "Mum"},
        follow=True,
    )
    said = "Booked for Mum: Carers' drop-in on Tuesday 8 December"
    assert title_of(response).startswith(f"{said} – ")
    assert "Mum has a place." in assert_heard(response, headline=said)


def test_a_full_date_says_on_the_waiting_list_in_the_title(member_client, date):
    for _ in range(date.capacity):
        book_place(person=PersonFactory(), occurrence=date)
    response = member_client.post(
        reverse("events_book", args=[date.event.slug, date.pk]), {"for_whom": "me"}, follow=True
    )
    said = "On the waiting list: Carers' drop-in on Tuesday 8 December"
    assert title_of(response).startswith(f"{said} – ")
    assert "you are on the waiting list" in assert_heard(response, headline=said)


def test_after_cancelling_the_title_starts_with_cancelled_and_the_banner_is_heard(
    member_client, member, date
):
    booking = book_place(person=member, occurrence=date)
    response = member_client.post(reverse("events_booking_cancel", args=[booking.pk]), follow=True)
    said = "Cancelled: Carers' drop-in on Tuesday 8 December"
    assert title_of(response) == f"{said} – Your bookings – Alongside"
    banner = assert_heard(response, headline=said)
    assert "The place is cancelled." in banner
    assert Booking.objects.get(pk=booking.pk).status == "cancelled"


def test_the_banner_is_shown_once(member_client, member, date):
    booking = book_place(person=member, occurrence=date)
    member_client.post(reverse("events_booking_cancel", args=[booking.pk]), follow=True)
    again = member_client.get(reverse("events_my_bookings"))
    assert banners_in(again) == []
    assert title_of(again) == "Your bookings – Alongside"


def test_a_banner_adds_no_query_to_the_page(member_client, member, date):
    book_place(person=member, occurrence=date)
    booking = book_place(person=member, occurrence=date, for_person_name="Mum")
    member_client.get(reverse("events_my_bookings"))  # the header's cached answers, warmed
    member_client.post(reverse("events_booking_cancel", args=[booking.pk]))
    with CaptureQueriesContext(connection) as with_banner:
        response = member_client.get(reverse("events_my_bookings"))
    assert len(banners_in(response)) == 1
    with CaptureQueriesContext(connection) as plain:
        response = member_client.get(reverse("events_my_bookings"))
    assert banners_in(response) == []
    assert len(with_banner) <= len(plain)


# ---- Posting ----


def test_a_new_topic_says_it_is_posted_in_the_title(member_client, category):
    response = member_client.post(
        reverse("forums_new_topic"),
        {
            "title": "How do I pay my PA's holiday pay?",
            "category": category.slug,
            "kind": "question",
            "body": "She works 10 hours a week.",
            "action": "post",
        },
        follow=True,
    )
    assert title_of(response).startswith(
        "Your topic is posted – How do I pay my PA's holiday pay? – "
    )
    assert_heard(response, headline="Your topic is posted.")


def test_after_a_reply_the_page_opens_at_the_banner_which_links_to_the_reply(
    member_client, question
):
    response = member_client.post(
        reverse("forums_reply", args=[question.pk]), {"body": "Ask for a review."}
    )
    # No #post-2: that would open the page below the banner.
    assert response["Location"] == f"{question.get_absolute_url()}?page=1"
    shown = member_client.get(response["Location"])
    assert title_of(shown) == (
        f"Your reply is posted – {question.title} – {question.category.name} – Alongside"
    )
    banner = assert_heard(shown, headline="Your reply is posted")
    reply = Post.objects.get(topic=question, number=2)
    assert f'<a class="banner-link" href="{reply.get_absolute_url()}">Go to your reply</a>' in (
        banner.replace("&amp;", "&")
    )
    assert 'id="post-2"' in shown.content.decode()


def test_a_reply_that_waits_for_a_moderator_says_so_in_the_title(category):
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    topic = ask(PersonFactory(), category)
    response = signed_in(newcomer).post(
        reverse("forums_reply", args=[topic.pk]), {"body": "Thank you, this helps."}, follow=True
    )
    said = "Your reply is waiting for a moderator"
    assert title_of(response).startswith(f"{said} – ")
    banner = assert_heard(response, headline=said)
    assert "A moderator will look at it soon" in banner
    assert "Go to your reply" in banner


def test_after_an_edit_the_banner_links_to_the_post(question, asker, replier):
    reply = answer(replier, question)
    replier_client = signed_in(replier)
    response = replier_client.post(
        reverse("forums_post_edit", args=[reply.pk]), {"body": "Yes, with the council's say."}
    )
    assert "#" not in response["Location"]
    shown = replier_client.get(response["Location"])
    assert title_of(shown).startswith("Your changes are saved – ")
    assert "Go to your post" in assert_heard(shown, headline="Your changes are saved")


# ---- Every other message ----


def test_an_ordinary_message_is_a_banner_headed_by_its_first_sentence(member_client):
    response = member_client.post(reverse("notifications_mark_read"), follow=True)
    said = "You had no unread notifications."
    assert title_of(response).startswith("You had no unread notifications – ")
    assert 'class="banner banner--info"' in assert_heard(response, headline=said)
    assert "You had no unread notifications" in page_text(response)


def request_with_messages(rf):
    request = rf.get("/")
    request.session = {}
    request._messages = default_storage(request)
    return request


def test_a_told_banner_and_an_ordinary_message_travel_together(rf):
    request = request_with_messages(rf)
    tell(request, "Booked: Carers' drop-in")
    messages.info(request, "You are logged in as Rosa.")
    first, second = messages.get_messages(request)
    assert banner_for(first).headline == "Booked: Carers' drop-in"
    assert banner_for(second) == Banner("You are logged in as Rosa.", level="info")


def test_the_page_with_two_messages_focuses_the_first(member_client, member, date):
    booking = book_place(person=member, occurrence=date)
    member_client.post(reverse("events_booking_cancel", args=[booking.pk]))
    response = member_client.post(reverse("notifications_mark_read"), follow=True)
    first, second = banners_in(response)
    assert "autofocus" in first.split(">", 1)[0]
    assert "autofocus" not in second.split(">", 1)[0]
    assert title_of(response).startswith("Cancelled: Carers' drop-in on Tuesday 8 December – ")


# ---- Reading a message back ----


def message(text: str, level: int = messages.SUCCESS) -> Message:
    return Message(level, text)


def test_the_first_sentence_is_the_headline_and_the_rest_the_details():
    banner = banner_for(message("Marked as the answer. It now shows under the question."))
    assert banner == Banner("Marked as the answer.", "It now shows under the question.")
    assert banner.title == "Marked as the answer"


@pytest.mark.parametrize(
    "text",
    [
        "You are booked on St. John's coffee morning.",
        "We have sent an e-mail to jo.smith@example.org.",
        "Dr. Khan can now see your plan.",
    ],
)
def test_dots_that_do_not_end_a_sentence_do_not_split_it(text):
    assert banner_for(message(text)).details == ""


def test_an_error_message_says_error_first_in_the_title():
    banner = banner_for(message("You cannot see this history.", messages.ERROR))
    assert banner.level == "error"
    assert banner.title == "Error: You cannot see this history"


def test_a_line_break_in_a_part_cannot_split_the_banner(rf):
    request = request_with_messages(rf)
    tell(
        request,
        "Booked: Tea\nand cake",
        details="You have a place.",
        link_text="Go to it",
        link_url="/x/",
    )
    [stored] = messages.get_messages(request)
    assert banner_for(stored) == Banner(
        "Booked: Tea and cake", "You have a place.", "Go to it", "/x/", "success"
    )
