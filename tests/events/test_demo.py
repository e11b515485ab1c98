"""The demo programme loads through the services, is idempotent, and shows the features."""

import pytest

from community.demo.seed import seed_demo
from events.demo import seed
from events.models import Event, WaitingListEntry
from events.selectors import organisation_dashboard

pytestmark = pytest.mark.django_db


def test_the_demo_programme_loads_once_with_a_full_date_and_a_waiting_list():
    seed_demo()
    first = seed()
    assert first.startswith("created 5 events")
    assert seed() == "the demo programme is already there: nothing to add."

    assert set(Event.objects.values_list("status", flat=True)) == {"published"}
    drop_in = Event.objects.get(slug="carers-drop-in")
    assert drop_in.series.rule == "FREQ=MONTHLY;BYDAY=1TU"
    assert drop_in.occurrences.count() >= 12
    workshop = Event.objects.get(slug="becoming-an-employer")
    dates = organisation_dashboard(organisation=workshop.organisation)
    full = next(o for o in dates if o.event_id == workshop.pk)
    assert (full.places_left, full.waiting_count) == (0, 2)
    assert WaitingListEntry.objects.filter(companions=1).count() == 1
