"""Regression tests for review items 2, 3, 9 and 11 of issue 12: a host whose role is taken away
hosts nothing more; people holding a place offered from the waiting list are part of every
change to the date; why a date moved or was cancelled is kept apart from its note; an event
whose dates are all over cannot be published."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core import mail
from django.urls import reverse

from community.errors import NotAllowed
from community.models import Membership, Notification
from community.services.memberships import revoke_role
from events.errors import EventError
from events.models import Event, Occurrence, WaitingListEntry
from events.permissions import can_change_date, can_take_register, dates_access, is_host
from events.selectors import hosted_dates, my_offers
from events.services.bookings import book_place, cancel_booking
from events.services.events import publish_event
from events.services.occurrences import add_date_note, cancel_occurrence, move_occurrence
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import MembershipFactory, PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=datetime.UTC)
HOURS = datetime.timedelta(hours=2)
OFFERED = WaitingListEntry.Status.OFFERED


@pytest.fixture(autouse=True)
def pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


def _date(event, start=START):
    return OccurrenceFactory(event=event, start=start, end=start + HOURS)


def _told(person, date) -> list[str]:
    return list(
        Notification.objects.filter(recipient=person, about_id=date.pk).values_list(
            "message", flat=True
        )
    )


# ---- Item 2: hosting rights end with the host's role ----


@pytest.fixture
def org_event():
    event = EventFactory()
    return event, staff_of(event.organisation)


def _revoke(staff, person, event):
    membership = Membership.objects.get(person=person, organisation=event.organisation, active=True)
    return revoke_role(revoked_by=staff, membership=membership)


def test_a_host_whose_role_is_taken_away_can_no_longer_change_the_date_or_take_the_register(
    org_event,
):
    event, staff = org_event
    host = advisor_of(event.organisation)
    event.hosts.add(host)
    date = _date(event)
    assert can_change_date(host, date)

    # Still listed as a host (as before this fix), but the role is gone.
    Membership.objects.filter(person=host).update(active=False)

    assert not can_change_date(host, date) and not can_take_register(host, date)
    assert dates_access(host, event, [date]).register == frozenset()
    assert list(hosted_dates(host, past=False)) == []
    with pytest.raises(NotAllowed):
        move_occurrence(mover=host, occurrence=date, start=START + HOURS, end=START + 2 * HOURS)


def test_revoking_a_hosts_last_role_takes_them_off_the_events_and_dates_still_to_come(org_event):
    event, staff = org_event
    host = advisor_of(event.organisation)
    event.hosts.add(host)
    coming = OccurrenceFactory(event=EventFactory(organisation=event.organisation), host=host)
    coming.start, coming.end = START, START + HOURS
    coming.save()
    past = _date(EventFactory(organisation=event.organisation), start=NOW - 10 * HOURS)
    past.host = host
    past.save()
    elsewhere = _date(EventFactory())  # another organisation's date, where they also host
    MembershipFactory(person=host, organisation=elsewhere.event.organisation)
    elsewhere.host = host
    elsewhere.save()

    _revoke(staff, host, event)

    coming.refresh_from_db(), past.refresh_from_db(), elsewhere.refresh_from_db()
    assert not event.hosts.filter(pk=host.pk).exists() and not is_host(host, event, coming)
    assert coming.host is None and coming.sequence == 1  # calendars see the change
    assert past.host == host  # who hosted it stays on record
    assert elsewhere.host == host
    assert list(hosted_dates(host, past=False)) == [elsewhere]


def test_a_host_keeps_hosting_while_another_role_at_the_organisation_remains(org_event):
    event, staff = org_event
    host = advisor_of(event.organisation)
    MembershipFactory(person=host, organisation=event.organisation, role="planning_partner")
    event.hosts.add(host)
    date = _date(event)

    revoke_role(revoked_by=staff, membership=Membership.objects.get(person=host, role="advisor"))

    assert event.hosts.filter(pk=host.pk).exists() and can_change_date(host, date)


# ---- Item 3: places offered from the waiting list ----


@pytest.fixture
def offered():
    """A one-place date of an offer-mode event: the place held for `entry`'s person, someone
    else waiting behind them."""
    event = EventFactory(capacity=1, waiting_list_mode=Event.WaitingListMode.OFFER, offer_hours=48)
    date = _date(event)
    first = book_place(person=PersonFactory(), occurrence=date)
    entry = book_place(person=PersonFactory(), occurrence=date, wait_if_full=True)
    behind = book_place(person=PersonFactory(), occurrence=date, wait_if_full=True)
    cancel_booking(canceller=first.person, booking=first)
    entry.refresh_from_db()
    assert entry.status == OFFERED
    return date, entry, behind, staff_of(event.organisation)


def test_people_offered_a_place_are_told_of_a_note_a_move_and_a_cancellation(offered):
    date, entry, _, staff = offered
    add_date_note(editor=staff, occurrence=date, note="Room 2 this week.")
    move_occurrence(mover=staff, occurrence=date, start=START + HOURS, end=START + 2 * HOURS)
    cancel_occurrence(canceller=staff, occurrence=date, reason="The hall flooded.")

    messages = _told(entry.person, date)
    assert any(m.startswith("A note about ") for m in messages)
    assert any(m.startswith("Moved: ") for m in messages)
    assert any(m.startswith("Cancelled: ") and m.endswith("The hall flooded.") for m in messages)


def test_cancelling_a_date_ends_open_offers_and_offers_nobody_else(offered):
    date, entry, behind, staff = offered
    assert list(my_offers(person=entry.person)) == [entry]

    cancel_occurrence(canceller=staff, occurrence=date)

    entry.refresh_from_db(), behind.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFER_PASSED
    assert behind.status == WaitingListEntry.Status.WAITING
    assert list(my_offers(person=entry.person)) == []


def test_an_offer_left_open_on_a_cancelled_date_is_not_shown_to_accept(offered):
    date, entry, _, _ = offered
    Occurrence.objects.filter(pk=date.pk).update(status=Occurrence.Status.CANCELLED)
    assert list(my_offers(person=entry.person)) == []


def test_places_left_after_a_move_or_a_note_count_the_offered_place(offered):
    date, _, _, staff = offered
    noted = add_date_note(editor=staff, occurrence=date, note="Room 2.")
    assert (noted.places_left, noted.waiting_count) == (0, 1)
    moved = move_occurrence(
        mover=staff, occurrence=date, start=START + HOURS, end=START + 2 * HOURS
    )
    assert (moved.places_taken, moved.places_left) == (1, 0)


def test_moving_a_date_sooner_brings_the_offer_deadline_forward_to_the_new_close(offered):
    date, entry, _, staff = offered
    assert entry.offer_expires_at == NOW + datetime.timedelta(hours=48)
    sooner = NOW + datetime.timedelta(hours=20)
    Event.objects.filter(pk=date.event_id).update(booking_closes_minutes=60)
    date.event.refresh_from_db()

    move_occurrence(mover=staff, occurrence=date, start=sooner, end=sooner + HOURS)

    entry.refresh_from_db()
    assert entry.offer_expires_at == sooner - datetime.timedelta(minutes=60)


# ---- Item 9: the reason for a change is not the date's note ----


def test_moving_without_a_reason_keeps_the_dates_note(org_event):
    event, staff = org_event
    date = _date(event)
    add_date_note(editor=staff, occurrence=date, note="Bring your last statement.")

    moved = move_occurrence(
        mover=staff, occurrence=date, start=START + HOURS, end=START + 2 * HOURS
    )

    assert moved.note == "Bring your last statement." and moved.change_reason == ""


def test_a_note_after_a_move_is_shown_as_a_note_not_as_the_reason(client, org_event):
    event, staff = org_event
    date = _date(event)
    move_occurrence(
        mover=staff,
        occurrence=date,
        start=START + HOURS,
        end=START + 2 * HOURS,
        reason="The hall opens late.",
    )
    add_date_note(editor=staff, occurrence=date, note="Room 2 this week.")

    page = client.get(reverse("events_detail", args=[event.slug])).content.decode()

    assert "<strong>Moved.</strong> The hall opens late." in page
    assert "<strong>Note:</strong> Room 2 this week." in page
    assert "<strong>Moved.</strong> Room 2" not in page


def test_the_move_email_gives_the_reason_of_that_move_even_if_a_note_follows(
    org_event, django_capture_on_commit_callbacks
):
    event, staff = org_event
    date = _date(event)
    booked = book_place(person=PersonFactory(), occurrence=date).person
    with django_capture_on_commit_callbacks() as queued:
        move_occurrence(
            mover=staff,
            occurrence=date,
            start=START + HOURS,
            end=START + 2 * HOURS,
            reason="The hall opens late.",
        )
    add_date_note(editor=staff, occurrence=date, note="Room 2 this week.")
    mail.outbox.clear()
    for callback in queued:
        callback()

    (email,) = [m for m in mail.outbox if m.to == [booked.email] and "moved" in m.subject]
    assert "Why: The hall opens late." in email.body
    assert "Room 2" not in email.body


def test_cancelling_keeps_the_reason_apart_and_the_note_as_it_was(org_event):
    event, staff = org_event
    date = _date(event)
    add_date_note(editor=staff, occurrence=date, note="Room 2 this week.")

    cancelled = cancel_occurrence(canceller=staff, occurrence=date, reason="  I am   unwell. ")

    assert cancelled.change_reason == "I am unwell." and cancelled.note == "Room 2 this week."


# ---- Item 11 (third part): publishing needs a date still to come ----


def test_an_event_whose_dates_are_all_over_cannot_be_published(org_event):
    event, staff = org_event
    draft = EventFactory(organisation=event.organisation)
    Event.objects.filter(pk=draft.pk).update(status=Event.Status.DRAFT)
    draft.refresh_from_db()
    _date(draft, start=NOW - datetime.timedelta(days=3))

    with pytest.raises(EventError) as refused:
        publish_event(publisher=staff, event=draft)

    assert refused.value.code == "no_dates" and "Every date of this event is over" in (
        refused.value.message
    )
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT
    _date(draft, start=START)
    assert publish_event(publisher=staff, event=draft).status == Event.Status.PUBLISHED


def test_the_migration_moves_old_reasons_out_of_the_note(org_event):
    event, _ = org_event
    moved = _date(event)
    cancelled = _date(event, start=START + datetime.timedelta(days=7))
    plain = _date(event, start=START + datetime.timedelta(days=14))
    Occurrence.objects.filter(pk=moved.pk).update(status="moved", note="The hall opens late.")
    Occurrence.objects.filter(pk=cancelled.pk).update(status="cancelled", note="I am unwell.")
    Occurrence.objects.filter(pk=plain.pk).update(note="Room 2 this week.")

    migration = importlib.import_module("events.migrations.0009_date_change_reason")
    migration.reasons_apart(django_apps, None)

    rows = {
        o.pk: (o.note, o.change_reason)
        for o in Occurrence.objects.filter(pk__in=[moved.pk, cancelled.pk, plain.pk])
    }
    assert rows == {
        moved.pk: ("", "The hall opens late."),
        cancelled.pk: ("", "I am unwell."),
        plain.pk: ("Room 2 this week.", ""),
    }
