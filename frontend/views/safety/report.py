"""Report a concern about anything the registry knows (a post, a chat message, a profile...),
the thank-you page after it, and "Your reports" with what happened to each."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from community.safety import reports, selectors, signposting
from community.safety.models import Report
from community.safety.registry import Described, reportable_kind
from frontend.attempts import attempt
from frontend.forms.safety import ReportForm
from frontend.shared.paging import page_of


def _reported_thing(viewer, kind: str, object_id: int) -> tuple[object, Described]:
    """The kind and the thing as this viewer may see it; anything else is "not found", so a
    guessed address tells nothing about what exists."""
    found = reportable_kind(kind)
    if found is None or not found.can_see(viewer, object_id):
        raise Http404("Nothing to report here.")
    described = found.describe([object_id]).get(object_id)
    if described is None:
        raise Http404("Nothing to report here.")
    return found, described


@login_required
def report_concern(request, kind: str, object_id: int):
    found, described = _reported_thing(request.user, kind, object_id)
    context = {"kind": found, "thing": described}
    if request.method != "POST":
        context["already"] = _already_reported(request.user, kind, object_id)
        return render(request, "frontend/safety/report.html", {**context, "form": ReportForm()})
    form = ReportForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            report = reports.report_concern(
                reporter=request.user,
                kind=kind,
                object_id=object_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        if tried.succeeded:
            return redirect("report_sent", report.pk)
        status = 429 if tried.error.code == "too_fast" else 400
        return render(
            request, "frontend/safety/report.html", {**context, "form": form}, status=status
        )
    return render(request, "frontend/safety/report.html", {**context, "form": form}, status=400)


def _already_reported(person, kind: str, object_id: int) -> bool:
    return (
        selectors.reports_made_by(person=person)
        .filter(case__kind=kind, case__object_id=object_id, case__state="open")
        .exists()
    )


@login_required
def report_sent(request, report_id: int):
    report = selectors.reports_made_by(person=request.user).filter(pk=report_id).first()
    if report is None:
        raise Http404("No such report.")
    context = {"report": report, "urgent": report.reason == Report.Reason.SAFETY}
    if context["urgent"]:
        context["urgent_help"] = signposting.urgent_help(report.case.organisation)
    return render(request, "frontend/safety/report_sent.html", context)


@login_required
def my_reports(request):
    page = page_of(selectors.reports_made_by(person=request.user), request, per_page=25)
    page.object_list = list(page.object_list)
    for report in page.object_list:
        report.outcome_words = selectors.outcome_words(report.case)
    return render(request, "frontend/safety/my_reports.html", {"page": page})
