"""Granting and revoking the roles an organisation vouches for: staff, advisor, planning partner."""

import datetime
from collections.abc import Callable

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from community.errors import HIDDEN_CHARACTER, CommunityError, NotAllowed
from community.models import Membership, Organisation, User
from community.models.organisations import TRAINED_FOR_MAX
from community.notification_kinds import ROLE_GRANTED, ROLE_REVOKED
from community.permissions import can_manage_roles
from community.services.audit import record
from community.services.notifications import notify


def roles_cache_key(person_id: int) -> str:
    """Where pages may keep something worked out from a person's roles (the header's "My
    help"). Granting or revoking one of their roles drops it, so no one waits for a new log-in."""
    return f"community:roles:{person_id}"


# What pages keep under roles_cache_key: "My help" (the key itself), "Moderation" (":queue"),
# and "Sessions I host" with the events dashboards (":events").
ROLE_PARTS = ("", ":queue", ":events")


def roles_changed(person_ids: list[int]) -> None:
    """Forget what pages worked out from these people's roles. After commit: a page reading the
    roles meanwhile would keep the old answer again. The admin calls it too, when a role or an
    organisation's verification is changed there."""
    keys = [
        f"{roles_cache_key(person_id)}{part}" for person_id in person_ids for part in ROLE_PARTS
    ]
    transaction.on_commit(lambda: cache.delete_many(keys))


def _roles_changed(person_id: int) -> None:
    roles_changed([person_id])


# What the apps built on this one undo when someone's last role at an organisation is taken
# away (`revoke_role`): the events app takes them off the dates they were to host there.
# Called with (person, organisation) inside the revoking transaction; registered when those
# apps load, with `when_role_ends` as a decorator.
RoleEnded = Callable[[User, Organisation], None]
_ROLE_ENDED: list[RoleEnded] = []


def when_role_ends(handler: RoleEnded) -> RoleEnded:
    if handler not in _ROLE_ENDED:
        _ROLE_ENDED.append(handler)
    return handler


def grant_role(
    *,
    granted_by: User,
    organisation: Organisation,
    person: User,
    role: str,
    trained_on: datetime.date | None = None,
    trained_for: str = "",
) -> Membership:
    """`trained_for`: what the training covered, in the organisation's words ("Employing a PA,
    payroll"), shown on the person's card so members know what to ask them about."""
    if not can_manage_roles(granted_by, organisation):
        raise NotAllowed("Only staff of this organisation can give people roles.")
    if role not in Membership.Role.values:
        raise CommunityError("unknown_role", "Choose a role from the list.", field="role")
    if role in Membership.TRAINED_ROLES:
        if trained_on is None:
            raise CommunityError(
                "training_date_needed",
                "Enter the date this person finished their training.",
                field="trained_on",
            )
        if trained_on > timezone.localdate():
            raise CommunityError(
                "training_date_in_future",
                "The training date must be today or in the past.",
                field="trained_on",
            )
        trained_for = _training_covered(trained_for)
    else:
        trained_on, trained_for = None, ""
    if not person.is_active:
        raise CommunityError("person_inactive", "This account is closed.", field="person")

    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person,
                organisation=organisation,
                role=role,
                trained_on=trained_on,
                trained_for=trained_for,
                granted_by=granted_by,
            )
            record(
                actor=granted_by,
                action="community.membership.granted",
                subject=membership,
                organisation=organisation,
                role=role,
                person_id=person.pk,
            )
            notify(
                recipient=person,
                kind=ROLE_GRANTED.code,
                message=(
                    f"{organisation.name} added you as {membership.get_role_display().lower()}."
                ),
                url=reverse("person", args=[person.pk]),
                about=membership,
            )
            _roles_changed(person.pk)
    except IntegrityError as error:
        raise CommunityError(
            "role_already_held",
            f"{person.display_name} already has this role at {organisation.name}.",
            field="role",
        ) from error
    return membership


def _training_covered(text: str) -> str:
    text = " ".join((text or "").split())
    if "\x00" in text:
        raise CommunityError("hidden_character", HIDDEN_CHARACTER, field="trained_for")
    if len(text) > TRAINED_FOR_MAX:
        raise CommunityError(
            "trained_for_too_long",
            f"Keep what the training covered to {TRAINED_FOR_MAX} characters or fewer.",
            field="trained_for",
        )
    return text


def revoke_role(*, revoked_by: User, membership: Membership) -> Membership:
    if not can_manage_roles(revoked_by, membership.organisation):
        raise NotAllowed("Only staff of this organisation can take roles away.")
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.active:
            raise CommunityError("role_not_active", "This role was already taken away.")
        if locked.role == Membership.Role.STAFF and _last_staff(locked):
            raise CommunityError(
                "last_staff",
                "An organisation needs at least one member of staff. Add another first.",
            )
        locked.active = False
        locked.revoked_by = revoked_by
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["active", "revoked_by", "revoked_at"])
        record(
            actor=revoked_by,
            action="community.membership.revoked",
            subject=locked,
            organisation=locked.organisation,
            role=locked.role,
            person_id=locked.person_id,
        )
        notify(
            recipient=locked.person,
            kind=ROLE_REVOKED.code,
            message=(
                f"{locked.organisation.name} ended your role as "
                f"{locked.get_role_display().lower()}."
            ),
            url=reverse("organisation", args=[locked.organisation.slug]),
            about=locked,
        )
        if not Membership.objects.filter(
            person_id=locked.person_id, organisation_id=locked.organisation_id, active=True
        ).exists():
            for handler in _ROLE_ENDED:
                handler(locked.person, locked.organisation)
        _roles_changed(locked.person_id)
    return locked


def _last_staff(membership: Membership) -> bool:
    return (
        not Membership.objects.filter(
            organisation=membership.organisation, role=Membership.Role.STAFF, active=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )
