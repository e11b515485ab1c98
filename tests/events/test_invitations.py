"""Changes reach calendars that took the e-mailed invitation: when a booked date moves, is
cancelled, or a place is given back or cancelled, the person booked is e-mailed their calendar
entry again (METHOD:REQUEST with a higher SEQUENCE, or METHOD:CANCEL) under the UID of the
confirmation's attachment, which is also the UID and SEQUENCE of their personal feed's entry.
Attachments are read back by icalendar and by Mozilla's ical.js."""

import datetime
import email

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from community.models import Notification
from events.feeds import personal_feed, uid_for
from events.notification_kinds import OCCURRENCE_CHANGED
from events.recurrence import uk_local
from events.selectors import feed_token_for
from events.services.bookings import book_place, cancel_booking, give_back_place
from events.services.occurrences import cancel_occurrence, move_occurrence
from events.services.registers import add_walk_in
from tests.calendar_clients import read_with_ical_js
from tests.events.factories import OccurrenceFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(occurrence, person, django_capture_on_commit_callbacks):
    """`person` booked on `occurrence`, with the confirmation e-mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_place(person=person, occurrence=occurrence)
    [confirmation] = mail.outbox
    mail.outbox.clear()
    return booking, confirmation


def _invitation(message):
    """(METHOD, the VEVENT) of the message's one calendar attachment."""
    [(name, content, mimetype)] = message.attachments
    assert name == "event.ics" and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    [vevent] = calendar.walk("VEVENT")
    assert mimetype == f"text/calendar; method={calendar['method']}"
    return str(calendar["method"]), vevent


def _own_feed_entry(person, occurrence):
    body = personal_feed(token=feed_token_for(person=person).token).body
    [own] = [
        v
        for v in Calendar.from_ical(body).walk("VEVENT")
        if str(v["uid"]) == uid_for(occurrence, person.pk)
    ]
    return own


def _later(occurrence, hours):
    start = occurrence.start + datetime.timedelta(hours=hours)
    return {"start": start, "end": start + datetime.timedelta(hours=2)}


def test_the_confirmation_is_an_invitation_to_the_persons_own_entry_in_their_feed(
    booked, person, occurrence
):
    _, confirmation = booked
    method, vevent = _invitation(confirmation)
    own = _own_feed_entry(person, occurrence)

    assert method == "REQUEST"
    assert str(vevent["uid"]) == str(own["uid"]) == uid_for(occurrence, person.pk)
    assert vevent["sequence"] == own["sequence"]
    assert vevent["dtstart"].dt == occurrence.start
    assert str(vevent["status"]) == "CONFIRMED"
    # iTIP asks an invitation for its organiser and attendee: the person, already going.
    assert str(vevent["attendee"]) == f"mailto:{person.email}"
    assert vevent["attendee"].params["PARTSTAT"] == "ACCEPTED"
    assert str(vevent["organizer"]).startswith("mailto:")
    assert vevent["organizer"].params["CN"] == occurrence.event.organisation.name


def test_a_moved_date_sends_everyone_booked_the_invitation_again_with_the_new_time(
    booked, person, occurrence, staff, django_capture_on_commit_callbacks
):
    _, confirmation = booked
    other = PersonFactory()
    book_place(person=other, occurrence=occurrence)
    waiting_person = PersonFactory()
    occurrence.capacity = 2
    occurrence.save(update_fields=["capacity"])
    book_place(person=waiting_person, occurrence=occurrence, wait_if_full=True)
    with time_machine.travel(occurrence.start):  # the register opens when the date starts
        add_walk_in(marker=staff, occurrence=occurrence, person=PersonFactory())
    _, first = _invitation(confirmation)
    new_time = _later(occurrence, 26)

    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(mover=staff, occurrence=occurrence, reason="The hall is booked", **new_time)

    updates = {m.to[0]: m for m in mail.outbox if m.attachments}
    # Everyone with an e-mailed invitation; not the person waiting, nor the walk-in.
    assert set(updates) == {person.email, other.email}
    message = updates[person.email]
    method, vevent = _invitation(message)
    assert method == "REQUEST"
    assert str(vevent["uid"]) == str(first["uid"])
    assert vevent["sequence"] > first["sequence"]
    assert vevent["dtstart"].dt == new_time["start"]
    assert vevent["dtend"].dt == new_time["end"]
    assert str(vevent["status"]) == "CONFIRMED"
    assert vevent["sequence"] == _own_feed_entry(person, occurrence)["sequence"]
    assert "has moved" in message.subject
    assert "The hall is booked" in message.body
    was, now = uk_local(first["dtstart"].dt), uk_local(new_time["start"])
    assert f"It was: {was:%A %-d %B %Y at %H:%M}" in message.body
    assert f"It is now: {now:%A %-d %B %Y, %H:%M}" in message.body


