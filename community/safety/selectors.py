"""Reading blocks (who is kept apart from whom), the moderation queue, cases, reports and the
audit log."""

import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from community.models import AuditLogEntry, User
from community.models.people import FORMER_MEMBER
from community.permissions import Person, is_moderator
from community.safety.models import Block, Case, Report
from community.safety.permissions import can_read_audit_log, can_see_case, staff_organisation_ids
from community.safety.registry import describe_many


def blocked_by(*, person: User) -> QuerySet[Block]:
    return Block.objects.filter(blocker=person).select_related("blocked").order_by("-created")


def kept_apart_ids(*, person_id: int) -> set[int]:
    """Everyone `person` blocked or was blocked by, in one query. Presence hides both ways;
    messages are hidden only from the blocker (see `hidden_authors`)."""
    rows = Block.objects.filter(Q(blocker_id=person_id) | Q(blocked_id=person_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in rows for other in pair if other != person_id}


def hidden_authors(*, person_id: int) -> set[int]:
    """The people whose messages `person` chose not to see."""
    return set(Block.objects.filter(blocker_id=person_id).values_list("blocked_id", flat=True))


def is_blocked_between(first_id: int, second_id: int) -> bool:
    return Block.objects.filter(
        Q(blocker_id=first_id, blocked_id=second_id) | Q(blocker_id=second_id, blocked_id=first_id)
    ).exists()


def queue_for(
    *, viewer: Person | None, urgent_only: bool = False, kind: str = "", limit: int = 50
) -> list[Case]:
    """Open cases the viewer may see, urgent first, then oldest. Each has `.described`: the
    thing as it is now (None if it is gone). A fixed number of queries: one for the viewer's
    organisations, one for the cases, one per kind present."""
    cases = Case.objects.filter(state=Case.State.OPEN)
    if not is_moderator(viewer):
        organisation_ids = staff_organisation_ids(viewer)
        if not organisation_ids:
            return []
        cases = cases.filter(organisation_id__in=organisation_ids)
    if urgent_only:
        cases = cases.filter(urgent=True)
    if kind:
        cases = cases.filter(kind=kind)
    found = list(
        cases.select_related("author", "organisation").order_by("-urgent", "opened", "pk")[:limit]
    )
    described = describe_many([(case.kind, case.object_id) for case in found])
    for case in found:
        case.described = described.get((case.kind, case.object_id))
    return found


def case_for_viewer(*, viewer: Person | None, case_id: int) -> Case | None:
    """One case with `.reports_list` (its reports, oldest first, each with `.reporter_name`) and
    `.described` (the thing as it is now, or None), if the viewer may see it."""
    reports = Report.objects.select_related("reporter").order_by("created", "pk")
    case = (
        Case.objects.select_related("author", "organisation", "closed_by")
        .prefetch_related(Prefetch("reports", queryset=reports, to_attr="reports_list"))
        .filter(pk=case_id)
        .first()
    )
    if case is None or not can_see_case(viewer, case):
        return None
    for report in case.reports_list:
        report.reporter_name = (
            report.reporter.display_name if report.reporter is not None else FORMER_MEMBER
        )
    case.described = describe_many([(case.kind, case.object_id)]).get((case.kind, case.object_id))
    return case


def audit_log_for(
    *,
    viewer: Person | None,
    action: str = "",
    actor_id: int | None = None,
    subject_type: str = "",
    subject_id: int | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[AuditLogEntry]:
    """The audit log, newest first, for moderators; nothing for anyone else. `action` matches a
    code or the start of one ("safety.case" finds every case action)."""
    if not can_read_audit_log(viewer):
        return AuditLogEntry.objects.none()
    entries = AuditLogEntry.objects.select_related("actor", "organisation")
    if action:
        entries = entries.filter(action__startswith=action)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if subject_type:
        entries = entries.filter(subject_type=subject_type)
    if subject_id is not None:
        entries = entries.filter(subject_id=subject_id)
    if since is not None:
        entries = entries.filter(created__gte=since)
    if until is not None:
        entries = entries.filter(created__lt=until)
    return entries.order_by("-created", "-id")


def reports_made_by(*, person: User) -> QuerySet[Report]:
    """What a person reported and what happened, newest first."""
    return Report.objects.filter(reporter=person).select_related("case").order_by("-created", "-pk")


def report_reasons(*, case_ids: list[int]) -> dict[int, dict[str, int]]:
    """{case id: {reason: how many reports}}, for the queue's "why", in one query."""
    rows = (
        Report.objects.filter(case_id__in=case_ids)
        .values_list("case_id", "reason")
        .annotate(count=Count("pk"))
        .order_by("case_id", "reason")
    )
    reasons: dict[int, dict[str, int]] = {}
    for case_id, reason, count in rows:
        reasons.setdefault(case_id, {})[reason] = count
    return reasons


def cases_about(*, viewer: Person | None, person: User, limit: int = 50) -> list[Case]:
    """The latest cases about things `person` wrote that `viewer` may see (can_see_case, asked
    as one query rather than per case)."""
    cases = Case.objects.filter(author=person)
    if not is_moderator(viewer):
        cases = cases.filter(organisation_id__in=staff_organisation_ids(viewer))
    return list(cases.order_by("-opened", "-pk")[:limit])


# What happened to a reported thing, as its reporters read it (the reason is the author's).
OUTCOME_WORDS: dict[str, str] = {
    Case.Outcome.HIDDEN: "A moderator hid it.",
    Case.Outcome.REMOVED: "A moderator removed it.",
    Case.Outcome.RESTORED: "A moderator looked at it and showed it again.",
    Case.Outcome.APPROVED: "A moderator approved it.",
    Case.Outcome.DECLINED: "A moderator did not approve it.",
    Case.Outcome.NO_ACTION: "A moderator looked at it and decided nothing needed doing.",
    Case.Outcome.LOCKED: "A moderator closed the topic to new replies.",
    Case.Outcome.MOVED: "A moderator moved the topic.",
}


def outcome_words(case: Case) -> str:
    if case.state == Case.State.OPEN:
        return "A moderator has not finished looking at it yet."
    return OUTCOME_WORDS.get(case.outcome, "A moderator looked at it.")
