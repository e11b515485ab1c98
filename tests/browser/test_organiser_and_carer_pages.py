"""Every page issue 12 added or changed, in a real browser 320 CSS pixels wide (an old phone, or
a desktop browser zoomed to 400%): axe-core finds no WCAG 2.2 AA violation and nothing scrolls
sideways, in the page's ordinary state and, where it has a form, after that form is sent wrong.

Each page is its own test, signed in as the person who uses it (by session cookie: logging in
through the form is the account journey's business). The live server runs in real time, so the
dates are a few days from now (or a few minutes ago), not pinned.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from community.models import User
from events.models import AccessRequest, Event, WaitingListEntry
from events.services.bookings import book_place, cancel_booking
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

NARROW = 320


@dataclass
class Visit:
    """Who opens which page, what its heading says, and how to send its form wrong (if any)."""

    person: User
    path: str
    heading: str
    shows: tuple[str, ...] = ()  # what makes this the state to check
    send_wrong: Callable[[Page], None] | None = None


# ---- The data each page needs (built outside Playwright's event loop: services notify) ----


def _organisation():
    return OrganisationFactory(
        name="Leeds Carers Together", slug="leeds-carers-together", area="leeds"
    )


def _drop_in(organisation=None, **fields) -> Event:
    values = {
        "organisation": organisation or _organisation(),
        "kind": Event.Kind.DROP_IN,
        "title": "Carers' drop-in about employing a personal assistant",
        "slug": "carers-drop-in",
        "summary": "Bring any question about direct payments.",
        "area": "leeds",
        "step_free": True,
        "bsl_interpreter": False,
        "capacity": 10,
        **fields,
    }
    return EventFactory(**values)


def _hybrid(organisation=None) -> Event:
    return _drop_in(
        organisation,
        format=Event.Format.HYBRID,
        joining_link="https://meet.example/carers-room",
        online_capacity=4,
        cost="£3 for tea and cake, free for carers",
        booking_closes_minutes=120,
    )


def _date(event, days: int = 4, **fields):
    return OccurrenceFactory(event=event, start=uk_time(days, 14), end=uk_time(days, 16), **fields)


def _too_long(page: Page, label: str, length: int) -> None:
    """Put more characters in a field than its maxlength lets a person type (as an old browser,
    or a paste, can), so the server's own limit answers."""
    field = page.get_by_label(re.compile(f"^{re.escape(label)}( \\(optional\\))?$"))
    field.evaluate("(field, length) => { field.value = 'x'.repeat(length); }", length)


def _book_hybrid() -> Visit:
    date = _date(_hybrid(), online_capacity=4)
    member = PersonFactory(display_name="Ros")

    def send_wrong(page):
        # No answer to "How will you join?", and notes far too long.
        _too_long(page, "Anything else the organisers should know", 1200)
        page.get_by_role("main").get_by_role("button", name="Book a place").click()
        expect(page.get_by_role("alert")).to_contain_text("join in person or online")

    path = reverse("events_book", args=[date.event.slug, date.pk])
    return Visit(member, path, "Book a place", ("How will you join?", "£3"), send_wrong)


def _book_carer() -> Visit:
    date = _date(_drop_in())
    carer = PersonFactory(display_name="Raj")
    book_place(person=carer, occurrence=date, for_person_name="Edna", access_needs=["hearing_loop"])

    def send_wrong(page):
        page.get_by_role("radio", name="For the person I care for").check()
        page.get_by_role("main").get_by_role("button", name="Book a place").click()
        expect(page.get_by_role("alert")).to_contain_text("Enter the first name")

    path = reverse("events_book", args=[date.event.slug, date.pk])
    return Visit(carer, path, "Book another place", ("for Edna",), send_wrong)


def _offered(**fields) -> WaitingListEntry:
    """A place held for the carer's mother from a full date's waiting list (offer mode)."""
    drop_in = _drop_in(waiting_list_mode=Event.WaitingListMode.OFFER, offer_hours=9)
    date = _date(drop_in, days=6, capacity=1)
    carer = PersonFactory(display_name="Raj")
    first = PersonFactory(display_name="Fay")
    booking = book_place(person=first, occurrence=date)
    entry = book_place(person=carer, occurrence=date, for_person_name="Edna", wait_if_full=True)
    cancel_booking(canceller=first, booking=booking)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    return entry


