"""Acting on a person: warn, suspend for some days, ban, lift a suspension or ban, and remove
everything they posted. Moderators only; each needs a reason, which the person is told."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from community.errors import CommunityError, NotAllowed
from community.models import User
from community.permissions import is_site_admin
from community.safety.models import Case
from community.safety.notification_kinds import ACCOUNT
from community.safety.permissions import can_act_on_people
from community.safety.registry import reportable_kinds
from community.safety.tasks import email_person
from community.services.audit import record
from community.services.broadcasts import person_group, send_after_commit
from community.services.notifications import notify_many

PERSON_ACTIONS = ("warn", "suspend", "ban", "lift", "remove_everything")
MOST_DAYS = 365

SAID = {
    "warn": "A moderator has warned you about something you did on Alongside.",
    "suspend": "A moderator has suspended your Alongside account.",
    "ban": "A moderator has banned your Alongside account. You cannot use Alongside any more.",
    "lift": "A moderator has lifted the suspension or ban on your Alongside account.",
    "remove_everything": "A moderator has removed everything you posted on Alongside.",
}


def act_on_person(
    *, actor: User, person: User, action: str, reason: str, days: int | None = None
) -> None:
    if not can_act_on_people(actor):
        raise NotAllowed("Only moderators can do that.")
    if action not in PERSON_ACTIONS:
        raise CommunityError("unknown_action", "Choose what to do.", field="action")
    if person.pk == actor.pk:
        raise NotAllowed("You cannot do that to your own account.")
    _check_target(actor, person)
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError("reason_needed", "Say why. The person will see this.", field="reason")
    suspend_for = _days_to_suspend(days) if action == "suspend" else 0
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        # Only the reason and numbers: the subject id says who, and a name kept in the
        # append-only log could not be removed when the person deletes their account.
        data: dict[str, str | int] = {"reason": reason}
        if action == "suspend":
            person.suspended_until = timezone.now() + datetime.timedelta(days=suspend_for)
            person.bar_reason = reason
            data["days"] = suspend_for
        elif action == "ban":
            person.banned = True
            person.bar_reason = reason
        elif action == "lift":
            person.banned = False
            person.suspended_until = None
            person.bar_reason = ""
        elif action == "remove_everything":
            data["removed"] = sum(kind.remove_all_by(person, actor) for kind in reportable_kinds())
            data["cases_closed"] = _close_cases_about(person, actor, reason)
        if action in ("suspend", "ban", "lift"):
            person.save(update_fields=["suspended_until", "banned", "bar_reason"])
        if action in ("suspend", "ban"):
            # Open tabs and chat sockets close now, not at their next message.
            send_after_commit((person_group(person.pk), {"type": "account.closed"}))
        # A person's actions belong to no one organisation.
        record(
            actor=actor,
            action=f"safety.person.{action}",
            subject=person,
            organisation=None,
            **data,
        )
        _tell(person, action, reason)


def _check_target(actor: User, person: User) -> None:
    """Site admins are never acted on here, and only a site admin acts on a moderator: one
    moderator cannot silence another."""
    if person.is_superuser:
        raise NotAllowed("Nobody can do that to a site admin's account.")
    if person.is_moderator and not is_site_admin(actor):
        raise NotAllowed("Only a site admin can do that to a moderator's account.")


def _close_cases_about(person: User, actor: User, reason: str) -> int:
    """Everything they wrote is gone, so its open cases would point at nothing: close them as
    removed, with the same reason. The count goes in the audit entry."""
    return Case.objects.filter(author=person, state=Case.State.OPEN).update(
        state=Case.State.CLOSED,
        outcome=Case.Outcome.REMOVED,
        outcome_reason=reason,
        closed_at=timezone.now(),
        closed_by=actor,
    )


def _days_to_suspend(days: int | None) -> int:
    if not (isinstance(days, int) and 1 <= days <= MOST_DAYS):
        raise CommunityError(
            "days_needed", f"Choose how many days, from 1 to {MOST_DAYS}.", field="days"
        )
    return days


def _tell(person: User, action: str, reason: str) -> None:
    """On the site, and by e-mail at once: a barred person cannot sign in to read it."""
    until = ""
    if action == "suspend":
        until = date_format(timezone.localtime(person.suspended_until), "j F Y, H:i")
    notify_many(
        recipients=[person],
        kind=ACCOUNT.code,
        message=f"{SAID[action]} The reason: {reason}",
        emailed_separately=[person.pk],
    )
    person_id = person.pk
    context = {"what": SAID[action], "reason": reason, "until": until}
    transaction.on_commit(
        lambda: email_person.enqueue(
            person_id=person_id,
            subject="About your Alongside account",
            template="safety/email/account.txt",
            context=context,
        )
    )
