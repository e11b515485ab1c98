"""An organisation's calendar read from its web address and kept in step: served over real HTTP
from this machine (so the private-address guard is switched off for these tests, and checked
on its own), re-read on the schedule, each change reaching the people booked."""

import datetime
import ssl
import time

import pytest
import time_machine
import trustme

from community.models import Notification
from events.errors import ImportFileError
from events.models import CalendarSubscription, Event, Occurrence
from events.services.bookings import book_place
from events.services.events import publish_event
from events.services.importing import confirm_import
from events.services.subscriptions import (
    checked_address,
    fetch_calendar,
    preview_subscription,
    reread,
    reread_all,
)
from tests.events.factories import EventFactory
from tests.events.served_calendar import ServedCalendar
from tests.factories import PersonFactory, staff_of

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)


def calendar(*entries: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
        + "".join(entries)
        + ("END:VCALENDAR\r\n")
    )


def entry(uid: str, title: str, start: str, end: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSUMMARY:{title}\r\nDTSTART;TZID=Europe/London:{start}\r\n"
        f"DTEND;TZID=Europe/London:{end}\r\n{body}END:VEVENT\r\n"
    )


DROP_IN = entry(
    "drop-in@example.org",
    "Wednesday drop-in",
    "20270106T100000",
    "20270106T120000",
    "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20270224T100000Z",
)
WORKSHOP = entry(
    "employer@example.org", "Becoming an employer", "20270120T140000", "20270120T160000"
)


@pytest.fixture
def served(settings):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = True  # the server is on this machine
    server = ServedCalendar(calendar(DROP_IN, WORKSHOP))
    yield server
    server.close()


@pytest.fixture(autouse=True)
def in_january_2027():
    with time_machine.travel(NOW, tick=False):
        yield


def _subscribe(organisation, served):
    staff = staff_of(organisation)
    job = preview_subscription(importer=staff, organisation=organisation, address=served.address)
    confirm_import(importer=staff, job=job)
    return staff, CalendarSubscription.objects.get(organisation=organisation)


def test_a_calendar_at_a_web_address_is_previewed_then_imported_as_drafts(organisation, served):
    staff = staff_of(organisation)
    job = preview_subscription(importer=staff, organisation=organisation, address=served.address)
    planned = {row["uid"]: row["dates"] for row in job.preview if row["action"] == "create"}
    assert planned == {"drop-in@example.org": 8, "employer@example.org": 1}
    assert not Event.objects.exists()  # nothing until confirmed

    confirm_import(importer=staff, job=job)

    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
    drop_in = Event.objects.get(imported_uid="drop-in@example.org")
    assert drop_in.occurrences.count() == 8
    subscription = CalendarSubscription.objects.get(organisation=organisation)
    assert subscription.address == served.address and subscription.active
    assert subscription.uids == ["drop-in@example.org", "employer@example.org"]


def test_imported_drafts_take_the_organisations_usual_places_area_and_access(organisation, served):
    EventFactory(
        organisation=organisation, capacity=12, area="leeds", step_free=True, hearing_loop=True
    )
    _subscribe(organisation, served)

    imported = Event.objects.get(imported_uid="employer@example.org")
    assert (imported.capacity, imported.area) == (12, "leeds")
    assert imported.step_free and imported.hearing_loop and not imported.parking
    assert imported.occurrences.get().capacity == 12


def test_rereading_adds_new_entries_updates_changed_ones_and_cancels_removed_ones(
    organisation, served
):
    staff, subscription = _subscribe(organisation, served)
    for event in Event.objects.all():
        publish_event(publisher=staff, event=event)
    workshop = Occurrence.objects.get(event__imported_uid="employer@example.org")
    second_wednesday = Occurrence.objects.filter(event__imported_uid="drop-in@example.org")[1]
    booked_on_workshop, booked_on_drop_in = PersonFactory(), PersonFactory()
    book_place(person=booked_on_workshop, occurrence=workshop)
    book_place(person=booked_on_drop_in, occurrence=second_wednesday)

    # In the calendar: the workshop is renamed and moved an hour later, the 13 January drop-in
    # is cancelled, and a new entry appears. Then the workshop is deleted.
    served.body = calendar(
        DROP_IN,
        entry(
            "drop-in@example.org",
            "Wednesday drop-in",
            "20270113T100000",
            "20270113T120000",
            "RECURRENCE-ID;TZID=Europe/London:20270113T100000",
            "STATUS:CANCELLED",
        ),
        entry("employer@example.org", "Employing a PA", "20270120T150000", "20270120T170000"),
        entry("new@example.org", "Support planning", "20270201T100000", "20270201T113000"),
    )
    done = reread(subscription=subscription)

    assert done == {"created": 1, "updated": 2, "cancelled": 0}
    workshop.refresh_from_db()
    assert workshop.event.title == "Employing a PA"
    assert workshop.start == datetime.datetime(2027, 1, 20, 15, tzinfo=datetime.UTC)
    second_wednesday.refresh_from_db()
    assert second_wednesday.is_cancelled
    assert Event.objects.get(imported_uid="new@example.org").status == "draft"
    assert Notification.objects.filter(recipient=booked_on_workshop, about_id=workshop.pk).exists()
    assert Notification.objects.filter(
        recipient=booked_on_drop_in, about_id=second_wednesday.pk
    ).exists()

    served.body = calendar(DROP_IN)
    assert reread(subscription=subscription)["cancelled"] == 2
    workshop.refresh_from_db()
    assert workshop.is_cancelled and workshop.event.status == "cancelled"
    assert Notification.objects.filter(recipient=booked_on_workshop).count() == 2


