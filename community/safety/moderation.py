"""Acting on a case: hide, restore, remove, approve or decline, dismiss, and the kind's own
actions (lock, unlock, move a topic). Each action needs a reason, which the author is shown; it is
written to the audit log, and every reporter learns what happened, in words."""

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from community.errors import CommunityError, NotAllowed
from community.models import User
from community.safety.cases import (
    forget_notifications,
    notifications_about,
    open_case,
    valid_id,
)
from community.safety.models import Case, Report
from community.safety.notification_kinds import MODERATED, OUTCOME
from community.safety.permissions import can_act_on_case, can_see_case, can_see_queue
from community.safety.registry import ReportableKind, reportable_kind
from community.safety.visibility import Visibility
from community.services.audit import record
from community.services.notifications import notify_many

CASE_ACTIONS = (
    "hide",
    "restore",
    "remove",
    "approve",
    "decline",
    "dismiss",
    "lock",
    "unlock",
    "move",
)
# The kind's own actions: the case stays open for more (a locked topic may still need hiding).
KIND_ACTIONS = ("lock", "unlock", "move")
# Only for a thing that waits for a moderator's approval (a new account's first posts).
APPROVAL_ACTIONS = ("approve", "decline")
# All that may be done to a waiting thing: restore or dismiss would show it without recording
# an approval, and lock or move can wait until it is shown.
WAITING_ACTIONS = ("approve", "decline", "hide", "remove")
# After these, other people no longer see the thing, so notifications about it go too.
TAKES_AWAY = ("hide", "decline", "remove")

OUTCOMES = {
    "hide": Case.Outcome.HIDDEN,
    "restore": Case.Outcome.RESTORED,
    "remove": Case.Outcome.REMOVED,
    "approve": Case.Outcome.APPROVED,
    "decline": Case.Outcome.DECLINED,
    "dismiss": Case.Outcome.NO_ACTION,
    "lock": Case.Outcome.LOCKED,
    "unlock": Case.Outcome.NO_ACTION,
    "move": Case.Outcome.MOVED,
}
# What happened, in words: "A moderator hid it."
DONE = {
    "hide": "hid it",
    "restore": "showed it again",
    "remove": "removed it",
    "approve": "approved it, so everyone can see it now",
    "decline": "did not approve it, so only you can see it",
    "dismiss": "looked at it and decided nothing needed doing",
    "lock": "closed it to new replies",
    "unlock": "opened it to replies again",
    "move": "moved it to another theme",
}
VISIBILITY_AFTER = {
    "hide": Visibility.HIDDEN,
    "restore": Visibility.SHOWN,
    "approve": Visibility.SHOWN,
    "decline": Visibility.HIDDEN,
}


