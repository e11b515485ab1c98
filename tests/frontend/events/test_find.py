"""Find events: the list with its filters, and the month calendar."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, theme
from tests.frontend.conftest import page_text
from tests.frontend.events.conftest import dates_of


@pytest.fixture
def programme(org, drop_in):
    """A step-free drop-in in Leeds, an online workshop with BSL, a Kent workshop, a draft."""
    dates_of(drop_in, 2)
    employing = theme()
    online = EventFactory(
        organisation=org,
        title="Employing a PA online",
        slug="employing-a-pa-online",
        format=Event.Format.ONLINE,
        bsl_interpreter=True,
        step_free=False,
        joining_link="https://meet.example/room",
    )
    online.themes.add(employing)
    dates_of(online, 1)
    kent = OrganisationFactory(name="Kent Carers", slug="kent-carers", area="kent")
    kent_event = EventFactory(
        organisation=kent, title="Kent support planning", slug="kent-support-planning", area=""
    )
    dates_of(kent_event, 1, first_day=5)
    draft = EventFactory(organisation=org, title="Secret draft", status=Event.Status.DRAFT)
    dates_of(draft, 1)
    return {"online": online, "kent": kent_event, "draft": draft}


def find(client, **params):
    return page_text(client.get(reverse("events"), params))


def test_find_events_lists_published_events_with_their_next_date(client, programme):
    text = find(client)
    assert "Carers' drop-in" in text and "Employing a PA online" in text
    assert "Kent support planning" in text
    assert "Secret draft" not in text
    assert "3 events" in text
    assert "Next date" in text


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"kind": "drop_in"}, {"Carers' drop-in"}),
        ({"format": "online"}, {"Employing a PA online"}),
        ({"step_free": "on"}, {"Carers' drop-in", "Kent support planning"}),
        ({"bsl_interpreter": "on"}, {"Employing a PA online"}),
        ({"area": "kent"}, {"Kent support planning"}),
        ({"organisation": "kent-carers"}, {"Kent support planning"}),
        ({"theme": "employing-a-pa"}, {"Employing a PA online"}),
    ],
    ids=["kind", "format", "step-free", "bsl", "area", "organisation", "theme"],
)
def test_find_events_filters(client, programme, params, shown):
    text = find(client, **params)
    titles = {"Carers' drop-in", "Employing a PA online", "Kent support planning"}
    assert {title for title in titles if title in text} == shown
    assert "Clear filters" in text


def test_find_events_date_range_leaves_out_events_without_a_date_in_it(client, programme, drop_in):
    first = drop_in.occurrences.order_by("start").first()
    day = first.start.date().isoformat()
    text = find(client, date_from=day, date_to=day)
    assert "Carers' drop-in" in text
    assert "Kent support planning" not in text


def test_find_events_ignores_an_unknown_filter_value(client, programme):
    response = client.get(reverse("events"), {"kind": "party", "area": "atlantis"})
    assert response.status_code == 200
    assert "Carers' drop-in" in page_text(response)


def test_find_events_with_dates_the_wrong_way_round_says_so_and_keeps_them(client, programme):
    response = client.get(reverse("events"), {"date_from": "2030-03-10", "date_to": "2030-03-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "must be on or after" in page
    # Kept, in the Day, Month and Year boxes.
    assert 'name="date_from_day" id="id_date_from_day" value="10"' in page
    assert 'name="date_to_day" id="id_date_to_day" value="1"' in page
    assert 'name="date_to_year" id="id_date_to_year" value="2030"' in page
    assert page_text(response).startswith("Error:")


@pytest.mark.parametrize("how_many", [3, 30])
def test_find_events_queries_do_not_grow_with_events(
    client, org, django_assert_num_queries, how_many
):
    for number in range(how_many):
        event = EventFactory(organisation=org, title=f"Workshop {number}")
        event.themes.add(theme())
        dates_of(event, 2)
    # Filter choices (organisations, themes), the pager's count, the page, its themes.
    with django_assert_num_queries(5):
        assert client.get(reverse("events")).status_code == 200


# ---- The month calendar ----


def test_calendar_shows_each_date_on_its_day_with_month_links(client, programme, drop_in):
    first = drop_in.occurrences.order_by("start").first()
    from django.utils import timezone

    day = timezone.localtime(first.start)
    response = client.get(reverse("events_calendar"), {"month": f"{day:%Y-%m}"})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<caption id="calendar-caption">{day:%B %Y}:' in page
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in page
    assert f"{reverse('events_detail', args=[drop_in.slug])}#date-{first.pk}" in page
    assert "Previous month" in page and "Next month" in page
    assert "Secret draft" not in page


def test_calendar_keeps_filters_in_its_month_links(client, programme):
    response = client.get(reverse("events_calendar"), {"month": "2027-01", "kind": "drop_in"})
    page = response.content.decode()
    assert "?month=2026-12&amp;kind=drop_in" in page or "?kind=drop_in&amp;month=2026-12" in page
    assert "kind=drop_in" in page


def test_calendar_with_a_broken_month_shows_this_month(client, db):
    from django.utils import timezone

    response = client.get(reverse("events_calendar"), {"month": "soon"})
    assert response.status_code == 200
    assert f"{timezone.localdate():%B %Y}" in page_text(response)


@pytest.mark.parametrize("how_many", [3, 30])
def test_calendar_queries_do_not_grow_with_dates(
    client, org, drop_in, django_assert_num_queries, how_many
):
    from django.utils import timezone

    dates = dates_of(drop_in, how_many, first_day=1)
    month = f"{timezone.localtime(dates[0].start):%Y-%m}"
    # Filter choices (organisations, themes) and the month's dates.
    with django_assert_num_queries(3):
        assert client.get(reverse("events_calendar"), {"month": month}).status_code == 200