def test_each_move_raises_the_sequence_again(
    booked, occurrence, staff, django_capture_on_commit_callbacks
):
    _, confirmation = booked
    sequences = [_invitation(confirmation)[1]["sequence"]]
    for hours in (24, 48):
        with django_capture_on_commit_callbacks(execute=True):
            move_occurrence(mover=staff, occurrence=occurrence, **_later(occurrence, hours))
        sequences.append(_invitation(mail.outbox[-1])[1]["sequence"])
    assert sequences == sorted(set(sequences))


def test_a_cancelled_date_sends_a_cancellation_of_the_same_entry(
    booked, person, occurrence, staff, django_capture_on_commit_callbacks
):
    _, confirmation = booked
    _, first = _invitation(confirmation)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(canceller=staff, occurrence=occurrence, reason="The room flooded")

    [message] = [m for m in mail.outbox if m.attachments]
    method, vevent = _invitation(message)
    assert method == "CANCEL" and str(vevent["status"]) == "CANCELLED"
    assert str(vevent["uid"]) == str(first["uid"])
    assert vevent["sequence"] > first["sequence"]
    assert vevent["sequence"] == _own_feed_entry(person, occurrence)["sequence"]
    assert message.subject.startswith("Alongside: Cancelled:")
    assert "The room flooded" in message.body


@pytest.mark.parametrize("who", ["themselves", "by the link", "staff"])
def test_a_cancelled_place_sends_a_cancellation_of_the_same_entry(
    booked, person, occurrence, staff, who, django_capture_on_commit_callbacks
):
    booking, confirmation = booked
    _, first = _invitation(confirmation)

    with django_capture_on_commit_callbacks(execute=True):
        if who == "by the link":
            give_back_place(token=booking.give_back_token)
        else:
            cancel_booking(canceller=person if who == "themselves" else staff, booking=booking)

    [message] = [m for m in mail.outbox if m.attachments]
    assert message.to == [person.email]
    method, vevent = _invitation(message)
    assert method == "CANCEL" and str(vevent["status"]) == "CANCELLED"
    assert str(vevent["uid"]) == str(first["uid"])
    assert vevent["sequence"] > first["sequence"]
    said_by_organiser = occurrence.event.organisation.name + " has cancelled your place"
    assert (said_by_organiser in message.body) == (who == "staff")


def test_booking_again_after_cancelling_sends_an_invitation_that_outranks_the_cancellation(
    booked, person, occurrence, django_capture_on_commit_callbacks
):
    booking, _ = booked
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(canceller=person, booking=booking)
    _, cancellation = _invitation(mail.outbox[-1])

    with django_capture_on_commit_callbacks(execute=True):
        book_place(person=person, occurrence=occurrence)

    method, invitation = _invitation(mail.outbox[-1])
    assert method == "REQUEST" and str(invitation["uid"]) == str(cancellation["uid"])
    assert invitation["sequence"] > cancellation["sequence"]


