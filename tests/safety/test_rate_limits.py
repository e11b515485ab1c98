"""Rate limits, defined once (settings.RATE_LIMITS, community.rate_limits) and the same at every
door: the pages answer 429 with the message by the form and what was typed kept; the API answers
429 with the code "too_fast" and Retry-After; the chat socket sends an error frame."""

import html

import pytest
import time_machine
from allauth.account.models import EmailAddress
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import User
from community.rate_limits import RateLimited, allowance, check_rate, check_rates
from community.safety.models import Report
from community.safety.reports import report_concern
from community.support.models import SupportRequest
from events.models import Booking
from forums.models import Post, Topic
from tests.api.chat.conftest import send
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, PersonFactory
from tests.forums.fixtures import answer
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper

API = "/api/v1"


def api_for(person) -> APIClient:
    client = APIClient()
    client.force_login(person)
    return client


def retry_after(response) -> int:
    return int(response["Retry-After"])


def assert_refused_page(response, *, kept: str):
    """A page refused by a rate limit: 429, the message shown, and the typed text still there."""
    assert response.status_code == 429
    assert "Please wait" in page_text(response)
    assert html.escape(kept) in response.content.decode()


def assert_refused_api(response, *, window: int):
    assert response.status_code == 429, response.content
    assert response.json()["code"] == "too_fast"
    assert "Please wait" in response.json()["detail"]
    assert 1 <= retry_after(response) <= window


# ---- The counter -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_is_counted_by_their_account_and_a_visitor_by_their_address(rate_limits):
    rate_limits(reply="2/60")
    person, other = PersonFactory(), PersonFactory()
    for _ in range(2):
        check_rate("reply", person=person, address="192.0.2.1")
    with pytest.raises(RateLimited) as refused:
        check_rate("reply", person=person, address="192.0.2.99")
    assert (refused.value.code, refused.value.action) == ("too_fast", "reply")
    # Someone else at the same address has their own allowance, and so does a visitor.
    check_rate("reply", person=other, address="192.0.2.1")
    check_rate("reply", person=AnonymousUser(), address="192.0.2.1")
    check_rate("reply", address="192.0.2.1")
    with pytest.raises(RateLimited):
        check_rate("reply", address="192.0.2.1")
    check_rate("reply", address="192.0.2.2")


def test_each_action_has_its_own_allowance(rate_limits):
    rate_limits(topic="1/600", reply="1/60")
    check_rate("topic", address="192.0.2.1")
    check_rate("reply", address="192.0.2.1")
    with pytest.raises(RateLimited):
        check_rate("topic", address="192.0.2.1")


def test_retry_after_is_what_is_left_of_the_window_and_then_it_starts_again(rate_limits):
    if isinstance(caches["default"], RedisCache):
        pytest.skip("Redis keeps its own clock for expiry, which time-machine cannot move")
    rate_limits(topic="1/600")
    with time_machine.travel("2026-03-02 10:00:00 +0000", tick=False) as traveller:
        check_rate("topic", address="192.0.2.1")
        traveller.shift(200)
        with pytest.raises(RateLimited) as refused:
            check_rate("topic", address="192.0.2.1")
        assert refused.value.retry_after == 400
        assert "Please wait 7 minutes, then try again." in refused.value.message
        traveller.shift(401)
        check_rate("topic", address="192.0.2.1")


def test_a_batch_counts_each_entry_in_order(rate_limits):
    rate_limits(message="1/10")
    first, again, other = check_rates("message", [1, 1, 2])
    assert first is None and other is None
    assert isinstance(again, RateLimited) and 1 <= again.retry_after <= 10


@pytest.mark.parametrize("action", list(settings.RATE_LIMITS))
def test_every_action_is_refused_in_its_own_plain_words(action):
    count, seconds = allowance(action)
    message = RateLimited(action, retry_after=45).message
    assert "You are doing this" not in message  # the catch-all words for an unknown action
    assert "Please wait 45 seconds, then try again." in message
    assert f"up to {count} " in message


def test_the_allowance_is_said_in_words():
    assert RateLimited("reply", retry_after=1).message == (
        "You are replying very quickly. Please wait 1 second, then try again. "
        f"You can post up to {allowance('reply')[0]} replies every minute."
    )


# ---- Replies: the done-when test --------------------------------------------------------------


def _reply_by_page(client, topic, body):
    return client.post(reverse("forums_reply", args=[topic.pk]), {"body": body, "action": "post"})


def _reply_by_api(client, topic, body):
    return client.post(f"{API}/forums/topics/{topic.pk}/posts/", {"body": body}, format="json")


def _until_refused(send_one, most: int) -> tuple[int, object]:
    """Send as fast as possible until refused: how many went through, and the refusal."""
    for sent in range(most):
        response = send_one(sent)
        if response.status_code not in (201, 302):
            return sent, response
    raise AssertionError(f"nothing was refused after {most}")


