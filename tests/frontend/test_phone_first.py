"""Phone first, in the markup: the navigation folds behind a "Menu" button that is a <details>
(so it works without JavaScript) while Get help now stays outside it; the events page puts its
results before the filters, which are folded under a line that says what is chosen."""

import datetime
from xml.etree.ElementTree import Element

import html5lib
import pytest
import time_machine
from django.urls import reverse

from community.services.notifications import notify
from events.models import Event
from frontend.shared.event_filters import describe_dates
from tests.events.factories import UK, EventFactory, OccurrenceFactory

NOW = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=UK)  # a Wednesday
TODAY = NOW.date()
FILTER_NAMES = {
    "q",
    "organisation",
    "kind",
    "format",
    "theme",
    "area",
    "date_from",
    "date_to",
    "step_free",
    "bsl_interpreter",
}


@pytest.fixture
def pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def calderdale_drop_in(org, pinned_clock):
    event = EventFactory(
        organisation=org,
        title="Calderdale drop-in",
        kind=Event.Kind.DROP_IN,
        format=Event.Format.ONLINE,
        area="calderdale",
        joining_link="https://meet.example/room",
    )
    start = NOW + datetime.timedelta(days=7)
    OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))
    return event


def parse(response) -> Element:
    return html5lib.parse(response.content.decode(), namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def navigation(tree: Element, name: str) -> Element | None:
    return tree.find(f".//nav[@aria-label='{name}']")


def inside(tree: Element, outer: Element, inner: Element | None) -> bool:
    return inner is not None and any(element is inner for element in outer.iter())


@pytest.mark.parametrize("who", ["member", "visitor"])
def test_the_navigation_is_folded_behind_a_menu_button_and_get_help_now_is_not(
    client, member_client, who
):
    tree = parse((member_client if who == "member" else client).get(reverse("home")))
    header = tree.find(".//header")
    menu = header.find(".//details[@class='site-menu']")
    assert menu is not None and menu.get("open") is None
    summary = menu.find("summary")
    assert summary is menu[0] and summary.text.strip() == "Menu"
    # Both navigation landmarks keep their names, and both are in the menu.
    assert inside(tree, menu, navigation(tree, "Main"))
    assert inside(tree, menu, navigation(tree, "Your account"))
    help_now = header.find(".//a[@class='help-now']")
    assert text_of(help_now) == "Get help now" and not inside(tree, menu, help_now)
    account = text_of(navigation(tree, "Your account"))
    assert ("Log out" in account) == (who == "member")
    assert ("Log in" in account) == (who == "visitor")


def test_menu_shows_how_many_things_are_unread_inside_it(client, member, member_client):
    badge = ".//summary[@class='menu-button']/span[@id='menu-unread-count']"
    assert parse(member_client.get(reverse("home"))).find(badge).get("hidden") is not None
    for _ in range(2):
        notify(recipient=member, kind="community.role_granted", message="Hello")
    shown = parse(member_client.get(reverse("home"))).find(badge)
    assert shown.get("hidden") is None and text_of(shown) == "2 unread"
    # Visitors have nothing unread: no badge at all.
    assert parse(client.get(reverse("home"))).find(badge) is None


def test_on_the_events_page_the_results_come_before_what_the_events_are(client, calderdale_drop_in):
    tree = parse(client.get(reverse("events")))
    main = tree.find(".//main")
    order = [text_of(element) for element in main.iter() if element.tag in ("h2", "summary")]
    assert order[0].startswith("Filters:")
    assert order.index("1 event") < order.index("About workshops and drop-ins")
    assert order[-1] == "About workshops and drop-ins"


def test_the_event_filters_are_folded_and_keep_every_field_name(client, calderdale_drop_in):
    tree = parse(client.get(reverse("events")))
    filters = tree.find(".//details[@id='filters']")
    assert filters is not None and filters.get("open") is None
    assert text_of(filters.find("summary")) == "Filters: none chosen — choose filters"
    form = filters.find(".//form")
    names = {field.get("name") for field in form.iter() if field.tag in ("input", "select")}
    # Dates may be typed in parts (date_from_day …); each keeps its field's name in front.
    found = {name for name in FILTER_NAMES if any(n and n.startswith(name) for n in names)}
    assert found == FILTER_NAMES
    assert form.get("method") == "get"


def test_the_folded_filters_say_what_is_chosen_in_words(client, calderdale_drop_in):
    response = client.get(
        reverse("events"),
        {
            "q": "benefits",
            "area": "calderdale",
            "kind": "drop_in",
            "format": "online",
            "date_from": "2026-12-01",
            "date_to": "2026-12-31",
            "step_free": "on",
            "bsl_interpreter": "on",
        },
    )
    summary = parse(response).find(".//details[@id='filters']/summary")
    assert text_of(summary) == (
        "Filters: “benefits”, Calderdale, drop-in, online, this month, step-free venue,"
        " BSL interpreter — change"
    )


def test_a_filter_value_that_is_not_a_choice_is_left_out_of_the_summary(client, calderdale_drop_in):
    response = client.get(reverse("events"), {"kind": "party", "area": "calderdale"})
    summary = parse(response).find(".//details[@id='filters']/summary")
    assert text_of(summary) == "Filters: Calderdale — change"


def test_the_filters_start_open_when_a_date_is_wrong(client, calderdale_drop_in):
    response = client.get(reverse("events"), {"date_from": "2026-12-10", "date_to": "2026-12-01"})
    assert response.status_code == 400
    filters = parse(response).find(".//details[@id='filters']")
    assert filters.get("open") is not None
    assert inside(filters, filters, filters.find(".//div[@class='error-summary']"))


def test_the_filters_start_open_when_they_find_nothing(client, calderdale_drop_in):
    response = client.get(reverse("events"), {"area": "kent"})
    filters = parse(response).find(".//details[@id='filters']")
    assert filters.get("open") is not None
    assert "No events match these filters" in text_of(parse(response).find(".//main"))


def test_the_month_calendar_folds_its_filters_the_same_way(client, calderdale_drop_in):
    response = client.get(reverse("events_calendar"), {"month": "2026-12", "format": "online"})
    tree = parse(response)
    filters = tree.find(".//details[@id='filters']")
    assert filters.get("open") is None
    assert text_of(filters.find("summary")) == "Filters: online — change"
    assert filters.find(".//input[@name='month']").get("value") == "2026-12"


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), "this month"),
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 31), "next month"),
        (datetime.date(2027, 2, 3), datetime.date(2027, 2, 3), "on 3 February 2027"),
        (datetime.date(2027, 2, 3), datetime.date(2027, 3, 28), "3 February to 28 March 2027"),
        (
            datetime.date(2026, 12, 20),
            datetime.date(2027, 1, 5),
            "20 December 2026 to 5 January 2027",
        ),
        (datetime.date(2027, 2, 3), None, "from 3 February 2027"),
        (None, datetime.date(2027, 2, 28), "until 28 February 2027"),
        (None, None, ""),
    ],
)
def test_a_date_range_is_said_the_way_people_say_it(start, end, words):
    assert describe_dates(start, end, today=TODAY) == words


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_events_page_with_filters_chosen_queries_do_not_grow_with_events(
    client, org, django_assert_max_num_queries, how_many, pinned_clock
):
    for number in range(how_many):
        event = EventFactory(organisation=org, title=f"Workshop {number}", area="calderdale")
        start = NOW + datetime.timedelta(days=3 + number % 20)
        OccurrenceFactory(event=event, start=start, end=start + datetime.timedelta(hours=2))
    # Filter choices (organisations, themes), the pager's count, the page, its themes.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("events"), {"area": "calderdale", "organisation": org.slug})
    assert response.status_code == 200
