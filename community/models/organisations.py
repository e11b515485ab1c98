"""Organisations (user-led, carers' centres, advice charities) and the roles they grant."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now

from community.areas import AREA_CHOICES

TRAINED_FOR_MAX = 200  # what a role's training covered (Membership.trained_for)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        USER_LED = "user_led", "User-led organisation"
        CARERS_CENTRE = "carers_centre", "Carers' centre"
        ADVICE_CHARITY = "advice_charity", "Advice charity"
        OTHER = "other", "Other organisation"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.USER_LED)
    description = models.TextField(blank=True, max_length=5000)
    description_html = models.TextField(blank=True, editable=False)
    area = models.CharField(max_length=80, choices=AREA_CHOICES, blank=True)
    website = models.URLField(blank=True)
    verified = models.BooleanField(
        default=False,
        help_text="Checked by Alongside: only verified organisations' roles show badges.",
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation", args=[self.slug])


class MembershipQuerySet(models.QuerySet):
    def trained(self, *, at: datetime.datetime | None = None) -> "MembershipQuerySet":
        """The roles that make someone a verified advisor or planning partner, and earn a public
        badge: a trained role, still active, with its training date, from a verified
        organisation, held by someone not banned or suspended (a barred person loses their
        badges and leaves the directory until it is lifted). The one definition: the permissions
        and the selectors both start here."""
        return self.filter(
            role__in=Membership.TRAINED_ROLES,
            active=True,
            trained_on__isnull=False,
            organisation__verified=True,
            person__banned=False,
        ).filter(
            Q(person__suspended_until__isnull=True) | Q(person__suspended_until__lte=at or now())
        )


class Membership(models.Model):
    """A role an organisation gives a person. Revoking keeps the row (history), marked inactive."""

    class Role(models.TextChoices):
        STAFF = "staff", "Staff"
        ADVISOR = "advisor", "Trained advisor"
        PLANNING_PARTNER = "planning_partner", "Support planning partner"

    TRAINED_ROLES = (Role.ADVISOR, Role.PLANNING_PARTNER)

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    trained_on = models.DateField(null=True, blank=True)
    # What the training covered, in the organisation's words ("Employing a PA, payroll").
    trained_for = models.CharField(max_length=TRAINED_FOR_MAX, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role", "granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(active=True),
                name="one_active_role_per_person_and_organisation",
            ),
            models.CheckConstraint(
                condition=Q(role="staff") | Q(trained_on__isnull=False),
                name="trained_roles_have_training_date",
            ),
        ]
        indexes = [models.Index(fields=["person", "active"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} at {self.organisation}"

    @property
    def badge(self) -> str:
        """The words shown next to a trained person's name."""
        text = f"{self.get_role_display()} — {self.organisation.name}"
        if self.trained_on:
            text += f", since {self.trained_on:%B %Y}"
        return text
