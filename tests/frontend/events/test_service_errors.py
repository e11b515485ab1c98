"""Every event page meets a service's "no" the same way (frontend.attempts): the message next to
the form, with what was typed kept, or at the top of the confirming page; 403 for "not allowed"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.events.factories import OccurrenceFactory
from tests.frontend.conftest import page_text


def test_a_date_already_begun_is_refused_with_the_answers_kept(member_client, drop_in):
    begun = OccurrenceFactory(event=drop_in, start=timezone.now() - datetime.timedelta(minutes=5))
    url = reverse("events_book", args=[drop_in.slug, begun.pk])

    response = member_client.post(url, {"for_whom": "cared_for", "for_person_name": "Mum"})

    assert response.status_code == 400
    assert "This date has already started." in page_text(response)
    assert 'value="Mum"' in response.content.decode()


def test_cancelling_a_date_twice_says_it_is_already_cancelled(staff_client, drop_in, date):
    url = reverse("events_occurrence_cancel", args=[drop_in.slug, date.pk])
    assert staff_client.post(url, {"reason": "Room flooded"}).status_code == 302

    again = staff_client.post(url, {"reason": ""})

    assert again.status_code == 400
    assert "There is a problem This date is already cancelled." in page_text(again)


@pytest.mark.parametrize("name", ["events_occurrence_cancel", "events_occurrence_move"])
def test_a_member_is_not_allowed_to_change_dates(member_client, drop_in, date, name):
    # The date's hosts are (tests/frontend/events/test_hosting_pages.py).
    assert member_client.post(reverse(name, args=[drop_in.slug, date.pk])).status_code == 403
