"""Organisers' pages refuse a date far in the past or future with the same rule and words as the
API (events.limits), next to the date, keeping what was typed."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.frontend.conftest import page_text

MESSAGE_START = "Choose a date from 1 January 2000 to 31 December"


def test_adding_a_date_in_the_year_9999_is_refused_next_to_the_date(staff_client, drop_in):
    data = {"date": "9999-03-02", "start_time": "14:00", "end_time": "15:30"}

    response = staff_client.post(reverse("events_add_date", args=[drop_in.slug]), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["date"][0].startswith(MESSAGE_START)
    assert MESSAGE_START in page_text(response)
    assert 'value="14:00"' in response.content.decode()
    assert not drop_in.occurrences.exists()


def test_moving_a_date_back_to_1999_is_refused(staff_client, drop_in, date):
    url = reverse("events_occurrence_move", args=[drop_in.slug, date.pk])
    data = {"date": "1999-12-31", "start_time": "11:00", "end_time": "13:00", "reason": ""}

    response = staff_client.post(url, data)

    assert response.status_code == 400
    assert response.context["form"].errors["date"][0].startswith(MESSAGE_START)
    date.refresh_from_db()
    assert date.start.date() > timezone.localdate() - datetime.timedelta(days=1)
