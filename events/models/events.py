"""An event an organisation publishes: what it is, who it is for, where, and how to get in."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from community.areas import AREA_CHOICES
from community.safety.visibility import Visibility
from events.links import event_url


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop"
        DROP_IN = "drop_in", "Drop-in"
        TRAINING = "training", "Training"

    class Format(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"
        HYBRID = "hybrid", "In person and online"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Everyone"
        BUDGET_HOLDERS = "budget_holders", "People with a personal budget"
        CARERS = "carers", "Carers"
        FINDING_OUT = "finding_out", "People finding out about personal budgets"
        ADVISORS = "advisors", "Peer advisors and planning partners"

    class WaitingListMode(models.TextChoices):
        AUTOMATIC = "automatic", "Give the place to the next person straight away"
        OFFER = "offer", "Offer the place, and pass it on if not taken in time"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        "community.Organisation", on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    title = models.CharField(max_length=150)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True, max_length=10000)
    description_html = models.TextField(blank=True, editable=False)
    themes = models.ManyToManyField("community.Theme", blank=True, related_name="events")
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    format = models.CharField(max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="hosted_events"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Set by moderation (community.safety): a hidden or held event leaves every public list and
    # feed, whatever its status.
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.SHOWN, db_index=True
    )

    # Where, for in-person and hybrid events.
    venue_name = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    area = models.CharField(max_length=80, choices=AREA_CHOICES, blank=True)
    step_free = models.BooleanField("step-free access", default=False)
    accessible_toilet = models.BooleanField(default=False)
    hearing_loop = models.BooleanField(default=False)
    bsl_interpreter = models.BooleanField("BSL interpreter available", default=False)
    quiet_space = models.BooleanField(default=False)
    parking = models.BooleanField(default=False)
    transport_notes = models.TextField("public transport", blank=True, max_length=1000)

    # How to get in, for online and hybrid events. Only booked people, hosts and staff see it.
    joining_link = models.URLField(blank=True)
    use_site_chat_room = models.BooleanField(default=False)

    capacity = models.PositiveIntegerField(default=20, help_text="Places on each date.")
    # Hybrid events: how many of each date's places are online (the rest are in person). New
    # dates take it; each date keeps its own (Occurrence.online_capacity).
    online_capacity = models.PositiveIntegerField(null=True, blank=True)
    # Bookings close this long before each date starts (0: until it starts).
    booking_closes_minutes = models.PositiveIntegerField(default=0)
    # Payment is out of scope: empty means free, else the price in the organiser's words.
    cost = models.CharField(max_length=100, blank=True)
    waiting_list_mode = models.CharField(
        max_length=10, choices=WaitingListMode.choices, default=WaitingListMode.AUTOMATIC
    )
    # Offer mode: how long a person has to accept a place before it passes to the next.
    offer_hours = models.PositiveSmallIntegerField(default=24)
    # The UID in the .ics file it was imported from, so the same file is not imported twice.
    imported_uid = models.CharField(max_length=255, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Both rise on every change that calendar apps should notice (feeds.next_stamp).
    sequence = models.PositiveIntegerField(default=0)
    last_modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="event_has_places")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return event_url(self)

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def access_features(self) -> list[str]:
        """The venue's access information, as the words people read."""
        return [venue_access_label(name) for name in VENUE_ACCESS_FIELDS if getattr(self, name)]


VENUE_ACCESS_FIELDS = (
    "step_free",
    "accessible_toilet",
    "hearing_loop",
    "bsl_interpreter",
    "quiet_space",
    "parking",
)


def venue_access_label(name: str) -> str:
    """One venue access field in words, for pages, feeds and the API. Only the first letter is
    raised (not .capitalize(), which would turn "BSL" into "Bsl")."""
    words = str(Event._meta.get_field(name).verbose_name)
    return words[:1].upper() + words[1:]
