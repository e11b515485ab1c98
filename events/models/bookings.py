"""Places: a booking holds one place plus any companions; the waiting list keeps its order."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum

from community.models.people import FORMER_MEMBER

# The venue's access list, plus what people also ask organisers for.
ACCESS_NEEDS = [
    ("step_free", "Step-free access"),
    ("accessible_toilet", "Accessible toilet"),
    ("hearing_loop", "Hearing loop"),
    ("bsl_interpreter", "BSL interpreter"),
    ("quiet_space", "Quiet space"),
    ("parking", "Parking"),
    ("easy_read", "Easy Read materials"),
    ("large_print", "Large print"),
]
ACCESS_NEED_CODES = frozenset(code for code, _ in ACCESS_NEEDS)


def places_for(companions: int) -> int:
    """The places a booking (or a party waiting) takes: the person, and each companion."""
    return 1 + companions


def places_sum() -> Sum:
    """`places_for` summed over booking rows in the database, for counts of places taken."""
    return Sum(F("companions") + 1)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def attendee_key(for_person_name: str) -> str:
    """Who a booking's place is for, as the database compares it: "" for the booker themselves,
    else the name folded ("Mum" and " mum " are the same person). A carer may hold one booking
    per person attending, so this is part of the one-booking rule."""
    return " ".join(for_person_name.split()).casefold()[:100]


class AttendanceMode(models.TextChoices):
    """For a hybrid event, how this place is taken; empty for the others."""

    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="bookings"
    )
    # Empty only for a walk-in without an account.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_bookings",
    )
    for_person_name = models.CharField(
        "booking for", max_length=100, blank=True, help_text="The person you care for, if not you."
    )
    # attendee_key(for_person_name), kept by the services: one confirmed booking per person
    # attending, so a carer can book for his mother and for himself on the same date.
    attendee_key = models.CharField(max_length=100, blank=True, default="")
    # Staff who made the booking for someone (a phone call); empty when people booked themselves.
    # With no `person` either, it is a booking by name for someone without an account.
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attendance_mode = models.CharField(
        max_length=10, choices=AttendanceMode.choices, blank=True, default=""
    )
    companions = models.PositiveSmallIntegerField(default=0)
    access_needs = models.JSONField(default=list, blank=True)
    access_notes = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until the register.")
    walk_in = models.BooleanField(default=False)
    walk_in_name = models.CharField(max_length=100, blank=True)
    # The person deleted their account: the booking stays, with nothing about them, so the
    # organisation's attendance figures do not change after the fact.
    former_member = models.BooleanField(default=False)
    from_waiting_list = models.BooleanField(default=False)
    give_back_token = models.CharField(max_length=64, unique=True, default=new_token)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The person's own calendar entry for the date (one UID per person and date) changes when
    # the booking is cancelled or the date booked again: this counts those changes, carried
    # over from the person's earlier bookings of the date, and adds to the date's SEQUENCE.
    sequence = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occurrence", "attendee_key"],
                condition=Q(status="confirmed"),
                name="one_confirmed_booking_per_attendee",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | Q(walk_in=True)
                | Q(former_member=True)
                # A booking by name that staff made for someone without an account: it keeps
                # the name whatever becomes of the staff member's own account.
                | ~Q(walk_in_name=""),
                name="only_walk_ins_and_staff_bookings_without_account",
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status"])]

    def __str__(self) -> str:
        return f"{self.name} — {self.occurrence}"

    @property
    def places(self) -> int:
        return places_for(self.companions)

    @property
    def name(self) -> str:
        if self.person_id is None:
            return FORMER_MEMBER if self.former_member else self.walk_in_name
        return self.person.display_name

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def attendee_name(self) -> str:
        """Whom the place is for: the named person the booker cares for, or the booker."""
        return self.for_person_name or self.name


class WaitingListEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        # Offer mode (Event.WaitingListMode.OFFER): a place is held for the person until
        # `offer_expires_at`; it counts as taken meanwhile.
        OFFERED = "offered", "Offered a place"
        PROMOTED = "promoted", "Given a place"
        LEFT = "left", "Left the list"
        OFFER_PASSED = "offer_passed", "Offer passed on"

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="waiting_list"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    for_person_name = models.CharField(max_length=100, blank=True)
    attendee_key = models.CharField(max_length=100, blank=True, default="")
    attendance_mode = models.CharField(
        max_length=10, choices=AttendanceMode.choices, blank=True, default=""
    )
    # Waiting for more places on a booking the person already holds (editing a booking to bring
    # more companions when the date is full): `companions` is then the booking's new total, and
    # the entry needs only the places beyond what the booking has. The booking is never lost.
    adds_to = models.ForeignKey(
        "events.Booking",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_for_more",
    )
    companions = models.PositiveSmallIntegerField(default=0)
    access_needs = models.JSONField(default=list, blank=True)
    access_notes = models.TextField(blank=True, max_length=1000)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    # When the person was told a place came free but their party did not fit (once per entry).
    passed_over_at = models.DateTimeField(null=True, blank=True)
    # Given out under the occurrence's row lock, so it is the order people asked in.
    position = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    created = models.DateTimeField(auto_now_add=True)

    # Not stored: 1 for the first person waiting (events.selectors, events.services.waiting_list).
    place_in_queue: int

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "waiting list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occurrence", "attendee_key"],
                condition=Q(status__in=["waiting", "offered"]),
                name="one_waiting_entry_per_attendee",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "position"], name="one_person_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} waiting for {self.occurrence} (#{self.position})"

    @property
    def places(self) -> int:
        """The places this entry waits for: its whole party, or, waiting for more places on a
        booking (`adds_to`, load it with select_related), only those beyond the booking's."""
        if self.adds_to_id is None:
            return places_for(self.companions)
        return max(1, self.companions - self.adds_to.companions)
