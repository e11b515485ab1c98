"""Themed dates on the pages: staff and the date's hosts set "this week's theme" from the event
page; the theme shows on the event page, in the list of events and on the calendar, and the
search words find it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.services.occurrences import cancel_occurrence
from events.services.themes import set_date_theme
from tests.events.factories import EventFactory
from tests.factories import advisor_of
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.events.conftest import dates_of

THEME_LINK = "Set this week's theme"


def theme_url(event, occurrence) -> str:
    return reverse("events_occurrence_theme", args=[event.slug, occurrence.pk])


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("client", False),
        ("member_client", False),
        ("other_staff_client", False),
        ("host_client", True),
        ("staff_client", True),
    ],
)
def test_the_theme_page_is_for_staff_and_the_dates_hosts(request, who, allowed, drop_in, date):
    viewer = request.getfixturevalue(who)
    refused = 302 if who == "client" else 403  # signed-out people are sent to sign in
    assert viewer.get(theme_url(drop_in, date)).status_code == (200 if allowed else refused)

    response = viewer.post(theme_url(drop_in, date), {"theme": "Direct payments"})

    assert response.status_code == (302 if allowed else refused)
    date.refresh_from_db()
    assert date.theme == ("Direct payments" if allowed else "")


def test_the_host_of_one_date_may_theme_it(drop_in, org):
    first, second = dates_of(drop_in, 2)
    first.host = advisor_of(org)
    first.save(update_fields=["host"])
    host = signed_in(first.host)

    assert host.get(theme_url(drop_in, first)).status_code == 200
    assert host.get(theme_url(drop_in, second)).status_code == 403


def test_setting_a_theme_shows_it_against_the_date_on_the_event_page(staff_client, drop_in, date):
    response = staff_client.post(
        theme_url(drop_in, date),
        {"theme": "Employing a PA", "description": "Contracts, payroll and insurance."},
    )

    detail = reverse("events_detail", args=[drop_in.slug])
    assert response.status_code == 302
    assert response["Location"] == f"{detail}#date-{date.pk}"
    page = page_text(staff_client.get(detail))
    assert "This date's theme is now “Employing a PA”." in page
    assert "Theme: Employing a PA" in page
    assert "Contracts, payroll and insurance." in page


def test_the_form_shows_the_theme_as_it_is_and_an_empty_theme_takes_it_away(
    staff_client, staff, drop_in, date
):
    set_date_theme(editor=staff, occurrence=date, theme="Direct payments", description="Budgets")
    page = staff_client.get(theme_url(drop_in, date)).content.decode()
    assert 'value="Direct payments"' in page and "Budgets</textarea>" in page

    response = staff_client.post(theme_url(drop_in, date), {"theme": "", "description": ""})

    assert response.status_code == 302
    date.refresh_from_db()
    assert date.theme == ""


def test_a_theme_too_long_is_shown_next_to_its_field_and_kept(staff_client, drop_in, date):
    response = staff_client.post(
        theme_url(drop_in, date), {"theme": "x" * 101, "description": "Kept as typed"}
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in page
    assert 'href="#id_theme"' in page and "Write 100 characters or fewer." in page
    assert "Kept as typed</textarea>" in page


def test_a_description_without_a_theme_says_what_to_do(staff_client, drop_in, date):
    response = staff_client.post(theme_url(drop_in, date), {"theme": "", "description": "Hello"})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_theme"' in page and "Enter a theme to go with the description." in page


def test_a_cancelled_date_says_it_cannot_have_a_theme(staff_client, staff, drop_in, date):
    cancel_occurrence(canceller=staff, occurrence=date)

    response = staff_client.get(theme_url(drop_in, date))

    assert "This date is cancelled, so it cannot have a theme." in page_text(response)
    assert staff_client.post(theme_url(drop_in, date), {"theme": "PAs"}).status_code == 400


def test_a_date_of_another_event_is_not_found(staff_client, drop_in, org):
    other = EventFactory(organisation=org)
    [elsewhere] = dates_of(other, 1)

    assert staff_client.get(theme_url(drop_in, elsewhere)).status_code == 404


@pytest.mark.parametrize(
    ("who", "shown"),
    [("staff_client", True), ("host_client", True), ("member_client", False), ("client", False)],
)
def test_the_event_page_offers_the_theme_link_to_those_who_can_set_it(
    request, who, shown, drop_in, date
):
    page = request.getfixturevalue(who).get(reverse("events_detail", args=[drop_in.slug]))

    assert (theme_url(drop_in, date) in page.content.decode()) is shown
    assert (THEME_LINK in page.content.decode()) is shown


def test_a_cancelled_date_has_no_theme_link(staff_client, staff, drop_in, date):
    cancel_occurrence(canceller=staff, occurrence=date)

    page = staff_client.get(reverse("events_detail", args=[drop_in.slug])).content.decode()

    assert theme_url(drop_in, date) not in page


# ---- Lists, calendar and search ----


@pytest.fixture
def themed(drop_in, staff):
    """The drop-in's second date is about wheelchair repairs."""
    dates = dates_of(drop_in, 3)
    set_date_theme(
        editor=staff,
        occurrence=dates[1],
        theme="Wheelchair repairs",
        description="A technician checks your chair.",
    )
    return dates


def test_the_list_shows_the_next_dates_theme(client, staff, drop_in, themed):
    set_date_theme(editor=staff, occurrence=themed[0], theme="Direct payments")

    text = page_text(client.get(reverse("events")))

    assert "Theme that day" in text and "Direct payments" in text


def test_search_words_find_an_event_by_a_dates_theme(client, drop_in, themed):
    dates_of(EventFactory(title="Knitting circle", slug="knitting-circle"), 1)

    text = page_text(client.get(reverse("events"), {"q": "wheelchair"}))

    assert "1 event found" in text
    assert "Carers' drop-in" in text and "Knitting circle" not in text
    assert "Wheelchair repairs: A technician checks your chair." in text


def test_the_search_box_keeps_the_words(client, themed):
    page = client.get(reverse("events"), {"q": "wheelchair"}).content.decode()

    assert 'for="id_q">Search words' in page and 'value="wheelchair"' in page


def test_the_calendar_shows_the_theme_and_the_search_narrows_it(client, drop_in, themed):
    month = f"{timezone.localtime(themed[1].start):%Y-%m}"

    page = page_text(client.get(reverse("events_calendar"), {"month": month, "q": "wheelchair"}))

    assert "Carers' drop-in: Wheelchair repairs" in page
    assert page.count("Carers' drop-in") == 1


@pytest.mark.parametrize("how_many", [3, 30])
def test_searching_by_theme_queries_do_not_grow_with_events(
    client, org, staff, django_assert_num_queries, how_many
):
    for number in range(how_many):
        event = EventFactory(organisation=org, title=f"Workshop {number}")
        for date in dates_of(event, 2):
            set_date_theme(editor=staff, occurrence=date, theme=f"Wheelchair repairs {number}")
    # Filter choices (organisations, themes), the pager's count, the page, its themes.
    with django_assert_num_queries(5):
        response = client.get(reverse("events"), {"q": "wheelchair"})
    assert response.status_code == 200
    assert "Wheelchair repairs 0" in page_text(response)