def act_on_case(
    *, actor: User, case: Case, action: str, reason: str, category_id: int | None = None
) -> Case:
    if action not in CASE_ACTIONS:
        raise CommunityError("unknown_action", "Choose what to do.", field="action")
    if not can_act_on_case(actor, case, action):
        raise NotAllowed("You cannot do that to this.")
    reason = (reason or "").strip()
    if not reason:
        raise CommunityError(
            "reason_needed", "Say why. The person who wrote it will see this.", field="reason"
        )
    registered = reportable_kind(case.kind)
    if registered is None or (action in KIND_ACTIONS and action not in registered.actions):
        raise CommunityError("not_for_this_kind", "You cannot do that to this kind of thing.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.state != Case.State.OPEN:
            raise CommunityError("case_closed", "Someone has already dealt with this.")
        # Checked on the locked row: "approve" on a reported thing would show a held thing and
        # close its case as "approved", counting towards the author's approvals.
        if action in APPROVAL_ACTIONS and not case.waiting_approval:
            raise CommunityError("not_waiting", "This is not waiting for approval.")
        if case.waiting_approval and action not in WAITING_ACTIONS:
            raise CommunityError(
                "not_for_waiting", "This is waiting for approval: approve it or decline it."
            )
        forget = notifications_about(registered, case.object_id) if action in TAKES_AWAY else []
        _do(registered, case, action, actor, category_id)
        forget_notifications(forget)
        _settle(case, action, actor, reason)
        record(
            actor=actor,
            action=f"safety.case.{action}",
            subject=case,
            organisation=case.organisation,
            case=case.pk,
            kind=case.kind,
            object_id=case.object_id,
            reason=reason,
            **_audit_label(case),
        )
        _tell_author(case, registered, action, actor, reason)
        _tell_reporters(case, registered, action, actor)
    return case


def _audit_label(case: Case) -> dict[str, str]:
    """What the log keeps of the thing's label. A profile's label holds the person's display
    name, and the log is append-only, so it could not be cleaned when they delete their account:
    the kind and object id are enough to find it."""
    if case.kind == "profile":
        return {}
    return {"label": case.label}


def _do(registered: ReportableKind, case: Case, action: str, actor: User, category_id) -> None:
    if action == "remove":
        registered.remove(case.object_id, actor)
    elif action in KIND_ACTIONS:
        options = {"category_id": category_id} if action == "move" else {}
        registered.actions[action](case.object_id, actor, **options)
    elif action == "dismiss":
        # Nothing wrong with it: a held or waiting thing is shown again.
        if case.held or case.waiting_approval:
            registered.set_visibility(case.object_id, Visibility.SHOWN, actor)
    else:
        registered.set_visibility(case.object_id, VISIBILITY_AFTER[action], actor)


def _settle(case: Case, action: str, actor: User, reason: str) -> None:
    case.outcome = OUTCOMES[action]
    case.outcome_reason = reason
    # Lock, unlock and move leave the case open for more, unless it was opened just for them.
    keep_open = action in KIND_ACTIONS and (
        case.report_count or case.urgent or case.waiting_approval or case.held
    )
    if not keep_open:
        case.state = Case.State.CLOSED
        case.closed_at = timezone.now()
        case.closed_by = actor
    case.save()


def _title(registered: ReportableKind | None, case: Case) -> str:
    return registered.title if registered is not None else case.kind.replace("_", " ")


def _tell_author(case: Case, registered, action: str, actor: User, reason: str) -> None:
    if case.author_id is None or case.author_id == actor.pk:
        return
    author = User.objects.filter(pk=case.author_id, is_active=True).first()
    if author is None:
        return
    what = f"your {_title(registered, case)}"
    if case.label:
        what += f" ({case.label})"
    notify_many(
        recipients=[author],
        kind=MODERATED.code,
        message=f"A moderator looked at {what} and {DONE[action]}. The reason: {reason}",
        url=case.url if action not in ("remove",) else "",
        about=case,
    )


def _tell_reporters(case: Case, registered, action: str, actor: User) -> None:
    """The outcome in words; the reason is for the author only."""
    reporter_ids = (
        Report.objects.filter(case=case, reporter__isnull=False)
        .exclude(reporter=actor)
        .values("reporter_id")
    )
    reporters = list(User.objects.filter(pk__in=reporter_ids, is_active=True))
    if not reporters:
        return
    notify_many(
        recipients=reporters,
        kind=OUTCOME.code,
        message=(
            f"You reported a {_title(registered, case)}. A moderator {DONE[action]}. "
            "Thank you for telling us."
        ),
        url=_my_reports_url(),
        about=case,
    )


def _my_reports_url() -> str:
    try:
        return reverse("my_reports")
    except NoReverseMatch:  # the page is added by another part of the site
        return "/my-reports/"


def case_for_thing(*, actor: User, kind: str, object_id: int) -> Case:
    """The open case of a thing, opened if there is none: for acting straight from the content."""
    if not can_see_queue(actor):
        raise NotAllowed("Only moderators can do that.")
    registered = reportable_kind(kind)
    if registered is None:
        raise CommunityError("unknown_kind", "We do not know what that is.")
    if not valid_id(object_id):
        raise CommunityError("not_found", "We could not find that. It may have been removed.")
    described = registered.describe([object_id]).get(object_id)
    if described is None:
        raise CommunityError("not_found", "We could not find that. It may have been removed.")
    with transaction.atomic():
        case, _ = open_case(kind=kind, object_id=object_id, described=described)
        if not can_see_case(actor, case):
            raise NotAllowed("You cannot moderate this.")
    return case


def actions_allowed(*, actor: User, case: Case) -> list[str]:
    """What `actor` may do to this case now, in CASE_ACTIONS order: what can_act_on_case
    allows, the kind's own actions only for kinds that have them, approving only what waits."""
    if case.state != Case.State.OPEN:
        return []
    registered = reportable_kind(case.kind)
    own = set(registered.actions) if registered is not None else set()
    return [
        action
        for action in CASE_ACTIONS
        if (action in WAITING_ACTIONS if case.waiting_approval else action not in APPROVAL_ACTIONS)
        and (action not in KIND_ACTIONS or action in own)
        and can_act_on_case(actor, case, action)
    ]
