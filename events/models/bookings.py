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
                fields=["person", "occurrence"],
                condition=Q(status="confirmed"),
                name="one_confirmed_booking_per_person",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(walk_in=True) | Q(former_member=True),
                name="only_walk_ins_without_account",
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


class WaitingListEntry(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        PROMOTED = "promoted", "Given a place"
        LEFT = "left", "Left the list"

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="waiting_list"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="waiting_list_entries"
    )
    for_person_name = models.CharField(max_length=100, blank=True)
    companions = models.PositiveSmallIntegerField(default=0)
    access_needs = models.JSONField(default=list, blank=True)
    access_notes = models.TextField(blank=True, max_length=1000)
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
                fields=["person", "occurrence"],
                condition=Q(status="waiting"),
                name="one_waiting_entry_per_person",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "position"], name="one_person_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} waiting for {self.occurrence} (#{self.position})"

    @property
    def places(self) -> int:
        return places_for(self.companions)