def test_a_change_that_is_rolled_back_emails_no_one(
    booked, occurrence, staff, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        move_occurrence(mover=staff, occurrence=occurrence, **_later(occurrence, 24))
        raise RuntimeError("something later in the request failed")
    assert mail.outbox == []


def test_the_calendar_part_of_the_email_names_its_method_and_charset_once(
    booked, occurrence, staff, django_capture_on_commit_callbacks
):
    _, confirmation = booked
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(canceller=staff, occurrence=occurrence)

    for message, method in ((confirmation, "REQUEST"), (mail.outbox[-1], "CANCEL")):
        raw = email.message_from_bytes(message.message().as_bytes())
        [part] = [p for p in raw.walk() if p.get_content_type() == "text/calendar"]
        names = [name.lower() for name, _ in part.get_params()[1:]]
        assert sorted(names) == ["charset", "method"]
        assert part.get_param("method") == method and part.get_param("charset") == "utf-8"
        assert part.get_filename() == "event.ics"
        assert Calendar.from_ical(part.get_payload(decode=True))["method"] == method


def test_ical_js_reads_the_emailed_invitations_as_one_event_moved_then_cancelled(
    booked, person, occurrence, staff, django_capture_on_commit_callbacks
):
    """Read as Thunderbird would, each attachment is the same event, a later version each time."""
    _, confirmation = booked
    new_time = _later(occurrence, 50)
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(mover=staff, occurrence=occurrence, **new_time)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_occurrence(canceller=staff, occurrence=occurrence)
    attachments = [m.attachments[0][1] for m in [confirmation, *mail.outbox] if m.attachments]

    read = [read_with_ical_js(_as_bytes(content)) for content in attachments]

    assert [[d["method"] for d in dates] for dates in read] == [
        ["REQUEST"],
        ["REQUEST"],
        ["CANCEL"],
    ]
    [[confirmed], [moved], [cancelled]] = read
    assert confirmed["uid"] == moved["uid"] == cancelled["uid"] == uid_for(occurrence, person.pk)
    assert confirmed["sequence"] < moved["sequence"] < cancelled["sequence"]
    assert moved["start"] == new_time["start"] and moved["end"] == new_time["end"]
    assert cancelled["status"] == "CANCELLED"


def _as_bytes(content) -> bytes:
    return content.encode() if isinstance(content, str) else content


def test_a_date_with_no_one_booked_sends_nothing(event, staff, django_capture_on_commit_callbacks):
    occurrence = OccurrenceFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        move_occurrence(mover=staff, occurrence=occurrence, **_later(occurrence, 24))
        cancel_occurrence(canceller=staff, occurrence=occurrence)
    assert mail.outbox == []


@pytest.mark.parametrize("change", ["move", "cancel"])
def test_a_changed_date_sends_each_person_booked_one_email_and_the_waiting_list_its_usual_one(
    change, booked, person, occurrence, staff, django_capture_on_commit_callbacks
):
    other = PersonFactory()
    book_place(person=other, occurrence=occurrence)
    occurrence.capacity = 2
    occurrence.save(update_fields=["capacity"])
    waiting_person = PersonFactory()
    book_place(person=waiting_person, occurrence=occurrence, wait_if_full=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if change == "move":
            move_occurrence(mover=staff, occurrence=occurrence, **_later(occurrence, 26))
        else:
            cancel_occurrence(canceller=staff, occurrence=occurrence, reason="The room flooded.")

    to = [message.to[0] for message in mail.outbox]
    for booked_person in (person, other):
        [message] = [m for m in mail.outbox if m.to == [booked_person.email]]
        assert _invitation(message)[0] == ("REQUEST" if change == "move" else "CANCEL")
    assert to.count(waiting_person.email) == 1
    [waiting_email] = [m for m in mail.outbox if m.to == [waiting_person.email]]
    assert waiting_email.attachments == []
    told = Notification.objects.filter(about_id=occurrence.pk, kind=OCCURRENCE_CHANGED.code)
    assert set(told.values_list("recipient_id", flat=True)) == {
        person.pk,
        other.pk,
        waiting_person.pk,
    }
