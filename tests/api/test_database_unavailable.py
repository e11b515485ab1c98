"""When the database is briefly out of reach, the API answers 503 in JSON with a stable code and
Retry-After, never an HTML 500; the schema says so."""

import pytest
from django.db import connection
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from events.models import Booking
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory
from tests.locked_database import table_locked_by_another_connection

# On PostgreSQL the same moments are tested in tests/integration/test_database_unavailable.py.
needs_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="a lock SQLite refuses")


@needs_sqlite
@pytest.mark.django_db(transaction=True)
def test_booking_while_the_database_is_locked_answers_503_try_again_later():
    occurrence = OccurrenceFactory()
    client = APIClient()
    client.force_authenticate(PersonFactory())

    with table_locked_by_another_connection("events_occurrence"):
        response = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "code": "try_again_later",
        "detail": "The site is very busy just now, so we could not do that. Please wait a "
        "minute, then try again.",
    }
    assert not Booking.objects.exists()


@needs_sqlite
@pytest.mark.django_db(transaction=True)
def test_the_same_booking_succeeds_once_the_database_is_free_again():
    occurrence = OccurrenceFactory()
    client = APIClient()
    client.force_authenticate(PersonFactory())
    with table_locked_by_another_connection("events_occurrence"):
        client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})

    response = client.post(reverse("api:booking-list"), {"occurrence": occurrence.pk})

    assert response.status_code == 201
    assert Booking.objects.filter(occurrence=occurrence).count() == 1


def test_the_schema_documents_503_try_again_later_on_every_operation(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert operations
    assert all("503" in operation["responses"] for operation in operations)
    booking = schema["paths"]["/api/v1/bookings/"]["post"]["responses"]["503"]
    assert "try_again_later" in booking["description"]
