"""Limits on new accounts: their first posts and messages wait for a moderator, they may add only
a few links, and they may start private conversations only with trained helpers. A person who
holds any role (an organisation's member role, moderator, site admin) is never new."""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from community.content import count_mention_links
from community.errors import CommunityError
from community.glossary import count_glossary_links
from community.models import Membership, User
from community.permissions import (
    is_moderator,
    is_signed_in,
    is_verified_advisor,
    is_verified_planning_partner,
    is_verified_staff,
)
from community.safety.cases import open_case
from community.safety.models import Case
from community.safety.visibility import Visibility

LINK = re.compile(r"<a\s[^>]*href", re.IGNORECASE)


def _new_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=settings.SAFETY_NEW_ACCOUNT_DAYS)


def is_new_account(person: User) -> bool:
    if not is_signed_in(person) or person.is_moderator or person.is_superuser:
        return False
    if person.date_joined < _new_since():
        return False
    return not Membership.objects.filter(person=person, active=True).exists()


def must_wait_for_approval(person: User) -> bool:
    """A new account's posts wait until a moderator has approved enough of them."""
    if not is_new_account(person):
        return False
    approved = Case.objects.filter(author=person, outcome=Case.Outcome.APPROVED).count()
    return approved < settings.SAFETY_NEW_ACCOUNT_APPROVALS


def authors_who_must_wait(person_ids: Iterable[int]) -> set[int]:
    """must_wait_for_approval for many authors at once (a batch of chat messages): three
    queries however many people."""
    ids = set(person_ids)
    if not ids:
        return set()
    people = User.objects.filter(pk__in=ids, date_joined__gte=_new_since())
    new_ids = {person.pk for person in people if _may_be_new(person)}
    if not new_ids:
        return new_ids
    new_ids -= set(
        Membership.objects.filter(person_id__in=new_ids, active=True).values_list(
            "person_id", flat=True
        )
    )
    if not new_ids:
        return new_ids
    approved = dict(
        Case.objects.filter(author_id__in=new_ids, outcome=Case.Outcome.APPROVED)
        .values("author_id")
        .annotate(count=Count("pk"))
        .values_list("author_id", "count")
    )
    needed = settings.SAFETY_NEW_ACCOUNT_APPROVALS
    return {pk for pk in new_ids if approved.get(pk, 0) < needed}


def writers_who_must_wait(people: Iterable[User]) -> set[int]:
    """authors_who_must_wait for people already loaded: those who joined before the new-account
    period cannot be new (the date they joined never changes), so a batch written by established
    members costs no query."""
    since = _new_since()
    return authors_who_must_wait(
        {person.pk for person in people if _may_be_new(person) and person.date_joined >= since}
    )


def _may_be_new(person: User) -> bool:
    # The parts of is_new_account that need no query.
    return is_signed_in(person) and not person.is_moderator and not person.is_superuser


def visibility_after_edit(*, editor: User, current: str) -> str:
    """An edit by someone whose posts still wait for approval sends a shown thing back to the
    queue (otherwise a new account could post something harmless, get it approved, then edit
    in the spam). Held, hidden and waiting things keep their state."""
    if current == Visibility.SHOWN and must_wait_for_approval(editor):
        return Visibility.WAITING
    return current


def check_links(*, person: User, body_html: str) -> None:
    """Spam from new accounts is mostly links: a new account may add only a few per post."""
    allowed = settings.SAFETY_NEW_ACCOUNT_LINKS
    # The links the content pipeline adds (the glossary's, mentions) are ours, not the writer's.
    html = body_html or ""
    links = len(LINK.findall(html)) - count_glossary_links(html) - count_mention_links(html)
    if links <= allowed or not is_new_account(person):
        return
    raise CommunityError(
        "too_many_links",
        f"New members can add up to {allowed} links in each post. "
        "Please take some links out and try again.",
        field="body",
    )


def may_start_private_conversation(*, person: User, other: User) -> bool:
    """New accounts may talk privately only with people trained to help, or with moderators and
    the staff of verified organisations."""
    if not is_new_account(person):
        return True
    return (
        is_verified_advisor(other)
        or is_verified_planning_partner(other)
        or is_moderator(other)
        or is_verified_staff(other)
    )


def wait_for_approval(
    *, kind: str, object_id: int, author: User, organisation_id: int | None = None
) -> Case:
    """Open the case that puts a new account's post in the queue. The content app has already
    saved it with visibility WAITING."""
    with transaction.atomic():
        case, _ = open_case(
            kind=kind, object_id=object_id, author_id=author.pk, organisation_id=organisation_id
        )
        if not case.waiting_approval:
            case.waiting_approval = True
            case.save(update_fields=["waiting_approval"])
    return case
