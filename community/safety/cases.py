"""Opening a case for a reported, held or waiting thing, and telling people about urgent ones.
Reports, holds, signposting and moderation all open cases through here, so a thing has at most
one open case however it came to a moderator's attention."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from community.models import Membership, User
from community.permissions import is_barred
from community.safety import tasks
from community.safety.models import Case
from community.safety.notification_kinds import URGENT
from community.safety.registry import Described, ReportableKind, reportable_kind
from community.services.notifications import forget_notifications_about, notify_many

# Ids the database can hold (a positive bigint): anything else is not found, never a crash.
LARGEST_ID = 2**63 - 1


def valid_id(object_id: object) -> bool:
    return isinstance(object_id, int) and 1 <= object_id <= LARGEST_ID


def notifications_about(registered: ReportableKind, object_id: int) -> list[tuple[str, int]]:
    """What to forget when the thing stops being shown. Asked before it is removed: a removed
    topic can no longer say which posts it had."""
    if registered.notification_about is None:
        return []
    return registered.notification_about(object_id)


def forget_notifications(pairs: list[tuple[str, int]]) -> None:
    forget_notifications_about(pairs)


def describe_one(kind: str, object_id: int) -> Described | None:
    registered = reportable_kind(kind)
    if registered is None:
        return None
    return registered.describe([object_id]).get(object_id)


def open_case(
    *,
    kind: str,
    object_id: int,
    author_id: int | None = None,
    organisation_id: int | None = None,
    described: Described | None = None,
) -> tuple[Case, bool]:
    """The thing's open case, locked for this transaction, and whether it was just opened.
    Call inside transaction.atomic()."""
    case = _locked_open_case(kind, object_id)
    if case is not None:
        return case, False
    described = described or describe_one(kind, object_id)
    if described is not None:
        author_id = author_id if author_id is not None else described.author_id
        if organisation_id is None:
            organisation_id = described.organisation_id
    try:
        with transaction.atomic():
            case = Case.objects.create(
                kind=kind,
                object_id=object_id,
                author_id=author_id,
                organisation_id=organisation_id,
                label=(described.label if described else "")[:200],
                excerpt=described.excerpt if described else "",
                url=(described.url if described else "")[:300],
            )
    except IntegrityError:  # opened at the same moment by someone else: join theirs
        theirs = _locked_open_case(kind, object_id)
        if theirs is not None:
            return theirs, False
        # ...and already closed again: this is a new case after all.
        return open_case(
            kind=kind,
            object_id=object_id,
            author_id=author_id,
            organisation_id=organisation_id,
            described=described,
        )
    return case, True


def _locked_open_case(kind: str, object_id: int) -> Case | None:
    return (
        Case.objects.select_for_update()
        .filter(kind=kind, object_id=object_id, state=Case.State.OPEN)
        .first()
    )


def case_url(case: Case) -> str:
    try:
        return reverse("moderation_case", args=[case.pk])
    except NoReverseMatch:  # the pages are added by another part of the site
        return f"/moderation/cases/{case.pk}/"


def moderators_and_staff(organisation_id: int | None) -> list[User]:
    """Everyone who looks after a case: moderators, and the organisation's staff if it has one.
    Barred people are left out (they cannot act)."""
    who = Q(is_moderator=True) | Q(is_superuser=True)
    if organisation_id is not None:
        staff_ids = Membership.objects.filter(
            organisation_id=organisation_id, role=Membership.Role.STAFF, active=True
        ).values("person_id")
        who |= Q(pk__in=staff_ids)
    people = User.objects.filter(who, is_active=True, banned=False).order_by("pk")
    return [person for person in people if not is_barred(person)]


def tell_urgent(case: Case, why: str) -> None:
    """In-app now, and an e-mail sent at once (not batched), to moderators and the organisation's
    staff. `why`: what made it urgent, in words ("Someone is worried about a person's safety")."""
    people = moderators_and_staff(case.organisation_id)
    if not people:
        return
    what = case.label or f"a {case.kind.replace('_', ' ')}"
    ids = [person.pk for person in people]
    notify_many(
        recipients=people,
        kind=URGENT.code,
        message=f"Urgent: {why}. About: {what}. Please look now.",
        url=case_url(case),
        about=case,
        emailed_separately=ids,
    )
    case_id = case.pk
    transaction.on_commit(
        lambda: tasks.email_urgent_case.enqueue(case_id=case_id, person_ids=ids, why=why)
    )
