"""A person's account (log in by e-mail, public display name) and their profile."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from community.areas import AREA_CHOICES
from community.languages import LANGUAGE_CHOICES
from community.prepared_queries import PreparedQuery

# What a deleted account's kept posts, bookings and mentions show instead of a name.
FORMER_MEMBER = "A former member"

PROFILE_VISIBILITY = [
    ("shown", "Shown"),
    ("waiting", "Waiting for a moderator"),
    ("held", "Hidden while a moderator looks at it"),
    ("hidden", "Hidden by a moderator"),
]


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def get(self, *args, **kwargs):
        """By id alone, as Django's sign-in check asks for the person on every page
        (django.contrib.auth.get_user): a prepared query (community.prepared_queries). Anything
        else, and any manager made from this one (a relation's), as Django does it."""
        pk = kwargs.get("pk")
        plain = type(self) is PersonManager and self._db in (None, DEFAULT_DB_ALIAS)
        if args or len(kwargs) != 1 or not plain or not str(pk).isdigit():
            return super().get(*args, **kwargs)
        found = _PERSON_BY_ID.run(pk=int(pk))
        if not found:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found[0]

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is needed.")
        email = self.normalize_email(email).lower()
        fields.setdefault("display_name", email.split("@")[0][:40])
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        Profile.objects.for_person(user)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class TextSize(models.TextChoices):
    """How big the site's words are for a person, on top of their browser's own zoom."""

    STANDARD = "standard", "Standard"
    LARGER = "larger", "Larger"
    LARGEST = "largest", "Largest"


class Contrast(models.TextChoices):
    STANDARD = "standard", "Standard"
    HIGH = "high", "High contrast"


class User(AbstractBaseUser, PermissionsMixin):
    """One account per person. Only `display_name` is ever shown to other people."""

    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(
        max_length=40,
        help_text="The name other people see. It can be a nickname.",
    )
    real_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Optional. Never shown to other members.",
    )
    is_moderator = models.BooleanField(
        default=False, help_text="Can see and act on reports across the whole site."
    )
    is_staff = models.BooleanField(
        "site admin access", default=False, help_text="Can log in to the admin site."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Set by a moderator (community.safety.restrictions): a barred person is refused at every door.
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned = models.BooleanField(default=False)
    bar_reason = models.TextField(
        blank=True, help_text="Why the person was suspended or banned: shown to them."
    )
    # How the pages look for them (community.services.text_size); visitors keep theirs in a cookie.
    text_size = models.CharField(max_length=10, choices=TextSize.choices, default=TextSize.STANDARD)
    contrast = models.CharField(max_length=10, choices=Contrast.choices, default=Contrast.STANDARD)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(Lower("display_name"), name="unique_display_name_any_case"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("person", args=[self.pk])


_PERSON_BY_ID = PreparedQuery(lambda pk: User.objects.filter(pk=pk))


class ProfileManager(models.Manager):
    def for_person(self, person: User) -> "Profile":
        """The person's one profile, made with nothing said yet if they have none: the one place
        a profile is created. The account manager above calls it (models cannot import services);
        everything else calls community.services.profiles.ensure_profile."""
        profile, _ = self.get_or_create(person=person)
        return profile


class Profile(models.Model):
    """What a person chooses to say about themselves. Everything here is public except nothing:
    real name lives on the account and is never shown."""

    class IAm(models.TextChoices):
        BUDGET_HOLDER = "budget_holder", "I have a personal budget or direct payment"
        CARER = "carer", "I am a carer"
        BOTH = "both", "Both: I have a budget and I am a carer"
        FINDING_OUT = "finding_out", "I am finding out about personal budgets"
        NOT_SAID = "", "I would rather not say"

    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    i_am = models.CharField("I am", max_length=20, choices=IAm.choices, blank=True)
    bio = models.TextField("about you", blank=True, max_length=2000)
    bio_html = models.TextField(blank=True, editable=False)
    languages = models.JSONField(default=list, blank=True)
    area = models.CharField(max_length=80, choices=AREA_CHOICES, blank=True)
    updated = models.DateTimeField(auto_now=True)
    # A moderator may hide what the person says about themselves (their display name stays).
    # The values are community.safety.visibility.Visibility's (the base cannot import safety).
    visibility = models.CharField(
        max_length=10, choices=PROFILE_VISIBILITY, default="shown", db_index=True
    )

    objects = ProfileManager()

    def __str__(self) -> str:
        return f"Profile of {self.person}"

    @property
    def language_names(self) -> list[str]:
        names = dict(LANGUAGE_CHOICES)
        return [names[code] for code in self.languages if code in names]
