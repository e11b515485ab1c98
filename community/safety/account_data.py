"""What the community base holds about a person: the account, the profile, roles, notifications,
blocks. Safety registers these itself, since the base imports none of its nested apps."""

import re

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from community.models import Membership, Notification, NotificationPreference, Profile, User
from community.safety.models import Block
from community.safety.personal_data import Erasure, PersonalData, Row, register_personal_data

FORMER_MEMBER = "A former member"


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


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
            "joined": _when(person.date_joined),
            "last_signed_in": _when(person.last_login),
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
            "given": _when(membership.granted_at),
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
            "sent": _when(notification.created),
            "read": _when(notification.read_at),
            "how_you_chose_to_hear": chosen.get(notification.kind, "the usual way"),
        }
        for notification in notifications.iterator(chunk_size=1000)
    ]


def export_blocks(person: User) -> list[Row]:
    blocks = Block.objects.filter(blocker=person).select_related("blocked")
    return [
        {"you_blocked": block.blocked.display_name, "since": _when(block.created)}
        for block in blocks
    ]


def erase_from_account(erasure: Erasure) -> None:
    """What the account's own rows do not take with them when it goes: the person's name in
    other people's notifications ("Jo replied to your question") and in the admin's history of
    changes to the account."""
    person = erasure.person
    name = re.compile(rf"(?<!\w){re.escape(person.display_name)}(?!\w)")
    told = Notification.objects.exclude(recipient=person).filter(
        message__icontains=person.display_name
    )
    changed = []
    for notification in told.iterator(chunk_size=500):
        notification.message = name.sub(FORMER_MEMBER, notification.message)
        changed.append(notification)
    Notification.objects.bulk_update(changed, ["message"], batch_size=500)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(person.pk)
    ).update(object_repr=FORMER_MEMBER, change_message="")


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
