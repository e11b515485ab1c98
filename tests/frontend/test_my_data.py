"""The "Download your data" page: asking, seeing how it is going, downloading as yourself only."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.urls import reverse

from community.safety.exporting import request_data_export
from community.safety.models import DataExport
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.frontend.conftest import page_text, signed_in

MADE = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)


def reauthenticate(client):
    """Type the password again, as the download asks."""
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def ready(member, django_capture_on_commit_callbacks):
    with time_machine.travel(MADE, tick=False), django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(person=member)
    export.refresh_from_db()
    return export


def test_the_page_needs_signing_in(client, db):
    response = client.get(reverse("my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_profile_page_links_to_it(member_client):
    page = member_client.get(reverse("my_profile")).content.decode()
    assert f'<a href="{reverse("my_data")}">Download your data</a>' in page


def test_the_page_says_what_you_get_and_offers_a_plain_form(member_client):
    response = member_client.get(reverse("my_data"))
    page = response.content.decode()
    words = page_text(response)
    assert response.status_code == 200
    assert "Places you booked, with access needs" in words  # from the registered entries
    assert "You have not asked for a download yet." in words
    # Works without JavaScript: an ordinary form post with its CSRF token.
    assert f'<form method="post" action="{reverse("my_data")}">' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "Prepare my download" in words


def test_asking_builds_it_and_the_page_offers_the_download(
    member_client, member, django_capture_on_commit_callbacks
):
    with time_machine.travel(MADE, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = member_client.post(reverse("my_data"))
        assert response.status_code == 302 and response["Location"] == reverse("my_data")
        response = member_client.get(reverse("my_data"))
    export = DataExport.objects.get(person=member)
    words = page_text(response)
    assert "Thank you. We are getting your download ready." in words
    assert "Ready until 12 December, 10:00" in words
    assert f"Download (zip, {export.size / 1024:.1f} KB)" in words
    assert f'href="/account/my-data/{export.token}.zip"' in response.content.decode()


def test_while_it_is_being_made_the_page_says_so_and_offers_no_button(member_client, member):
    request_data_export(person=member)  # the worker has not run
    words = page_text(member_client.get(reverse("my_data")))
    assert "Getting it ready. We will tell you when it is ready" in words
    assert "Prepare my download" not in words


def test_asking_twice_while_it_is_being_made_is_refused_with_a_clear_message(member_client, member):
    request_data_export(person=member)
    response = member_client.post(reverse("my_data"), follow=True)
    assert "We are already getting your download ready." in page_text(response)
    assert DataExport.objects.filter(person=member).count() == 1


def test_the_download_asks_for_the_password_again_then_sends_the_zip(member_client, ready):
    address = reverse("my_data_download", args=[ready.token])
    with time_machine.travel(MADE + datetime.timedelta(hours=1), tick=True):  # before expiry
        response = member_client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        response = member_client.post(
            response["Location"], {"password": DEFAULT_PASSWORD}, follow=False
        )
        assert response["Location"] == address

        response = member_client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="alongside-my-data-2026-12-05.zip"'
    )
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"index.html", "README.txt", "bookings.json"} <= set(archive.namelist())


def test_a_wrong_password_gives_no_download(member_client, ready):
    address = reverse("my_data_download", args=[ready.token])
    member_client.post(reverse("account_reauthenticate"), {"password": "not-it"})
    assert member_client.get(address).status_code == 302


def test_another_person_cannot_download_it_even_with_the_link(ready):
    other = signed_in(PersonFactory())
    with time_machine.travel(MADE + datetime.timedelta(hours=1), tick=True):  # before expiry
        reauthenticate(other)
        assert other.get(reverse("my_data_download", args=[ready.token])).status_code == 404


def test_nobody_signed_out_can_download_it(client, ready):
    response = client.get(reverse("my_data_download", args=[ready.token]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_after_it_expires_the_link_is_gone_and_the_page_offers_a_new_one(member_client, ready):
    reauthenticate(member_client)
    address = reverse("my_data_download", args=[ready.token])
    with time_machine.travel(MADE + datetime.timedelta(days=7), tick=True):
        reauthenticate(member_client)
        assert member_client.get(address).status_code == 404
        words = page_text(member_client.get(reverse("my_data")))
    assert "You have not asked for a download yet." in words
    assert "Prepare my download" in words


@pytest.mark.parametrize("ready_too", [False, True])
def test_the_page_costs_the_same_queries_however_much_there_is(
    member_client, member, ready_too, django_assert_num_queries, request
):
    if ready_too:
        request.getfixturevalue("ready")
    # Session, person, the download's state, the header's unread chat and notification counts.
    with django_assert_num_queries(5):
        assert member_client.get(reverse("my_data")).status_code == 200


def test_a_failed_download_is_explained_and_can_be_asked_for_again(member_client, member):
    DataExport.objects.create(person=member, token="failed", state=DataExport.State.FAILED)
    words = page_text(member_client.get(reverse("my_data")))
    assert "Something went wrong and we could not make your download. Please ask again." in words
    assert "Prepare my download" in words