def _my_bookings() -> Visit:
    entry = _offered()
    carer = entry.person
    # Several places on one date: his own, his mother's (with an interpreter to arrange) and a
    # friend's with a companion.
    date = _date(_drop_in(entry.occurrence.event.organisation, slug="pa-drop-in"), days=3)
    book_place(person=carer, occurrence=date, access_notes="A seat near the door, please.")
    book_place(
        person=carer, occurrence=date, for_person_name="Edna", access_needs=["bsl_interpreter"]
    )
    book_place(person=carer, occurrence=date, for_person_name="Winifred Longname", companions=1)
    return Visit(
        carer,
        reverse("events_my_bookings"),
        "Your bookings",
        ("Places offered to you", "Winifred Longname", "Book another place on this date"),
    )


def _change_booking() -> Visit:
    date = _date(_drop_in(capacity=3), capacity=3)
    carer = PersonFactory(display_name="Raj")
    booking = book_place(person=carer, occurrence=date, for_person_name="Edna")
    for name in ("Bo", "Cal"):
        book_place(person=PersonFactory(display_name=name), occurrence=date)

    def send_wrong(page):
        # The date is full: a companion does not fit, so the page offers the waiting list.
        page.get_by_role("checkbox", name="A companion or carer is coming too").check()
        page.get_by_role("button", name="Save changes").click()
        expect(
            page.get_by_role("button", name=re.compile("^Join the waiting list for the extra"))
        ).to_be_visible()

    path = reverse("events_booking_edit", args=[booking.pk])
    return Visit(carer, path, "Change your booking", ("Edna",), send_wrong)


def _offer_open() -> Visit:
    entry = _offered()
    path = reverse("events_offer", args=[entry.pk])
    return Visit(entry.person, path, "A place has come free", ("Accept the place",))


