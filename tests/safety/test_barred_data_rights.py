"""A suspended or banned person keeps their data rights: they can still download their data and
delete their account through the pages, while every other page is the barred page. And the
barring check never reads the session of a request that carries none, nor for calendar feeds."""

import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.models import User
from community.permissions import holds_account, is_signed_in
from community.safety.erasing import delete_account
from community.safety.exporting import request_data_export
from community.safety.models import DataExport
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.frontend.conftest import page_text, signed_in

pytestmark = pytest.mark.django_db

BARRED = {
    "suspended": {"suspended_until": timezone.now() + datetime.timedelta(days=30)},
    "banned": {"banned": True},
}


@pytest.fixture(params=sorted(BARRED))
def barred(request):
    return PersonFactory(bar_reason="Asking people for money", **BARRED[request.param])


def _reauthenticated(person) -> Client:
    """Signed in, and the password typed again a moment ago, as both pages ask."""
    client = signed_in(person)
    answer = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert answer.status_code == 302
    return client


def test_a_barred_person_holds_an_account_but_is_not_signed_in_for_anything_else(barred):
    assert holds_account(barred)
    assert not is_signed_in(barred)
    assert not holds_account(AnonymousUser())
    assert not holds_account(None)
    assert not holds_account(PersonFactory(is_active=False))


def test_the_barred_page_links_to_both_data_rights(barred):
    response = signed_in(barred).get("/")
    assert response.status_code == 403
    page = response.content.decode()
    assert f'href="{reverse("my_data")}"' in page
    assert f'href="{reverse("delete_account")}"' in page
    assert "download your data" in page_text(response)


def test_a_barred_person_can_ask_for_and_download_their_data(
    barred, django_capture_on_commit_callbacks
):
    client = signed_in(barred)
    assert client.get(reverse("my_data")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("my_data"))
    assert asked.status_code == 302 and asked["Location"] == reverse("my_data")
    export = DataExport.objects.get(person=barred)
    assert export.state == DataExport.State.READY
    assert "Download (zip" in page_text(client.get(reverse("my_data")))

    address = reverse("my_data_download", args=[export.token])
    assert client.get(address)["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    response = client.get(address)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "index.html" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_a_barred_person_can_delete_their_account(barred):
    client = _reauthenticated(barred)
    assert client.get(reverse("delete_account")).status_code == 200

    answer = client.post(reverse("delete_account"), {"posts": "keep", "understood": "on"})

    assert answer.status_code == 302 and answer["Location"] == reverse("account_deleted")
    assert not User.objects.filter(pk=barred.pk).exists()
    assert "Your account is deleted" in page_text(client.get(answer["Location"]))


def test_the_services_behind_both_pages_let_a_barred_person_through(barred):
    assert request_data_export(person=barred).person == barred
    delete_account(person=barred, remove_posts=False)
    assert not User.objects.filter(pk=barred.pk).exists()


@pytest.mark.parametrize(
    "name",
    ["home", "forums", "my_profile", "my_reports", "notifications", "moderation_queue"],
)
def test_every_other_page_is_still_the_barred_page(barred, name):
    response = _reauthenticated(barred).get(reverse(name))
    assert response.status_code == 403
    assert "Asking people for money" in page_text(response)


def test_a_feed_asked_for_with_no_session_cookie_never_touches_the_session(
    occurrence, django_assert_max_num_queries
):
    url = reverse("event_feed", args=[occurrence.event.slug])
    Client().get(url)  # build and cache the feed first
    with django_assert_max_num_queries(1) as captured:
        response = Client().get(url)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not [query for query in captured.captured_queries if "django_session" in query["sql"]]


def test_a_barred_person_still_gets_a_public_feed(barred, occurrence):
    response = signed_in(barred).get(reverse("event_feed", args=[occurrence.event.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
