"""Report a concern about anything someone wrote: it opens (or joins) the thing's case, makes it
urgent when someone is worried about a person's safety, and holds the thing back from view once
enough people (or one trusted person) have reported it."""

from django.conf import settings
from django.db import transaction
from django.db.models import F

from community.errors import CommunityError
from community.models import User
from community.permissions import (
    is_moderator,
    is_signed_in,
    is_verified_advisor,
    is_verified_planning_partner,
)
from community.rate_limits import check_rate
from community.safety.cases import (
    forget_notifications,
    notifications_about,
    open_case,
    tell_urgent,
    valid_id,
)
from community.safety.models import Case, Report
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility

NOTE_LIMIT = 1000


def is_trusted_reporter(person: User) -> bool:
    return (
        is_moderator(person) or is_verified_advisor(person) or is_verified_planning_partner(person)
    )


def report_concern(
    *, reporter: User, kind: str, object_id: int, reason: str, note: str = ""
) -> Report:
    if not is_signed_in(reporter):
        raise CommunityError("not_signed_in", "Sign in to report a concern.")
    registered = reportable_kind(kind)
    if registered is None:
        raise CommunityError("unknown_kind", "We do not know what you want to report.")
    described = registered.describe([object_id]).get(object_id) if valid_id(object_id) else None
    if described is None or not registered.can_see(reporter, object_id):
        raise CommunityError("not_found", "We could not find that. It may have been removed.")
    if reason not in Report.Reason.values:
        raise CommunityError("invalid_reason", "Choose why you are worried.", field="reason")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise CommunityError(
            "note_too_long",
            f"Please keep your note to {NOTE_LIMIT} characters or fewer.",
            field="note",
        )
    if described.author_id == reporter.pk:
        raise CommunityError("own_content", "You cannot report something you wrote yourself.")
    check_rate("report", person=reporter)
    with transaction.atomic():
        case, _ = open_case(kind=kind, object_id=object_id, described=described)
        if Report.objects.filter(case=case, reporter=reporter).exists():
            raise CommunityError(
                "already_reported",
                "You have already reported this. A moderator will look at it.",
            )
        report = Report.objects.create(
            case=case,
            reporter=reporter,
            reason=reason,
            note=note,
            trusted=is_trusted_reporter(reporter),
        )
        Case.objects.filter(pk=case.pk).update(report_count=F("report_count") + 1)
        case.refresh_from_db(fields=["report_count"])
        if reason == Report.Reason.SAFETY and not case.urgent:
            case.urgent = True
            case.save(update_fields=["urgent"])
            tell_urgent(case, "Someone is worried about a person's safety")
        _hold_if_enough_reports(case, registered, described.visibility)
    return report


def _hold_if_enough_reports(case: Case, registered, visibility: str) -> None:
    """Hidden pending review after enough different reporters, or fewer trusted ones."""
    if case.held or visibility != Visibility.SHOWN:
        return
    reports = Report.objects.filter(case=case, reporter__isnull=False)
    trusted = reports.filter(trusted=True).count()
    everyone = reports.count()
    if (
        trusted < settings.SAFETY_HOLD_AFTER_TRUSTED_REPORTS
        and everyone < settings.SAFETY_HOLD_AFTER_REPORTS
    ):
        return
    registered.set_visibility(case.object_id, Visibility.HELD, None)
    forget_notifications(notifications_about(registered, case.object_id))
    case.held = True
    case.save(update_fields=["held"])