def _offer_ended() -> Visit:
    entry = _offered()
    WaitingListEntry.objects.filter(pk=entry.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    path = reverse("events_offer", args=[entry.pk])
    return Visit(entry.person, path, "This offer has ended", ("it was open until",))


def _host_with_dates():
    drop_in = _drop_in()
    host = advisor_of(drop_in.organisation, display_name="Hana Host")
    drop_in.hosts.add(host)
    return drop_in, host


def _hosting() -> Visit:
    drop_in, host = _host_with_dates()
    coming = _date(drop_in, days=3, theme="Employing a PA", note="We are in room 2 this week.")
    _date(drop_in, days=10)
    for name in ("Bo", "Cal"):
        book_place(person=PersonFactory(display_name=name), occurrence=coming)
    for days_ago in (7, 14):
        _date(drop_in, days=-days_ago)
    return Visit(
        host,
        reverse("events_hosting"),
        "Sessions I host",
        ("Theme: Employing a PA", "We are in room 2", "Past sessions, latest first"),
    )


def _date_note() -> Visit:
    drop_in, host = _host_with_dates()
    date = _date(drop_in)

    def send_wrong(page):
        _too_long(page, "Note for this date", 400)
        page.get_by_role("button", name="Save the note").click()
        expect(page.get_by_role("alert")).to_contain_text("characters or fewer")

    path = reverse("events_occurrence_note", args=[drop_in.slug, date.pk])
    return Visit(host, path, "Add a note", (), send_wrong)


def _theme() -> Visit:
    drop_in, host = _host_with_dates()
    date = _date(drop_in)

    def send_wrong(page):
        _too_long(page, "Theme", 150)
        _too_long(page, "Short description", 400)
        page.get_by_role("button", name="Save the theme").click()
        expect(page.get_by_role("alert")).to_contain_text("characters or fewer")

    path = reverse("events_occurrence_theme", args=[drop_in.slug, date.pk])
    return Visit(host, path, "Theme", (), send_wrong)


def _staff_and_booked_date(event=None, *, started=False):
    """A date with three places booked by a carer: his mother's, with an interpreter the venue
    does not have (to arrange) and a note, and his own with a companion."""
    event = event or _drop_in()
    staff = staff_of(event.organisation, display_name="Pat Staff")
    date = _date(event, online_capacity=event.online_capacity)
    carer = PersonFactory(display_name="Raj")
    mode = {"attendance_mode": "in_person"} if event.format == Event.Format.HYBRID else {}
    book_place(
        person=carer,
        occurrence=date,
        for_person_name="Edna",
        access_needs=["bsl_interpreter"],
        access_notes="She lip-reads too, so a seat at the front, please.",
        **mode,
    )
    book_place(person=carer, occurrence=date, companions=1, **mode)
    if started:
        # Booked before it began; it began five minutes ago.
        now = timezone.now().replace(microsecond=0)
        date.start = now - datetime.timedelta(minutes=5)
        date.end = now + datetime.timedelta(hours=2)
        date.save(update_fields=["start", "end"])
    return staff, date


def _register_before() -> Visit:
    staff, date = _staff_and_booked_date(_hybrid())

    def send_wrong(page):
        # "Has an account" is chosen, but no address given, and no way of joining chosen.
        page.get_by_role("button", name="Book the place").click()
        expect(page.get_by_role("alert")).to_contain_text("Enter their e-mail address")

    path = reverse("events_register", args=[date.event.slug, date.pk])
    shows = ("Book a place for someone", "BSL interpreter", "You can take the register from")
    return Visit(staff, path, "Register", shows, send_wrong)


def _register_started() -> Visit:
    staff, date = _staff_and_booked_date(started=True)

    def send_wrong(page):
        page.get_by_role("button", name="Add walk-in").click()
        expect(page.get_by_role("alert")).to_be_visible()

    path = reverse("events_register", args=[date.event.slug, date.pk])
    return Visit(staff, path, "Register", ("Add someone who walked in", "Edna"), send_wrong)


def _dashboard() -> Visit:
    staff, date = _staff_and_booked_date()
    assert AccessRequest.objects.filter(booking__occurrence=date).exists()
    organisation = date.event.organisation
    path = reverse("events_dashboard", args=[organisation.slug])
    return Visit(staff, path, "Events dashboard", ("To arrange", "BSL interpreter for Edna"))


def _access_list() -> Visit:
    staff, date = _staff_and_booked_date()
    path = reverse("events_access_requests", args=[date.event.organisation.slug])
    return Visit(staff, path, "Access needs to arrange", ("BSL interpreter for Edna",))


def _access_answer() -> Visit:
    staff, date = _staff_and_booked_date()
    item = AccessRequest.objects.get(booking__occurrence=date, need="bsl_interpreter")

    def send_wrong(page):
        # Neither Arranged nor Cannot be arranged chosen, and a reply far too long.
        _too_long(page, "Message to the person who booked", 1200)
        page.get_by_role("button", name="Save answer").click()
        expect(page.get_by_role("alert")).to_contain_text("Choose Arranged")

    path = reverse("events_access_answer", args=[date.event.organisation.slug, item.pk])
    return Visit(staff, path, "BSL interpreter for Edna", ("Edna (booked by Raj)",), send_wrong)


def _draft_event() -> Visit:
    draft = _drop_in(status=Event.Status.DRAFT)
    staff = staff_of(draft.organisation, display_name="Pat Staff")
    _date(draft)
    _date(draft, days=11)
    shows = ("publish it from “Change the details”",)
    return Visit(staff, reverse("events_detail", args=[draft.slug]), draft.title, shows)


def _hybrid_event() -> Visit:
    event = _hybrid()
    member = PersonFactory(display_name="Ros")
    date = _date(event, online_capacity=4)
    book_place(person=member, occurrence=date, attendance_mode="online")
    _date(event, days=11, online_capacity=4, theme="Your first support plan")
    shows = ("£3 for tea and cake", "Bookings close 2 hours before", "4 online")
    return Visit(member, reverse("events_detail", args=[event.slug]), event.title, shows)


PAGES = {
    "book-hybrid": _book_hybrid,
    "book-for-someone-i-care-for": _book_carer,
    "my-bookings-offer-and-several-places": _my_bookings,
    "change-booking-waiting-for-extra-places": _change_booking,
    "offer-open": _offer_open,
    "offer-ended": _offer_ended,
    "sessions-i-host": _hosting,
    "date-note": _date_note,
    "date-theme": _theme,
    "register-before-start": _register_before,
    "register-after-start": _register_started,
    "dashboard-to-arrange": _dashboard,
    "access-to-arrange": _access_list,
    "access-answer": _access_answer,
    "event-draft": _draft_event,
    "event-hybrid-cost-close-time": _hybrid_event,
}


# ---- In the browser ----


def sign_in(page: Page, person: User, base_url: str) -> None:
    """Give the tab the person's session cookie."""

    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def check_fits(page: Page) -> None:
    """axe finds nothing, and the page is no wider than the screen."""
    check_accessibility(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW, f"{page.url} scrolls sideways at {NARROW}px: {width}px wide"


@pytest.mark.parametrize("name", PAGES)
def test_page_passes_axe_and_fits_a_320px_screen_as_is_and_when_sent_wrong(
    narrow_page, live_server, name
):
    visit = outside_event_loop(PAGES[name])
    sign_in(narrow_page, visit.person, live_server.url)
    narrow_page.goto(visit.path)
    expect(narrow_page.get_by_role("heading", level=1)).to_contain_text(visit.heading)
    main = narrow_page.get_by_role("main")
    for text in visit.shows:
        expect(main).to_contain_text(text)
    check_fits(narrow_page)
    if visit.send_wrong is not None:
        visit.send_wrong(narrow_page)
        expect(narrow_page).to_have_title(re.compile("^Error: "))
        check_fits(narrow_page)
