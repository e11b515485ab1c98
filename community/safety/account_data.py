"""What the community base holds about a person: the account, the profile, roles, notifications,
blocks. Safety registers these itself, since the base imports none of its nested apps."""

import re

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from community.models import Membership, Notification, NotificationPreference, Profile, User
from community.models.people import FORMER_MEMBER
from community.safety.models import Block
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    when,
)


def export_account(person: User) -> list[Row]:
    addresses = EmailAddress.objects.filter(user=person).order_by("-primary", "email")
    return [
        {
            "display_name": person.display_name,
            "real_name": person.real_name,
            "email_addresses": [
                {"address": address.email, "main": address.primary, "checked": address.verified}
                for address in addresses
            ],
            "joined": when(person.date_joined),
            "last_signed_in": when(person.last_login),
            "moderator": person.is_moderator,
        }
    ]


def export_profile(person: User) -> list[Row]:
    profile = Profile.objects.filter(person=person).first()
    if profile is None:
        return []
    return [
        {
            "i_am": profile.get_i_am_display() if profile.i_am else "",
            "about_you": profile.bio,
            "languages": profile.language_names,
            "area": profile.area,
        }
    ]


def export_roles(person: User) -> list[Row]:
    memberships = Membership.objects.filter(person=person).select_related("organisation")
    return [
        {
            "organisation": membership.organisation.name,
            "role": membership.get_role_display(),
            "trained_on": membership.trained_on.isoformat() if membership.trained_on else None,
            "training_covered": membership.trained_for,
            "given": when(membership.granted_at),
            "still_held": membership.active,
        }
        for membership in memberships
    ]


def export_notifications(person: User) -> list[Row]:
    chosen = dict(
        NotificationPreference.objects.filter(person=person).values_list("kind", "delivery")
    )
    notifications = Notification.objects.filter(recipient=person).order_by("created", "pk")
    return [
        {
            "message": notification.message,
            "link": notification.url,
            "kind": notification.kind,
            "sent": when(notification.created),
            "read": when(notification.read_at),
            "how_you_chose_to_hear": chosen.get(notification.kind, "the usual way"),
        }
        for notification in notifications.iterator(chunk_size=1000)
    ]


def export_blocks(person: User) -> list[Row]:
    blocks = Block.objects.filter(blocker=person).select_related("blocked")
    return [
        {"you_blocked": block.blocked.display_name, "since": when(block.created)}
        for block in blocks
    ]


def erase_from_account(erasure: Erasure) -> None:
    """What the account's own rows do not take with them when it goes: the person's name in
    other people's notifications ("Jo replied to your question") and in the admin's history of
    changes (to the account, its e-mail addresses, roles and bookings)."""
    person = erasure.person
    _unname_notifications(person)
    naming = Q(object_repr__icontains=person.email) | Q(change_message__icontains=person.email)
    for name in filter(None, [person.display_name, person.real_name]):
        naming |= Q(object_repr__icontains=name) | Q(change_message__icontains=name)
    about_account = Q(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    )
    LogEntry.objects.filter(about_account | naming).update(
        object_repr=FORMER_MEMBER, change_message=""
    )


def _unname_notifications(person: User) -> None:
    """Notifications to others name people by their display name, as a whole word (display
    names are unique whatever the case)."""
    name = re.compile(rf"(?<!\w){re.escape(person.display_name)}(?!\w)", re.IGNORECASE)
    limit = Notification._meta.get_field("message").max_length
    told = Notification.objects.exclude(recipient=person).filter(
        message__icontains=person.display_name
    )
    changed = []
    for notification in told.iterator(chunk_size=500):
        unnamed = name.sub(FORMER_MEMBER, notification.message)
        if unnamed != notification.message:
            notification.message = unnamed[:limit]
            changed.append(notification)
    Notification.objects.bulk_update(changed, ["message"], batch_size=500)


register_personal_data(
    PersonalData(
        name="account",
        title="Your account",
        export=export_account,
        erase=erase_from_account,
        models=(
            "community.User",
            "account.EmailAddress",
            "authtoken.Token",
            "admin.LogEntry",
            "community.AuditLogEntry",
        ),
        order=1,
    )
)
register_personal_data(
    PersonalData(
        name="profile",
        title="Your profile",
        export=export_profile,
        erase=lambda erasure: None,  # goes with the account
        models=("community.Profile",),
        order=2,
    )
)
register_personal_data(
    PersonalData(
        name="roles",
        title="Your roles at organisations",
        export=export_roles,
        erase=lambda erasure: None,  # goes with the account
        models=("community.Membership",),
        order=3,
    )
)
register_personal_data(
    PersonalData(
        name="notifications",
        title="Notifications sent to you",
        export=export_notifications,
        erase=lambda erasure: None,  # goes with the account
        models=("community.Notification", "community.NotificationPreference"),
        order=10,
    )
)
register_personal_data(
    PersonalData(
        name="blocks",
        title="People you blocked",
        export=export_blocks,
        erase=lambda erasure: None,  # goes with the account
        models=("safety.Block",),
        order=11,
    )
)
