"""Changing one's own profile: the display name others see, and what one says about oneself."""

from django.db import IntegrityError, transaction

from community.areas import AREA_NAMES
from community.content import render_markdown
from community.display_names import claimed_role_problem
from community.errors import CommunityError, NotAllowed
from community.languages import LANGUAGE_NAMES
from community.models import Profile, User
from community.permissions import can_edit_profile

DISPLAY_NAME_MAX = 40


def clean_display_name(display_name: str, *, person: User | None = None) -> str:
    """The name tidied, or CommunityError saying why it cannot be used. `person`: whoever will
    carry it (None while signing up), so a trained advisor may call themselves one."""
    name = " ".join((display_name or "").split())
    if len(name) < 2:
        raise CommunityError(
            "display_name_too_short",
            "Enter a name of at least 2 characters. It can be a nickname.",
            field="display_name",
        )
    if len(name) > DISPLAY_NAME_MAX:
        raise CommunityError(
            "display_name_too_long",
            f"Enter a name of {DISPLAY_NAME_MAX} characters or fewer.",
            field="display_name",
        )
    if "@" in name:
        raise CommunityError(
            "display_name_has_at",
            "A name cannot contain @, so that it is never taken for an e-mail address.",
            field="display_name",
        )
    problem = claimed_role_problem(name, person=person)
    if problem is not None:
        raise CommunityError("display_name_claims_role", problem, field="display_name")
    return name


def ensure_profile(*, person: User) -> Profile:
    """The person's profile, made with nothing said yet if they have none (an account from before
    profiles, or made some other way). Sign-up, profile editing, the pages and the API call this;
    Profile.objects.for_person, which it calls, is the one place a profile is made."""
    return Profile.objects.for_person(person)


def display_name_taken(name: str, *, exclude_person_id: int | None = None) -> bool:
    others = User.objects.filter(display_name__iexact=name)
    if exclude_person_id is not None:
        others = others.exclude(pk=exclude_person_id)
    return others.exists()


def update_profile(
    *,
    editor: User,
    person: User,
    display_name: str,
    real_name: str = "",
    i_am: str = "",
    bio: str = "",
    languages: list[str] | None = None,
    area: str = "",
) -> User:
    if not can_edit_profile(editor, person):
        raise NotAllowed("You can only change your own profile.")
    name = clean_display_name(display_name, person=person)
    if display_name_taken(name, exclude_person_id=person.pk):
        raise CommunityError(
            "display_name_taken",
            "Someone already uses that name. Try another.",
            field="display_name",
        )
    if i_am not in Profile.IAm.values:
        raise CommunityError("unknown_choice", "Choose one of the options.", field="i_am")
    if area and area not in AREA_NAMES:
        raise CommunityError(
            "unknown_area", "Choose your council area from the list.", field="area"
        )
    languages = list(dict.fromkeys(languages or []))
    if any(code not in LANGUAGE_NAMES for code in languages):
        raise CommunityError(
            "unknown_language", "Choose languages from the list.", field="languages"
        )
    if len(bio) > 2000:
        raise CommunityError(
            "bio_too_long", "Write 2,000 characters or fewer about yourself.", field="bio"
        )

    try:
        with transaction.atomic():
            person.display_name = name
            person.real_name = real_name.strip()[:150]
            person.save(update_fields=["display_name", "real_name"])
            profile = ensure_profile(person=person)
            profile.i_am = i_am
            profile.bio = bio
            profile.bio_html = render_markdown(bio)
            profile.languages = languages
            profile.area = area
            profile.save()
    except IntegrityError as error:  # two people saving the same new name at once
        raise CommunityError(
            "display_name_taken",
            "Someone already uses that name. Try another.",
            field="display_name",
        ) from error
    return person
