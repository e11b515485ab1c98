"""The audit log for moderators: everything done, newest first, with filters. Read-only: the
log cannot be changed from the site, the API or the admin."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from community import selectors as community_selectors
from community.safety import permissions, selectors
from frontend.forms.safety import AuditFilterForm
from frontend.shared.paging import page_of

UK = ZoneInfo("Europe/London")
PER_PAGE = 50


@login_required
def moderation_audit(request):
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied("Only moderators can read the audit log.")
    form = AuditFilterForm(request.GET or None)
    filters = _filters(form)
    entries = selectors.audit_log_for(viewer=request.user, **filters) if filters is not None else []
    page = page_of(entries, request, per_page=PER_PAGE)
    status = 400 if form.errors else 200
    return render(
        request, "frontend/safety/audit.html", {"form": form, "page": page}, status=status
    )


def _filters(form: AuditFilterForm) -> dict | None:
    """The selector's filters, or None when a filter cannot match anyone (shown as an error)."""
    if not form.is_bound:
        return {}
    if not form.is_valid():
        return None
    chosen = form.cleaned_data
    filters = {
        "action": chosen["action"].strip(),
        "subject_type": chosen["subject_type"].strip(),
        "subject_id": chosen["subject_id"],
        "since": _start_of(chosen["since"]),
        "until": _start_of(chosen["until"], days_later=1),
    }
    if chosen["actor"].strip():
        actor = community_selectors.person_by_display_name(name=chosen["actor"])
        if actor is None:
            form.add_error("actor", "We could not find anyone with that display name.")
            return None
        filters["actor_id"] = actor.pk
    return filters


def _start_of(day: datetime.date | None, days_later: int = 0) -> datetime.datetime | None:
    """Dates are UK days: "to 5 December" takes in the whole of that day."""
    if day is None:
        return None
    start = datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time())
    return start.replace(tzinfo=UK)
