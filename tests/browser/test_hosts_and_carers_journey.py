"""Issue 12's journeys in a real browser, with axe-core on every page.

1. A host (a trained advisor who hosts the drop-in, not staff) opens "Sessions I host" from the
   header, moves her next session by 30 minutes with a reason, and the people booked are told
   the reason in their notifications.
2. A carer books one date for his mother, who needs a BSL interpreter the venue does not have,
   and a second place for himself; the organisation's staff find the interpreter "to arrange"
   from the header's events dashboard link, mark it arranged with a reply, and the carer is told
   (his notifications and his bookings say so).

The live server runs in real time, so the dates are a few days ahead of now, not pinned.
"""

import datetime
import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from community.models import Notification
from events.models import AccessRequest, Booking, Event
from events.services.bookings import book_place
from tests.browser.accessibility import check_accessibility
from tests.browser.support import fill_date, outside_event_loop
from tests.browser.test_forum_journey import can_log_in
from tests.browser.test_journeys import account_nav, log_in
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import (
    DEFAULT_PASSWORD,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    staff_of,
)

REASON = "The room is booked by another group until 10:30."
REPLY = "An interpreter will meet you both at the door."


def _drop_in(**fields) -> Event:
    organisation = OrganisationFactory(
        name="Leeds Carers Together", slug="leeds-carers-together", area="leeds"
    )
    return EventFactory(
        organisation=organisation,
        kind=Event.Kind.DROP_IN,
        title="Carers' drop-in",
        slug="carers-drop-in",
        summary="Bring any question about direct payments.",
        area="leeds",
        step_free=True,
        bsl_interpreter=False,
        capacity=10,
        **fields,
    )


def _day(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B}"


