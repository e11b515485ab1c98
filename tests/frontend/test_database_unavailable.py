"""When the database is briefly out of reach, pages show a calm "try again" page (503), drawn
without touching the database, never the crash page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in
from tests.locked_database import table_locked_by_another_connection

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="a lock SQLite refuses at once"),
]


def test_booking_page_while_the_database_is_locked_says_try_again_without_more_queries():
    occurrence = OccurrenceFactory()
    client = signed_in(PersonFactory())  # signed in: the header would count unread messages
    url = reverse("events_book", args=[occurrence.event.slug, occurrence.pk])

    with (
        table_locked_by_another_connection("events_occurrence"),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(url, {"for_whom": "me"})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    text = page_text(response)
    assert "The site is busy – please try again" in text
    assert "Please wait a minute, then try again." in text
    assert "Back button" in text
    assert "Sorry, something went wrong" not in text
    # The last query is the one the lock refused: drawing the page asked nothing more.
    assert "events_occurrence" in queries.captured_queries[-1]["sql"]
