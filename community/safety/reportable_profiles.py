"""Profiles as a reportable kind ("profile", object_id = the person's account id). The community
base cannot register itself (it imports no nested app), so safety does. Hiding a profile hides
what the person wrote about themselves; their display name stays."""

from django.db import transaction
from django.urls import reverse
from django.utils.html import strip_tags

from community.models import Profile, User
from community.permissions import is_signed_in
from community.safety.registry import Described, ReportableKind, register_reportable

EXCERPT = 300


def describe(ids: list[int]) -> dict[int, Described]:
    people = User.objects.filter(pk__in=ids).select_related("profile")
    described = {}
    for person in people:
        profile = getattr(person, "profile", None)
        bio = profile.bio if profile is not None else ""
        described[person.pk] = Described(
            kind="profile",
            id=person.pk,
            label=f"Profile of {person.display_name}",
            excerpt=strip_tags(bio)[:EXCERPT],
            url=reverse("person", args=[person.pk]),
            author_id=person.pk,
            organisation_id=None,
            visibility=profile.visibility if profile is not None else "shown",
            removed=not person.is_active,
        )
    return described


def can_see(viewer: User, person_id: int) -> bool:
    """Profiles of open accounts are public to anyone signed in."""
    return is_signed_in(viewer) and User.objects.filter(pk=person_id, is_active=True).exists()


def set_visibility(person_id: int, visibility: str, actor: User | None) -> None:
    Profile.objects.filter(person_id=person_id).update(visibility=visibility)


def remove(person_id: int, actor: User) -> None:
    """The bio goes for good; the profile shows again, with nothing written."""
    Profile.objects.filter(person_id=person_id).update(bio="", bio_html="", visibility="shown")


def remove_all_by(person: User, actor: User) -> int:
    with transaction.atomic():
        return (
            Profile.objects.filter(person=person)
            .exclude(bio="")
            .update(bio="", bio_html="", visibility="shown")
        )


register_reportable(
    ReportableKind(
        name="profile",
        title="profile",
        describe=describe,
        can_see=can_see,
        set_visibility=set_visibility,
        remove=remove,
        remove_all_by=remove_all_by,
    )
)