def test_a_host_moves_her_next_session_and_the_people_booked_are_told_why(open_page):
    drop_in = _drop_in()
    host = can_log_in(
        advisor_of(drop_in.organisation, email="hana@example.org", display_name="Hana Host")
    )
    drop_in.hosts.add(host)
    next_date = OccurrenceFactory(event=drop_in, start=uk_time(3, 10), end=uk_time(3, 12))
    OccurrenceFactory(event=drop_in, start=uk_time(10, 10), end=uk_time(10, 12))
    booked = [
        can_log_in(PersonFactory(email="bo@example.org", display_name="Bo")),
        PersonFactory(display_name="Cal"),
    ]
    for person in booked:
        outside_event_loop(book_place, person=person, occurrence=next_date)
    mail.outbox.clear()

    # The host finds her sessions from the header.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=host.email, password=DEFAULT_PASSWORD)
    account_nav(page).get_by_role("link", name="Sessions I host").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions I host")
    check_accessibility(page)
    coming = page.locator(f"#date-{next_date.pk}")
    expect(coming).to_contain_text(re.compile(r"Places taken\s*2 of 10"))

    # She moves the next one by half an hour, with the reason.
    page.get_by_role("link", name=f"Move Carers' drop-in, {_day(next_date.start)}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move a date")
    check_accessibility(page)
    fill_date(page, "New date", timezone.localdate(next_date.start))
    page.get_by_label("New start time").fill("10:30")
    page.get_by_label("New end time").fill("12:30")
    page.get_by_label("Why it has moved").fill(REASON)
    page.get_by_role("button", name="Move the date").click()

    # Back on her sessions, the date shows its new time and why it moved.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sessions I host")
    expect(page.get_by_role("alert").filter(has_text="The date has moved")).to_be_visible()
    check_accessibility(page)
    expect(page.locator(f"#date-{next_date.pk}")).to_contain_text(REASON)
    next_date.refresh_from_db()
    assert next_date.start == uk_time(3, 10, 30) and next_date.end == uk_time(3, 12, 30)

    # Everyone booked is told, with the reason: on the site, and in the e-mail that moves the
    # date in their calendar.
    for person in booked:
        told = Notification.objects.filter(recipient=person).values_list("message", flat=True)
        assert [message for message in told if REASON in message], list(told)
        emails = [message.body for message in mail.outbox if message.to == [person.email]]
        assert [body for body in emails if f"Why: {REASON}" in body], emails

    # And one of them sees it on their notifications page.
    member = open_page()
    member.goto("/")
    check_accessibility(member)
    log_in(member, email="bo@example.org", password=DEFAULT_PASSWORD)
    account_nav(member).get_by_role("link", name=re.compile("^Notifications")).click()
    expect(member.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_accessibility(member)
    notice = member.get_by_role("main").get_by_role("listitem").filter(has_text="Moved:")
    expect(notice).to_contain_text("Carers' drop-in")
    expect(notice).to_contain_text("10:30")
    expect(notice).to_contain_text(REASON)


def test_a_carer_books_for_his_mother_and_himself_and_staff_arrange_her_interpreter(open_page):
    drop_in = _drop_in()
    staff = can_log_in(
        staff_of(drop_in.organisation, email="pat@example.org", display_name="Pat Staff")
    )
    date = OccurrenceFactory(event=drop_in, start=uk_time(4, 14), end=uk_time(4, 16))
    carer = can_log_in(PersonFactory(email="raj@example.org", display_name="Raj"))

    # The carer books a place for his mother, with a BSL interpreter.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=carer.email, password=DEFAULT_PASSWORD)
    page.goto(drop_in.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Carers' drop-in")
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("^Book a place")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book a place")
    check_accessibility(page)
    page.get_by_role("radio", name="For the person I care for").check()
    page.get_by_label("Their first name").fill("Edna")
    page.get_by_role("checkbox", name="BSL interpreter").check()
    page.get_by_role("main").get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    expect(page.get_by_role("alert").filter(has_text="Edna has a place")).to_be_visible()
    check_accessibility(page)

    # Then one for himself on the same date.
    page.get_by_role("link", name=re.compile("^Book another place on this date")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book another place")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("for Edna")
    expect(page.get_by_role("radio", name="For me")).to_be_checked()
    page.get_by_role("main").get_by_role("button", name="Book a place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    expect(page.get_by_role("alert").filter(has_text="You have a place")).to_be_visible()
    check_accessibility(page)
    places = page.locator(f"#date-{date.pk} .booking-panel")
    expect(places).to_have_count(2)
    expect(places.nth(0)).to_contain_text("Edna")
    expect(places.nth(0)).to_contain_text("BSL interpreter")
    expect(places.nth(0)).to_contain_text("the organisers have been told and will reply")
    expect(places.nth(1)).to_contain_text(re.compile(r"Place for\s*You"))
    bookings = Booking.objects.filter(person=carer, occurrence=date, status="confirmed")
    assert sorted(bookings.values_list("for_person_name", flat=True)) == ["", "Edna"]

    # The organisation's staff were told at once.
    told = Notification.objects.filter(recipient=staff).values_list("message", flat=True)
    assert [m for m in told if m.startswith("Access to arrange: BSL interpreter for Edna")], told

    # Staff reach the events dashboard from the header and find the interpreter to arrange.
    office = open_page()
    office.goto("/")
    check_accessibility(office)
    log_in(office, email=staff.email, password=DEFAULT_PASSWORD)
    account_nav(office).get_by_role("link", name="Events dashboard").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Events dashboard")
    check_accessibility(office)
    to_arrange = (
        office.get_by_role("main")
        .get_by_role("listitem")
        .filter(has_text="BSL interpreter for Edna")
    )
    expect(to_arrange).to_contain_text("Carers' drop-in")

    # They mark it arranged, with a reply.
    to_arrange.get_by_role("link", name=re.compile("^BSL interpreter for Edna")).click()
    expect(office.get_by_role("heading", level=1)).to_have_text("BSL interpreter for Edna")
    check_accessibility(office)
    expect(office.get_by_role("main")).to_contain_text("Edna (booked by Raj)")
    office.get_by_role("radio", name="Arranged", exact=True).check()
    office.get_by_label("Message to the person who booked").fill(REPLY)
    office.get_by_role("button", name="Save answer").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Access needs to arrange")
    expect(office.get_by_role("alert").filter(has_text="We have told Raj")).to_be_visible()
    check_accessibility(office)
    expect(office.get_by_role("main")).to_contain_text("Nothing to arrange")
    item = AccessRequest.objects.get(booking__for_person_name="Edna")
    assert (item.status, item.reply, item.handled_by) == ("arranged", REPLY, staff)

    # The carer is told: in his notifications, and beside Edna's place on his bookings.
    page.reload()
    check_accessibility(page)
    account_nav(page).get_by_role("link", name=re.compile("^Notifications, 1 unread")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_accessibility(page)
    answer = page.get_by_role("main").get_by_role("listitem").filter(has_text="arranged")
    expect(answer).to_contain_text("BSL interpreter for Edna")
    expect(answer).to_contain_text(REPLY)
    account_nav(page).get_by_role("link", name="Your bookings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your bookings")
    check_accessibility(page)
    edna = page.locator(f"#date-{date.pk} .booking-panel").nth(0)
    expect(edna).to_contain_text("BSL interpreter: arranged.")
    expect(edna).to_contain_text(REPLY)
