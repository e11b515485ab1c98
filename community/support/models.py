"""Connecting people: how a trained person appears in the directory, the requests members send
them, and the support plans members own (sections, every earlier version, comments, sharing)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from community.safety.visibility import Visibility

# A request's own words may be this long (characters); the note handed over with it too.
REQUEST_MAX = 3000
COMMENT_MAX = 2000
PLAN_SECTION_MAX = 10000
# The shorter texts, named so the services check the same limits the columns have.
AVAILABILITY_MAX = 200
PAUSED_REASON_MAX = 300
ACCESS_NEEDS_MAX = 500
HELPED_NOTE_MAX = 500
PLAN_TITLE_MAX = 120


class WayToTalk(models.TextChoices):
    CHAT = "chat", "Chat here on Alongside"
    PHONE = "phone", "Phone, through their organisation"
    IN_PERSON = "in_person", "In person"


class Listing(models.Model):
    """What a trained advisor or planning partner shows in the directory. They choose: nothing
    here is shown until they say it, and `listed` takes them out of the directory altogether.
    Training (who vouches, when, for what) comes from their memberships, never from here."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="listing"
    )
    listed = models.BooleanField("show me in the directory", default=True)
    specialisms = models.ManyToManyField("community.Theme", blank=True, related_name="+")
    languages = models.JSONField(default=list, blank=True)
    areas = models.JSONField("areas covered", default=list, blank=True)
    ways_to_talk = models.JSONField(default=list, blank=True)
    availability = models.CharField(
        "when I am usually around",
        max_length=AVAILABILITY_MAX,
        blank=True,
        help_text="For example: weekday evenings, or Tuesday mornings at the drop-in.",
    )
    # Paused by the person themselves: listed, but taking no new requests.
    paused = models.BooleanField("pause taking new requests", default=False)
    # Paused by their organisation's staff: not listed and taking nothing until staff resume.
    paused_by_organisation = models.ForeignKey(
        "community.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paused_reason = models.CharField(max_length=PAUSED_REASON_MAX, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Directory listing of {self.person}"


class SupportRequest(models.Model):
    class Wants(models.TextChoices):
        ONE_OFF = "one_off", "A one-off answer"
        REGULAR = "regular", "Regular chats"
        PLAN = "plan", "Help with a support plan"

    class State(models.TextChoices):
        OPEN = "open", "Waiting for someone to take it"
        ACCEPTED = "accepted", "Someone is helping"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "Nobody took it in time"

    class HandOver(models.TextChoices):
        BEYOND_TRAINING = "beyond_training", "It needs more than my training covers"
        SAFEGUARDING = "safeguarding", "I am worried about their safety"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    # Sent to one advisor, or to an organisation's team (then `advisor` is empty until one
    # takes it). A request to one advisor also names that advisor's organisation.
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests_to_me",
    )
    organisation = models.ForeignKey(
        "community.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    specialism = models.ForeignKey(
        "community.Theme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="what it is about",
    )
    wants = models.CharField("what you would like", max_length=20, choices=Wants.choices)
    way_to_talk = models.CharField(max_length=20, choices=WayToTalk.choices, blank=True)
    area = models.CharField(max_length=80, blank=True)
    language = models.CharField(max_length=10, blank=True)
    access_needs = models.CharField(max_length=ACCESS_NEEDS_MAX, blank=True)
    body = models.TextField("your question", max_length=REQUEST_MAX)
    # Where the member asked from, when not the directory: a forum question or a drop-in date.
    topic = models.ForeignKey(
        "forums.Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurrence = models.ForeignKey(
        "events.Occurrence", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    # Set by moderation (community.safety): a hidden or held request leaves the helpers' lists.
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.SHOWN, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The private conversation accepting opened.
    room = models.ForeignKey(
        "chat.Room", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handed_over = models.CharField(max_length=20, choices=HandOver.choices, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handed_over_note = models.TextField(blank=True, max_length=REQUEST_MAX)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    # The new request "Send it again" made from this one: it can be sent again only once.
    sent_again_as = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sent_again_from"
    )
    # "Did this help?", asked on closing: None until the member answers.
    helped = models.BooleanField(null=True, blank=True)
    helped_note = models.CharField(max_length=HELPED_NOTE_MAX, blank=True)

    # Not stored: set by ask_for_help when the words suggest the member may be at risk, so the
    # door they asked through shows them where to get urgent help now.
    urgent_help = False

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["state", "expires_at"]),
            models.Index(fields=["advisor", "state"]),
            models.Index(fields=["organisation", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(advisor__isnull=False)
                | Q(organisation__isnull=False)
                | ~Q(state="open"),
                name="an_open_request_goes_to_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Request {self.pk} from {self.member}"


class Plan(models.Model):
    """A support plan the member owns. The member edits it; their planning partner comments."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_plans"
    )
    partner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans_as_partner",
    )
    request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans"
    )
    organisation = models.ForeignKey(
        "community.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The member's choice: may the partner's organisation's staff read it? (On when a plan
    # starts from a request, as the request itself is theirs to see; the member can turn it off.)
    organisation_can_see = models.BooleanField(default=True)
    title = models.CharField(max_length=PLAN_TITLE_MAX, default="My support plan")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        constraints = [
            # Two presses of "Start your support plan" make one plan.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(request__isnull=False),
                name="one_plan_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.owner})"


class PlanSection(models.Model):
    class Part(models.TextChoices):
        ABOUT_ME = "about_me", "About me"
        IMPORTANT = "important", "What is important to me"
        CHANGE = "change", "What I want to change"
        BUDGET = "budget", "How I will spend my budget"
        WHO_HELPS = "who_helps", "Who helps me"
        IF_WRONG = "if_wrong", "What happens if things go wrong"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    part = models.CharField(max_length=20, choices=Part.choices)
    position = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(blank=True, max_length=PLAN_SECTION_MAX)
    body_html = models.TextField(blank=True, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "part"], name="one_section_of_each_part"),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()} — {self.plan}"


class PlanRevision(models.Model):
    """Every change kept: one row per saved version of a section."""

    section = models.ForeignKey(PlanSection, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Version of {self.section} from {self.created:%Y-%m-%d %H:%M}"


class PlanComment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=COMMENT_MAX)
    body_html = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.plan}"


class PlanShare(models.Model):
    """Someone else the member lets read the plan (a family member, a social worker who is
    also on Alongside). The partner needs no share: they see it as the partner."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans_shared_with_me"
    )
    can_comment = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="one_share_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} shared with {self.person}"


class PlanningSession(models.Model):
    """A planning session booked for a plan: a one-to-one appointment in both people's feeds."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    appointment = models.OneToOneField(
        "events.Appointment", on_delete=models.CASCADE, related_name="planning_session"
    )

    def __str__(self) -> str:
        return f"Planning session for {self.plan}"
