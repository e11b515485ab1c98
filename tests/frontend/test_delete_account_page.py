"""The "Delete your account" page: asks again for the password unless the person signed in a
moment ago, says what will happen, keeps their choice on a mistake, then signs them out."""

import asyncio
import re

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client
from django.urls import reverse

from community.models import User
from config.asgi import application
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.frontend.conftest import page_text, signed_in

SAME_ORIGIN = (b"origin", b"http://testserver")


def _just_signed_in(person) -> Client:
    """Signed in, and the password typed again a moment ago, as the page asks."""
    client = signed_in(person)
    answer = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert answer.status_code == 302
    return client


def test_the_page_says_what_will_happen_and_offers_the_download_first(db):
    client = _just_signed_in(PersonFactory())
    answer = client.get(reverse("delete_account"))
    assert answer.status_code == 200
    text = page_text(answer)
    assert "we cancel the places you booked for dates to come" in text
    assert "download your data" in text
    assert answer["Cache-Control"].startswith("max-age=0") or "no-store" in answer["Cache-Control"]


def test_the_password_is_asked_for_again_first(db):
    client = signed_in(PersonFactory())
    answer = client.get(reverse("delete_account"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("account_reauthenticate"))


def test_visitors_are_sent_to_sign_in(db):
    answer = Client().get(reverse("delete_account"))
    assert answer.status_code == 302 and reverse("account_login") in answer["Location"]


def test_a_missing_answer_is_named_and_the_choice_kept(db):
    person = PersonFactory()
    client = _just_signed_in(person)
    answer = client.post(reverse("delete_account"), {"posts": "remove"})
    assert answer.status_code == 400
    text = page_text(answer)
    assert "Tick the box to say you understand this cannot be undone." in text
    assert re.search(r'<input[^>]*value="remove"[^>]*checked', answer.content.decode())
    assert User.objects.filter(pk=person.pk).exists()


def test_deleting_signs_the_person_out_and_the_account_is_gone(db):
    person = PersonFactory()
    client = _just_signed_in(person)
    answer = client.post(reverse("delete_account"), {"posts": "keep", "understood": "on"})
    assert answer.status_code == 302 and answer["Location"] == reverse("account_deleted")
    assert not User.objects.filter(pk=person.pk).exists()
    goodbye = client.get(answer["Location"])
    assert "Your account is deleted" in page_text(goodbye)
    assert client.get(reverse("my_profile")).status_code == 302  # signed out


@pytest.mark.django_db(transaction=True)
async def test_open_tabs_are_closed_when_the_account_is_deleted():
    person = await sync_to_async(PersonFactory)()
    client = Client()
    await sync_to_async(client.force_login)(person)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}".encode()
    tab = WebsocketCommunicator(application, "/ws/me/", headers=[SAME_ORIGIN, (b"cookie", cookie)])
    connected, _ = await tab.connect()
    assert connected
    await tab.receive_json_from(timeout=5)  # the unread count

    from community.safety.erasing import delete_account

    await sync_to_async(delete_account)(person=person, remove_posts=False)
    for _ in range(5):  # other first frames may come before the close
        output = await tab.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            assert output["code"] == 4403
            break
    else:
        pytest.fail("the tab stayed open")
    await asyncio.sleep(0)