def test_the_schedule_rereads_every_calendar_kept_in_step(organisation, served):
    _, subscription = _subscribe(organisation, served)
    served.body = calendar(
        DROP_IN,
        WORKSHOP,
        entry("new@example.org", "Support planning", "20270201T100000", "20270201T113000"),
    )
    with time_machine.travel(NOW + datetime.timedelta(hours=3), tick=False):
        assert reread_all() == 1
    subscription.refresh_from_db()
    assert Event.objects.filter(imported_uid="new@example.org").exists()
    assert subscription.last_read == NOW + datetime.timedelta(hours=3)
    assert subscription.last_error == ""


def test_an_unchanged_calendar_read_again_changes_nothing(organisation, served):
    _, subscription = _subscribe(organisation, served)
    stamps = list(Occurrence.objects.order_by("pk").values_list("sequence", flat=True))
    assert reread(subscription=subscription) == {"created": 0, "updated": 0, "cancelled": 0}
    assert list(Occurrence.objects.order_by("pk").values_list("sequence", flat=True)) == stamps


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1/calendar.ics",
        "http://localhost/calendar.ics",
        "http://10.1.2.3/calendar.ics",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/calendar.ics",
        "webcal://192.168.1.10/calendar.ics",
    ],
)
def test_an_address_on_a_private_network_is_refused(organisation, address):
    with pytest.raises(ImportFileError) as refused:
        preview_subscription(
            importer=staff_of(organisation), organisation=organisation, address=address
        )
    assert (refused.value.code, refused.value.field) == ("private_address", "address")


@pytest.mark.parametrize("address", ["file:///etc/passwd", "ftp://example.org/a.ics", "x"])
def test_an_address_that_is_not_a_web_address_is_refused(address):
    with pytest.raises(ImportFileError) as refused:
        checked_address(address)
    assert refused.value.code == "bad_address"


def test_where_a_redirect_leads_is_checked_too(served):
    with pytest.raises(ImportFileError) as refused:
        fetch_calendar(served.address.replace("programme.ics", "moved.ics"))
    assert refused.value.code == "bad_address"


def test_webcal_is_read_over_https(settings):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = True  # no lookup for example.org
    assert checked_address("webcal://example.org/cal.ics") == "https://example.org/cal.ics"


class ChangingAnswers:
    """A name whose answer changes between look-ups, as a DNS-rebinding host's does: this
    machine's server first, then an address where nothing answers (TEST-NET-1)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append((host, port))
        return ["127.0.0.1"] if len(self.asked) == 1 else ["192.0.2.1"]


def test_the_connection_goes_to_the_address_that_was_checked(served):
    answers = ChangingAnswers()
    port = served.port
    address = f"http://calendar.example:{port}/programme.ics"

    text = fetch_calendar(address, resolve=answers)

    assert "Wednesday drop-in" in text
    assert answers.asked == [("calendar.example", port)]  # looked up once, not again to connect
    assert served.hosts == [f"calendar.example:{port}"]  # the server was still asked by name


def test_a_name_that_answers_a_private_address_is_refused_without_connecting(settings, served):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = False
    port = served.port

    with pytest.raises(ImportFileError) as refused:
        fetch_calendar(f"http://calendar.example:{port}/programme.ics", resolve=ChangingAnswers())

    assert refused.value.code == "private_address"
    assert served.hosts == []


def test_a_name_with_a_private_answer_among_public_ones_is_refused(settings):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = False
    with pytest.raises(ImportFileError) as refused:
        fetch_calendar(
            "https://calendar.example/cal.ics",
            resolve=lambda host, port: ["93.184.215.14", "10.0.0.7"],
        )
    assert refused.value.code == "private_address"


def test_a_server_that_sends_too_slowly_is_cut_off_at_the_deadline(served):
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        fetch_calendar(served.address.replace("programme.ics", "slow.ics"), seconds=1)

    assert (refused.value.code, refused.value.field) == ("address_too_slow", "address")
    assert 1 <= time.monotonic() - started < 3  # the whole download, not each read


def test_a_name_that_cannot_be_found_says_so():
    with pytest.raises(ImportFileError) as refused:
        fetch_calendar("https://calendar.invalid/cal.ics")
    assert refused.value.code == "address_not_found"


@pytest.fixture
def authority():
    return trustme.CA()


def _served_over_https(authority, name: str) -> ServedCalendar:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(name).configure_cert(server_context)
    return ServedCalendar(calendar(DROP_IN), tls=server_context)


def _trusting(authority) -> ssl.SSLContext:
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


def test_over_https_the_certificate_is_checked_for_the_name_not_the_address(settings, authority):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = True  # the server is on this machine
    server = _served_over_https(authority, "calendar.example")
    try:
        address = f"https://calendar.example:{server.port}/programme.ics"
        text = fetch_calendar(address, resolve=ChangingAnswers(), tls=_trusting(authority))
    finally:
        server.close()
    assert "Wednesday drop-in" in text
    assert server.hosts == [f"calendar.example:{server.port}"]


def test_over_https_a_certificate_for_another_name_is_refused(settings, authority):
    settings.EVENTS_CALENDAR_PRIVATE_ADDRESSES_ALLOWED = True  # the server is on this machine
    server = _served_over_https(authority, "elsewhere.example")
    try:
        with pytest.raises(ImportFileError) as refused:
            fetch_calendar(
                f"https://calendar.example:{server.port}/programme.ics",
                resolve=ChangingAnswers(),
                tls=_trusting(authority),
            )
    finally:
        server.close()
    assert refused.value.code == "address_unreachable"
    assert server.hosts == []