@pytest.mark.django_db
def test_replies_are_refused_at_the_same_count_on_the_pages_and_through_the_api(question):
    allowed, window = allowance("reply")
    on_pages, by_api = PersonFactory(), PersonFactory()
    page_client, api_client = signed_in(on_pages), api_for(by_api)

    page_count, page_refusal = _until_refused(
        lambda n: _reply_by_page(page_client, question, f"Reply {n}: it's my turn to say"),
        allowed + 5,
    )
    api_count, api_refusal = _until_refused(
        lambda n: _reply_by_api(api_client, question, f"API reply {n}"), allowed + 5
    )

    assert page_count == api_count == allowed
    typed = f"Reply {allowed}: it's my turn to say"
    assert_refused_page(page_refusal, kept=typed)
    assert "You are replying very quickly." in page_text(page_refusal)
    assert f">\n{html.escape(typed)}</textarea>" in page_refusal.content.decode()
    assert_refused_api(api_refusal, window=window)
    assert Post.objects.filter(author=on_pages).count() == allowed
    assert Post.objects.filter(author=by_api).count() == allowed


@pytest.mark.django_db
def test_replies_on_the_pages_and_through_the_api_share_one_allowance(question):
    allowed, window = allowance("reply")
    person = PersonFactory()
    page_client, api_client = signed_in(person), api_for(person)
    on_pages = allowed // 2
    for number in range(on_pages):
        assert _reply_by_page(page_client, question, f"Page reply {number}").status_code == 302
    for number in range(allowed - on_pages):
        assert _reply_by_api(api_client, question, f"API reply {number}").status_code == 201

    assert_refused_api(_reply_by_api(api_client, question, "One more"), window=window)
    assert_refused_page(_reply_by_page(page_client, question, "One more"), kept="One more")
    assert Post.objects.filter(author=person).count() == allowed


# ---- Topics ----------------------------------------------------------------------------------


def _topic_fields(category, title):
    return {
        "title": title,
        "category": category.slug,
        "kind": "question",
        "body": "She works 10 hours a week. How much holiday does she get?",
        "action": "post",
    }


@pytest.mark.django_db
def test_new_topics_are_limited_on_the_pages_and_through_the_api_together(category, rate_limits):
    rate_limits(topic="2/600")
    person = PersonFactory()
    page_client, api_client = signed_in(person), api_for(person)
    new_topic = reverse("forums_new_topic")
    first = page_client.post(new_topic, _topic_fields(category, "How do I pay holiday pay?"))
    assert first.status_code == 302
    second = api_client.post(
        f"{API}/forums/topics/",
        {"category": category.slug, "title": "Can my PA be my cousin?", "body": "She asked."},
        format="json",
    )
    assert second.status_code == 201

    refused = page_client.post(new_topic, _topic_fields(category, "What about sick pay for her?"))
    assert_refused_page(refused, kept="What about sick pay for her?")
    assert "You are starting topics very quickly." in page_text(refused)
    assert html.escape("She works 10 hours a week.") in refused.content.decode()
    by_api = api_client.post(
        f"{API}/forums/topics/",
        {"category": category.slug, "title": "And pensions for my PA?", "body": "Hmm."},
        format="json",
    )
    assert_refused_api(by_api, window=600)
    assert Topic.objects.filter(author=person).count() == 2


# ---- Chat messages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_chat_messages_through_the_api_are_refused_with_429(community_room, rate_limits):
    rate_limits(message="2/10")
    client = api_for(PersonFactory())
    assert [send(client, community_room, f"Hi {n}").status_code for n in range(2)] == [201, 201]
    assert_refused_api(send(client, community_room, "Hi again"), window=10)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_chat_messages_count_the_same_through_the_api_and_the_socket(
    sockets, community_room, rate_limits
):
    rate_limits(message="3/60")
    person = await sync_to_async(PersonFactory)()
    client = await sync_to_async(api_for)(person)
    for number in range(2):
        answer_ = await sync_to_async(send)(client, community_room, f"From the API {number}")
        assert answer_.status_code == 201
    tab = await sockets.entered(community_room, person)
    await tab.say("From the socket")
    await tab.until("message")
    too_many = await tab.say("One too many")
    frames = await tab.until("error")
    [error] = [frame for frame in frames if frame["type"] == "error"]
    assert error["code"] == "too_fast" and error["client_id"] == too_many
    assert "You are sending messages very quickly." in error["detail"]


# ---- Requests for help -----------------------------------------------------------------------


def _ask_fields(**changes):
    return {
        "wants": "one_off",
        "way_to_talk": "chat",
        "area": "leeds",
        "language": "en",
        "access_needs": "",
        "body": "How do I pay my PA's holiday?",
        **changes,
    }


