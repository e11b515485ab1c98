"""Chat: rooms (drop-in, community, private), their messages, who is in them, and the queue to
talk privately to an advisor at a drop-in."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from community.safety.visibility import Visibility

# A message may be this long (characters of Markdown); longer ones are refused with a message.
BODY_MAX = 2000


class Room(models.Model):
    class Kind(models.TextChoices):
        DROP_IN = "drop_in", "Drop-in room"
        COMMUNITY = "community", "Community room"
        PRIVATE = "private", "Private conversation"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100, blank=True)
    description = models.CharField(max_length=300, blank=True)
    theme = models.ForeignKey(
        "community.Theme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Drop-in rooms follow one date of an event; private conversations may come from one.
    occurrence = models.ForeignKey(
        "events.Occurrence",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat_rooms",
    )
    # The organisation whose drop-in it is, or whose advisor took a private conversation.
    organisation = models.ForeignKey(
        "community.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chat_rooms",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence"],
                condition=Q(kind="drop_in"),
                name="one_drop_in_room_per_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind="drop_in") | Q(occurrence__isnull=False),
                name="drop_in_rooms_follow_a_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()} {self.pk}"

    def get_absolute_url(self) -> str:
        return f"/chat/rooms/{self.pk}/"

    @property
    def is_private(self) -> bool:
        return self.kind == self.Kind.PRIVATE

    @property
    def is_drop_in(self) -> bool:
        return self.kind == self.Kind.DROP_IN


class Participant(models.Model):
    """Someone in a room: the people of a private conversation (who may come in), and anyone
    who has opened a shared room (their read marker, and whether a host muted them)."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_participations"
    )
    joined = models.DateTimeField(auto_now_add=True)
    # In a private conversation: still in it. Someone who left or was handed on is not.
    active = models.BooleanField(default=True)
    last_read_id = models.BigIntegerField(default=0)
    muted = models.BooleanField(default=False)
    muted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["room", "person"], name="one_participant_per_room"),
        ]
        indexes = [models.Index(fields=["person", "active"])]

    def __str__(self) -> str:
        return f"{self.person} in {self.room}"


class Message(models.Model):
    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    # Chosen by the sending client, so that a resend after a dropped connection is stored once.
    client_id = models.UUIDField()
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)
    # Deleted by its author or removed by a host or moderator: the text is gone, the place stays.
    removed = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Others see only SHOWN; a new account's message waits, reports hold it, moderators hide it.
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.SHOWN, db_index=True
    )

    # Not stored: set when storing it found words that suggest the writer may be at risk, so the
    # door that sent it shows them where to get help now.
    urgent_help = False

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"], name="one_message_per_client_id"
            ),
        ]
        indexes = [models.Index(fields=["room", "id"])]

    def __str__(self) -> str:
        return f"Message {self.pk} in room {self.room_id}"


class Presence(models.Model):
    """One open socket in a room, on some server process. Rows are refreshed while the socket is
    open; rows not seen for a while (a process that died) no longer count."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    socket = models.CharField(max_length=100, unique=True)
    seen = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["room", "seen"])]

    def __str__(self) -> str:
        return f"{self.person} in room {self.room_id}"


class QueueEntry(models.Model):
    """A member waiting at a drop-in to talk privately to an advisor."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="queue")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined = models.DateTimeField(auto_now_add=True)
    taken = models.DateTimeField(null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left = models.DateTimeField(null=True, blank=True)
    conversation = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Not stored: 1 for the first person waiting (community.chat.selectors).
    position: int

    class Meta:
        ordering = ["joined", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["room", "person"],
                condition=Q(taken__isnull=True, left__isnull=True),
                name="one_place_in_the_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} waiting in {self.room}"

    @property
    def is_waiting(self) -> bool:
        return self.taken is None and self.left is None
