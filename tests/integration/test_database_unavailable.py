"""On PostgreSQL: when every pooled connection is busy past the pool's wait, or the server
refuses connections, the API answers 503 try_again_later in JSON and pages show the busy page;
nobody sees the crash page, and nothing is half-saved."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from events.models import Booking
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def database_settings():
    """Change how the site connects for one test: every connection and pool is made afresh,
    before and after."""
    settings_dict = connection.settings_dict
    saved = {"PORT": settings_dict["PORT"], "OPTIONS": dict(settings_dict["OPTIONS"])}
    connection.close()
    connection.close_pool()
    yield settings_dict
    connection.close()
    connection.close_pool()
    settings_dict.update(saved)


@pytest.fixture
def pool_of_one(database_settings):
    database_settings["OPTIONS"]["pool"] = {"min_size": 1, "max_size": 1, "timeout": 0.1}


@pytest.fixture
def refusing_server(database_settings):
    def refuse():
        connection.close()
        connection.close_pool()
        database_settings["OPTIONS"].pop("pool", None)
        database_settings["PORT"] = "1"  # nothing listens there: every connection is refused

    return refuse


def test_booking_while_the_only_pooled_connection_is_busy_answers_503(pool_of_one):
    occurrence = OccurrenceFactory()
    client = APIClient()
    client.force_authenticate(PersonFactory())
    connection.close()  # hands this thread's connection back to the pool
    taken, done = threading.Event(), threading.Event()

    def hold_the_only_connection():
        connection.ensure_connection()  # this thread's own connection, from the pool
        taken.set()
        done.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_the_only_connection)
    holder.start()
    assert taken.wait(5)
    try:
        response = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})
    finally:
        done.set()
        holder.join()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "try_again_later"
    assert not Booking.objects.exists()


def test_the_api_answers_503_when_the_server_refuses_connections(refusing_server):
    occurrence = OccurrenceFactory()
    client = APIClient()
    client.force_authenticate(PersonFactory())
    refusing_server()

    response = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})

    assert response.status_code == 503
    assert response.json()["code"] == "try_again_later"


def test_pages_say_try_again_when_the_server_refuses_connections(refusing_server):
    client = Client()
    client.force_login(PersonFactory())
    refusing_server()

    response = client.get(reverse("events_my_bookings"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The site is busy – please try again" in response.content.decode()
