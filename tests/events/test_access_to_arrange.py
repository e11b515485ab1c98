"""Access needs become a to-do list (issue 12, point 4): a need the venue has not said it has
opens an item and the organisation's staff are told at once; staff answer it (arranged, or it
cannot be) and the booker is told; the list holds only what is still to arrange for dates to
come; and the items and replies go with the needs when personal data is erased."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from community.errors import NotAllowed
from community.models import AuditLogEntry, Notification
from community.safety.personal_data import Erasure
from events import selectors
from events.errors import BookingError
from events.models import AccessRequest, Booking, Event, Occurrence
from events.models.bookings import AttendanceMode, attendee_key
from events.notification_kinds import ACCESS_ANSWERED, ACCESS_TO_ARRANGE
from events.personal_data import erase_from_events, erase_old_access_needs, export_bookings
from events.services.access_requests import answer_access_request, open_access_requests
from events.services.booking_changes import change_booking
from events.services.bookings import cancel_booking
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db

UK = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 12, 28, 10, 0, tzinfo=datetime.UTC)
# Tuesday 5 January 2027, 10:00 to 12:00 UK time.
TUESDAY = datetime.datetime(2027, 1, 5, 10, 0, tzinfo=UK)

ARRANGED = AccessRequest.Status.ARRANGED
NOT_POSSIBLE = AccessRequest.Status.NOT_POSSIBLE


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def budget_basics(organisation=None, **fields) -> Event:
    """An in-person workshop at a venue with step-free access and no BSL interpreter."""
    fields.setdefault("title", "Budget basics")
    fields.setdefault("slug", "budget-basics")
    return EventFactory(
        organisation=organisation or OrganisationFactory(),
        step_free=True,
        bsl_interpreter=False,
        **fields,
    )


def date_of(event: Event, start: datetime.datetime = TUESDAY, **fields) -> Occurrence:
    return OccurrenceFactory(
        event=event, start=start, end=start + datetime.timedelta(hours=2), **fields
    )


def booked(
    occurrence: Occurrence,
    capture,
    *,
    person=None,
    for_person_name: str = "",
    needs=(),
    notes: str = "",
    booked_by=None,
    name: str = "",
    mode: str = "",
) -> Booking:
    """A booking made as the booking services make it: in one transaction with its to-do items,
    the staff told after commit (`capture` is django_capture_on_commit_callbacks)."""
    with capture(execute=True), transaction.atomic():
        booking = Booking.objects.create(
            occurrence=occurrence,
            person=person,
            for_person_name=for_person_name,
            attendee_key=attendee_key(for_person_name),
            access_needs=list(needs),
            access_notes=notes,
            booked_by=booked_by,
            walk_in_name=name,
            attendance_mode=mode,
        )
        open_access_requests(booking)
    return booking


def told(kind: str) -> dict[str, list[str]]:
    """Who was told what, by display name."""
    found: dict[str, list[str]] = {}
    for note in Notification.objects.filter(kind=kind).select_related("recipient").order_by("pk"):
        found.setdefault(note.recipient.display_name, []).append(note.message)
    return found


@pytest.fixture
def workshop(db):
    return budget_basics()


@pytest.fixture
def tuesday(workshop):
    return date_of(workshop)


@pytest.fixture
def pat(workshop):
    return staff_of(workshop.organisation, display_name="Pat Staff")


@pytest.fixture
def sam(db):
    return PersonFactory(display_name="Sam")


# ---- Opening items and telling staff ----


def test_a_need_the_venue_lacks_is_to_arrange_and_the_organisations_staff_are_told_at_once(
    workshop, tuesday, pat, sam, django_capture_on_commit_callbacks
):
    organisation = workshop.organisation
    staff_of(organisation, display_name="Jo Staff")
    left = staff_of(organisation, display_name="Left Staff")
    left.memberships.update(active=False)
    MembershipFactory(organisation=organisation, person__display_name="Ada Advisor")
    PersonFactory(display_name="Mo Moderator", is_moderator=True)
    staff_of(OrganisationFactory(), display_name="Kim Elsewhere")

    booking = booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=sam,
        for_person_name="Mary",
        needs=["step_free", "bsl_interpreter"],
    )

    # The venue is step-free: only the interpreter is to arrange.
    assert list(booking.access_requests.values_list("need", "status")) == [
        ("bsl_interpreter", "to_arrange")
    ]
    message = (
        "Access to arrange: BSL interpreter for Mary (booked by Sam) at Budget basics on "
        "Tuesday 5 January."
    )
    assert told(ACCESS_TO_ARRANGE.code) == {"Pat Staff": [message], "Jo Staff": [message]}
    item = booking.access_requests.get()
    note = Notification.objects.filter(kind=ACCESS_TO_ARRANGE.code).first()
    assert note.url == reverse("events_access_answer", args=[organisation.slug, item.pk])


def test_several_needs_are_one_message_that_opens_the_to_do_list(
    workshop, tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=sam,
        needs=["bsl_interpreter", "large_print"],
        notes="I lip-read, so please face me.",
    )
    assert told(ACCESS_TO_ARRANGE.code) == {
        "Pat Staff": [
            "Access to arrange: BSL interpreter, Large print and Other access needs (in their "
            "words) for Sam at Budget basics on Tuesday 5 January."
        ]
    }
    note = Notification.objects.get(kind=ACCESS_TO_ARRANGE.code)
    assert note.url == reverse("events_access_requests", args=[workshop.organisation.slug])


def test_what_the_venue_has_and_room_needs_online_open_nothing(
    workshop, pat, sam, django_capture_on_commit_callbacks
):
    workshop.format = Event.Format.HYBRID
    workshop.bsl_interpreter = True
    workshop.save()
    tuesday = date_of(workshop)
    in_person = booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=sam,
        needs=["step_free", "bsl_interpreter"],
        mode=AttendanceMode.IN_PERSON,
    )
    online = booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=PersonFactory(),
        needs=["step_free", "hearing_loop", "quiet_space"],
        mode=AttendanceMode.ONLINE,
    )
    assert not in_person.access_requests.exists()
    assert not online.access_requests.exists()
    assert told(ACCESS_TO_ARRANGE.code) == {}


def test_changing_a_booking_keeps_answers_opens_new_needs_and_drops_needs_no_longer_asked(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    answer_access_request(staff=pat, request=booking.access_requests.get(), status=ARRANGED)

    booking.access_needs = ["bsl_interpreter", "easy_read"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        opened = open_access_requests(booking)
    assert [item.need for item in opened] == ["easy_read"]
    assert dict(booking.access_requests.values_list("need", "status")) == {
        "bsl_interpreter": "arranged",
        "easy_read": "to_arrange",
    }
    assert told(ACCESS_TO_ARRANGE.code)["Pat Staff"][-1].startswith(
        "Access to arrange: Easy Read materials for Sam"
    )

    # Asking again for what is already open tells nobody again.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert open_access_requests(booking) == []
    booking.access_needs = []
    with transaction.atomic():
        open_access_requests(booking)
    assert not booking.access_requests.exists()
    assert len(told(ACCESS_TO_ARRANGE.code)["Pat Staff"]) == 2


def test_changed_notes_are_to_arrange_again_with_the_old_answer_cleared_and_staff_told(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, notes="I bring my own chair."
    )
    answer_access_request(
        staff=pat, request=booking.access_requests.get(), status=NOT_POSSIBLE, reply="No room."
    )

    booking.access_notes = "I need a chair with arms."
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert open_access_requests(booking, notes_changed=True) == []
    item = booking.access_requests.get()
    assert (item.need, item.status, item.reply) == ("notes", "to_arrange", "")
    assert item.handled_by is None and item.handled_at is None
    assert (
        told(ACCESS_TO_ARRANGE.code)["Pat Staff"]
        == [
            "Access to arrange: Other access needs (in their words) for Sam at Budget basics on "
            "Tuesday 5 January."
        ]
        * 2
    )
    assert item.pk in {
        request.pk
        for request in selectors.access_to_arrange(organisation=tuesday.event.organisation)
    }
    reopened = AuditLogEntry.objects.get(action="events.access_request.reopened")
    assert reopened.subject_id == booking.pk and "chair" not in str(reopened.data)


def test_a_booker_who_rewrites_their_notes_puts_them_back_on_the_staff_list(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(tuesday, django_capture_on_commit_callbacks, person=sam, notes="A chair.")
    answer_access_request(
        staff=pat, request=booking.access_requests.get(), status=ARRANGED, reply="Done."
    )

    with django_capture_on_commit_callbacks(execute=True):
        change_booking(changer=sam, booking=booking, access_notes="A chair with arms, please.")

    item = booking.access_requests.get()
    assert (item.status, item.reply) == ("to_arrange", "")
    assert len(told(ACCESS_TO_ARRANGE.code)["Pat Staff"]) == 2


def test_an_answer_to_the_notes_stands_when_other_things_change(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(tuesday, django_capture_on_commit_callbacks, person=sam, notes="A chair.")
    answer_access_request(staff=pat, request=booking.access_requests.get(), status=ARRANGED)

    booking.access_needs = ["easy_read"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        open_access_requests(booking)
    assert dict(booking.access_requests.values_list("need", "status")) == {
        "notes": "arranged",
        "easy_read": "to_arrange",
    }
    assert not AuditLogEntry.objects.filter(action="events.access_request.reopened").exists()


def test_a_place_staff_booked_by_phone_names_them_and_they_are_not_told_what_they_typed(
    workshop, tuesday, pat, django_capture_on_commit_callbacks
):
    staff_of(workshop.organisation, display_name="Jo Staff")
    booked(
        tuesday,
        django_capture_on_commit_callbacks,
        booked_by=pat,
        name="Ken Phone",
        needs=["bsl_interpreter"],
    )
    assert told(ACCESS_TO_ARRANGE.code) == {
        "Jo Staff": [
            "Access to arrange: BSL interpreter for Ken Phone (booked by Pat Staff) at Budget "
            "basics on Tuesday 5 January."
        ]
    }


def test_a_booking_cancelled_before_the_staff_were_told_tells_nobody(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        booking = Booking.objects.create(
            occurrence=tuesday, person=sam, access_needs=["bsl_interpreter"]
        )
        open_access_requests(booking)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    for callback in callbacks:
        callback()
    assert told(ACCESS_TO_ARRANGE.code) == {}


# ---- Answering ----


def test_answering_records_who_and_when_and_tells_the_booker(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    item = answer_access_request(
        staff=pat,
        request=booking.access_requests.get(),
        status=ARRANGED,
        reply="  An interpreter will meet you at the door. ",
    )
    item.refresh_from_db()
    assert item.status == ARRANGED
    assert item.reply == "An interpreter will meet you at the door."
    assert item.handled_by == pat and item.handled_at == NOW
    assert told(ACCESS_ANSWERED.code) == {
        "Sam": [
            "Budget basics on Tuesday 5 January: BSL interpreter — arranged. 'An interpreter "
            "will meet you at the door.'"
        ]
    }
    assert Notification.objects.get(kind=ACCESS_ANSWERED.code).url == reverse("events_my_bookings")
    entry = AuditLogEntry.objects.get(action="events.access_request.answered")
    assert entry.actor == pat and entry.subject_id == item.pk
    assert entry.data == {"need": "bsl_interpreter", "status": "arranged"}


def test_a_carer_is_told_whom_the_answer_is_for(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday,
        django_capture_on_commit_callbacks,
        person=sam,
        for_person_name="Mary",
        notes="Mum needs a chair with arms.",
    )
    answer_access_request(staff=pat, request=booking.access_requests.get(), status=NOT_POSSIBLE)
    assert told(ACCESS_ANSWERED.code) == {
        "Sam": ["Budget basics on Tuesday 5 January: What you wrote for Mary — cannot be arranged."]
    }


def test_answering_again_with_the_same_words_changes_nothing_and_tells_nobody_twice(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(tuesday, django_capture_on_commit_callbacks, person=sam, needs=["large_print"])
    item = booking.access_requests.get()
    answer_access_request(staff=pat, request=item, status=ARRANGED, reply="Yes")
    answer_access_request(staff=pat, request=item, status=ARRANGED, reply="Yes ")
    assert len(told(ACCESS_ANSWERED.code)["Sam"]) == 1
    answer_access_request(staff=pat, request=item, status=NOT_POSSIBLE, reply="Sorry")
    assert len(told(ACCESS_ANSWERED.code)["Sam"]) == 2
    assert AuditLogEntry.objects.filter(action="events.access_request.answered").count() == 2


def test_a_booking_by_name_has_nobody_to_tell(tuesday, pat, django_capture_on_commit_callbacks):
    booking = booked(
        tuesday,
        django_capture_on_commit_callbacks,
        booked_by=pat,
        name="Ken Phone",
        needs=["large_print"],
    )
    item = answer_access_request(staff=pat, request=booking.access_requests.get(), status=ARRANGED)
    assert item.status == ARRANGED
    assert told(ACCESS_ANSWERED.code) == {}


def test_only_the_organisations_staff_may_answer(
    workshop, tuesday, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    item = booking.access_requests.get()
    host = PersonFactory()
    workshop.hosts.add(host)
    for person in (
        sam,
        host,
        PersonFactory(is_moderator=True),
        staff_of(OrganisationFactory()),
    ):
        with pytest.raises(NotAllowed):
            answer_access_request(staff=person, request=item, status=ARRANGED)
    item.refresh_from_db()
    assert item.status == AccessRequest.Status.TO_ARRANGE


@pytest.mark.parametrize(
    ("status", "reply", "code", "field"),
    [
        ("to_arrange", "", "choose_answer", "status"),
        ("maybe", "", "choose_answer", "status"),
        ("arranged", "x" * 1001, "reply_too_long", "reply"),
    ],
)
def test_an_answer_that_is_not_one_of_the_choices_is_refused(
    tuesday, pat, sam, django_capture_on_commit_callbacks, status, reply, code, field
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    with pytest.raises(BookingError) as refused:
        answer_access_request(
            staff=pat, request=booking.access_requests.get(), status=status, reply=reply
        )
    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_cancelled_bookings_need_cannot_be_answered(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    item = booking.access_requests.get()
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    with pytest.raises(BookingError) as refused:
        answer_access_request(staff=pat, request=item, status=ARRANGED)
    assert refused.value.code == "not_booked"


# ---- The to-do list ----


def test_the_list_holds_what_is_still_to_arrange_for_dates_to_come_soonest_first(
    workshop, pat, sam, django_capture_on_commit_callbacks
):
    later = date_of(workshop, TUESDAY + datetime.timedelta(days=7))
    sooner = date_of(workshop, TUESDAY)
    past = date_of(workshop, NOW - datetime.timedelta(days=3))
    called_off = date_of(workshop, TUESDAY, status=Occurrence.Status.CANCELLED)
    elsewhere = date_of(budget_basics(title="Elsewhere", slug="elsewhere"))

    def needing(occurrence, need="bsl_interpreter"):
        return booked(
            occurrence, django_capture_on_commit_callbacks, person=PersonFactory(), needs=[need]
        )

    last = needing(later)
    first = needing(sooner)
    answered = needing(sooner, "large_print")
    answer_access_request(staff=pat, request=answered.access_requests.get(), status=ARRANGED)
    cancelled = needing(sooner, "easy_read")
    cancel_booking(canceller=cancelled.person, booking=cancelled)
    for occurrence in (past, called_off, elsewhere):
        needing(occurrence)

    to_arrange = selectors.access_to_arrange(organisation=workshop.organisation)
    assert [item.booking_id for item in to_arrange] == [first.pk, last.pk]
    done = selectors.access_answered(organisation=workshop.organisation)
    assert [item.booking_id for item in done] == [answered.pk]


# ---- Personal data ----


def test_erasing_old_access_needs_removes_their_items_and_replies(
    workshop, pat, sam, django_capture_on_commit_callbacks
):
    old = booked(
        date_of(workshop, NOW - datetime.timedelta(days=40)),
        django_capture_on_commit_callbacks,
        person=sam,
        needs=["bsl_interpreter"],
    )
    AccessRequest.objects.filter(booking=old).update(status=ARRANGED, reply="Meet Jo at 9:45.")
    recent = booked(
        tuesday := date_of(workshop),
        django_capture_on_commit_callbacks,
        person=sam,
        needs=["bsl_interpreter"],
    )
    assert tuesday.pk == recent.occurrence_id

    erase_old_access_needs()

    assert not AccessRequest.objects.filter(booking=old).exists()
    assert AccessRequest.objects.filter(booking=recent).count() == 1


def test_the_export_says_what_the_organisers_answered(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    answer_access_request(
        staff=pat, request=booking.access_requests.get(), status=ARRANGED, reply="See you there."
    )
    (row,) = export_bookings(sam)
    assert row["access_answers"] == [
        {"need": "BSL interpreter", "answer": "Arranged", "reply": "See you there."}
    ]


def test_erasing_an_account_removes_its_items_and_replies(
    tuesday, pat, sam, django_capture_on_commit_callbacks
):
    booking = booked(
        tuesday, django_capture_on_commit_callbacks, person=sam, needs=["bsl_interpreter"]
    )
    answer_access_request(
        staff=pat, request=booking.access_requests.get(), status=ARRANGED, reply="Hello Sam."
    )
    with django_capture_on_commit_callbacks(execute=True):
        erase_from_events(Erasure(person=sam, remove_posts=False))
    assert not AccessRequest.objects.exists()