@pytest.mark.django_db
def test_requests_for_help_are_limited_on_the_page_and_through_the_api(rate_limits):
    rate_limits(request="1/3600")
    organisation = OrganisationFactory(verified=True)
    jo = helper(organisation, display_name="Jo", areas=["leeds"], ways=["chat"])
    member = PersonFactory()
    page_client, api_client = signed_in(member), api_for(member)
    ask = reverse("ask_for_help")
    assert page_client.post(ask, _ask_fields(advisor=jo.pk)).status_code == 302

    refused = page_client.post(ask, _ask_fields(advisor=jo.pk, body="And my PA's sick pay?"))
    assert_refused_page(refused, kept="And my PA's sick pay?")
    assert "You have asked for help many times" in page_text(refused)
    by_api = api_client.post(
        f"{API}/support-requests/",
        {"body": "One more question", "wants": "one_off", "advisor_id": jo.pk},
    )
    assert_refused_api(by_api, window=3600)
    assert SupportRequest.objects.filter(member=member).count() == 1


# ---- Bookings --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bookings_are_limited_on_the_page_and_through_the_api(rate_limits):
    rate_limits(booking="1/600")
    event = EventFactory()
    dates = [OccurrenceFactory(event=event) for _ in range(3)]
    person = PersonFactory()
    page_client, api_client = signed_in(person), api_for(person)

    def book_url(date):
        return reverse("events_book", args=[event.slug, date.pk])

    assert page_client.post(book_url(dates[0]), {"for_whom": "me"}).status_code == 302
    refused = page_client.post(
        book_url(dates[1]), {"for_whom": "me", "access_notes": "A seat near the door"}
    )
    assert_refused_page(refused, kept="A seat near the door")
    assert "You are booking places very quickly." in page_text(refused)
    by_api = api_client.post(reverse("api:booking-list"), {"occurrence": dates[2].pk})
    assert_refused_api(by_api, window=600)
    assert Booking.objects.filter(person=person).count() == 1


# ---- Reports ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reports_are_limited_in_the_service_and_through_the_api(question, rate_limits):
    rate_limits(report="1/600")
    writer, reporter = PersonFactory(), PersonFactory()
    posts = [answer(writer, question, f"Reply {number}") for number in range(3)]
    report_concern(reporter=reporter, kind="post", object_id=posts[0].pk, reason="spam")
    with pytest.raises(RateLimited):
        report_concern(reporter=reporter, kind="post", object_id=posts[1].pk, reason="spam")
    by_api = api_for(reporter).post(
        f"{API}/reports/",
        {"kind": "post", "object_id": posts[2].pk, "reason": "unkind"},
        format="json",
    )
    assert_refused_api(by_api, window=600)
    assert Report.objects.filter(reporter=reporter).count() == 1


# ---- Signing up and logging in (counted per address) -----------------------------------------


def _sign_up(client, email, display_name):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "display_name": display_name,
            "password1": "plenty-of-words-here-9",
            "password2": "plenty-of-words-here-9",
        },
    )


@pytest.mark.django_db
def test_sign_ups_from_one_address_are_limited_and_the_form_keeps_the_email(rate_limits):
    rate_limits(sign_up="1/3600")
    client = Client()
    assert _sign_up(client, "first@example.org", "Robin").status_code == 302
    # Mistakes cost nothing: only complete sign-ups are counted.
    assert _sign_up(Client(), "not-an-address", "Wren").status_code == 200

    refused = _sign_up(Client(), "second@example.org", "Wren")
    assert_refused_page(refused, kept="second@example.org")
    assert "Many accounts have been made from this internet connection." in page_text(refused)
    assert not User.objects.filter(email="second@example.org").exists()
    # Another address is not held up.
    elsewhere = Client(REMOTE_ADDR="192.0.2.50")
    assert _sign_up(elsewhere, "third@example.org", "Finch").status_code == 302


def _confirmed_person():
    person = PersonFactory(email="rosa@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def _log_in(client, password):
    return client.post(
        reverse("account_login"), {"login": "rosa@example.org", "password": password}
    )


@pytest.mark.django_db
def test_log_in_tries_from_one_address_are_limited_even_with_the_right_password(rate_limits):
    rate_limits(log_in="2/600")
    _confirmed_person()
    client = Client()
    assert _log_in(client, "wrong-password-1").status_code == 200
    assert _log_in(client, "wrong-password-2").status_code == 200

    refused = _log_in(client, DEFAULT_PASSWORD)
    assert_refused_page(refused, kept="rosa@example.org")
    assert "There have been many tries to log in from here." in page_text(refused)
    assert "_auth_user_id" not in client.session
    other_address = Client(REMOTE_ADDR="192.0.2.50")
    assert _log_in(other_address, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_api_tokens_share_the_log_in_pages_allowance(rate_limits):
    rate_limits(log_in="2/600")
    _confirmed_person()
    assert _log_in(Client(), DEFAULT_PASSWORD).status_code == 302
    token = reverse("api:token")
    credentials = {"email": "rosa@example.org", "password": DEFAULT_PASSWORD}
    assert APIClient().post(token, credentials, format="json").status_code == 200

    refused = APIClient().post(token, credentials, format="json")
    assert_refused_api(refused, window=600)
    assert "There have been many tries to log in from here." in refused.json()["detail"]
