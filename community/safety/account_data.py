"""What the community base holds about a person: the account, the profile, roles, notifications,
blocks. Safety registers these itself, since the base imports none of its nested apps."""

import re

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from community.models import Membership, Notification, NotificationPreference, Profile, User
from community.models.people import FORMER_MEMBER
from community.safety.models import Block, Case, Report
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
            "text_size": person.get_text_size_display(),
            "contrast": person.get_contrast_display(),
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


def export_reports(person: User) -> list[Row]:
    reports = Report.objects.filter(reporter=person).select_related("case").order_by("created")
    return [
        {
            "you_reported": report.case.label or report.case.kind.replace("_", " "),
            "why": report.get_reason_display(),
            "your_note": report.note,
            "when": when(report.created),
            "what_happened": (
                report.case.get_outcome_display()
                if report.case.outcome
                else report.case.get_state_display()
            ),
        }
        for report in reports.iterator(chunk_size=1000)
    ]


def export_moderation(person: User) -> list[Row]:
    """What moderators did about the person's own posts, with the reason they were shown."""
    cases = Case.objects.filter(author=person).order_by("opened")
    return [
        {
            "about": case.label or case.kind.replace("_", " "),
            "opened": when(case.opened),
            "what_happened": case.get_outcome_display() if case.outcome else "",
            "reason_given": case.outcome_reason,
            "closed": when(case.closed_at),
        }
        for case in cases.iterator(chunk_size=1000)
    ]


def erase_reports(erasure: Erasure) -> None:
    """Reports are kept, without who made them: moderators need the history of a thing."""
    Report.objects.filter(reporter=erasure.person).update(reporter=None)


def erase_moderation(erasure: Erasure) -> None:
    """Cases are kept for the same reason, without whose thing it was, who closed it, or what
    the person wrote (the queue's copy of it) when they chose to remove their posts or it was
    their profile."""
    person = erasure.person
    theirs = Case.objects.filter(author=person)
    theirs.filter(kind="profile").update(label=f"Profile of {FORMER_MEMBER}", excerpt="")
    if erasure.remove_posts:
        theirs.update(excerpt="")
    theirs.filter(label__icontains=person.display_name).exclude(kind="profile").update(label="")
    theirs.update(author=None)
    Case.objects.filter(closed_by=person).update(closed_by=None)


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
register_personal_data(
    PersonalData(
        name="reports",
        title="Things you reported, and what happened",
        export=export_reports,
        erase=erase_reports,
        models=("safety.Report",),
        order=12,
    )
)
register_personal_data(
    PersonalData(
        name="moderation",
        title="What moderators did about your posts",
        export=export_moderation,
        erase=erase_moderation,
        models=("safety.Case",),
        order=13,
    )
)
