"""Importing an organisation's programme from an .ics file or from its calendar's web address
(kept in step from then on): a preview of what will be created, updated and skipped and why,
confirm, then a progress page that refreshes itself with <meta http-equiv=refresh> (no
JavaScript) once the person asks it to."""

import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from events import selectors
from events.models import ImportJob
from events.services.importing import confirm_import, preview_import
from events.services.subscriptions import preview_subscription, stop_subscription
from frontend.attempts import attempt
from frontend.forms.events import CalendarAddressForm, ImportForm
from frontend.shared.events import staff_organisation


@login_required
def upload(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    if request.method != "POST":
        return _render_upload(request, organisation)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        with attempt(form) as tried:
            job = preview_import(
                importer=request.user,
                organisation=organisation,
                source=form.text(),
                filename=form.cleaned_data["file"].name,
            )
        if tried.succeeded:
            return redirect("events_import_preview", organisation.slug, job.pk)
    return _render_upload(request, organisation, form=form, status=400)


@login_required
@require_POST
def from_address(request, org_slug):
    organisation = staff_organisation(request, org_slug)
    form = CalendarAddressForm(request.POST)
    if form.is_valid():
        # What is wrong with the calendar found there belongs next to the address.
        with attempt(form, field_names={"file": "address"}) as tried:
            job = preview_subscription(
                importer=request.user,
                organisation=organisation,
                address=form.cleaned_data["address"],
            )
        if tried.succeeded:
            return redirect("events_import_preview", organisation.slug, job.pk)
    return _render_upload(request, organisation, address_form=form, status=400)


@login_required
@require_POST
def stop_keeping_in_step(request, org_slug, subscription_id):
    organisation = staff_organisation(request, org_slug)
    subscription = selectors.calendars_kept_in_step(organisation=organisation).filter(
        pk=subscription_id
    )
    found = subscription.first()
    if found is None:
        raise Http404
    stop_subscription(person=request.user, subscription=found)
    return redirect("events_import", organisation.slug)


def _render_upload(request, organisation, *, form=None, address_form=None, status=200):
    context = {
        "organisation": organisation,
        "form": form or ImportForm(),
        "address_form": address_form or CalendarAddressForm(),
        "kept_in_step": list(selectors.calendars_kept_in_step(organisation=organisation)),
    }
    return render(request, "frontend/events/manage/import_upload.html", context, status=status)


def _job(organisation, job_id) -> ImportJob:
    # events.selectors.import_jobs is a slice of the latest 20, so it cannot be narrowed to one;
    # this asks for exactly one, always within the organisation in the address.
    job = ImportJob.objects.filter(organisation=organisation, pk=job_id).first()
    if job is None:
        raise Http404
    return job


@login_required
def preview(request, org_slug, job_id):
    organisation = staff_organisation(request, org_slug)
    job = _job(organisation, job_id)
    tried = attempt()
    if request.method == "POST":
        with tried:
            job = confirm_import(importer=request.user, job=job)
        if tried.succeeded:
            return redirect("events_import_progress", organisation.slug, job.pk)
    elif job.status != ImportJob.Status.PREVIEWED:
        return redirect("events_import_progress", organisation.slug, job.pk)
    rows = job.preview or []
    labelled = [
        dict(row, first_label=_first_label(row), repeats=bool(row.get("rule"))) for row in rows
    ]
    context = {
        "organisation": organisation,
        "job": job,
        "to_create": [row for row in labelled if row.get("action") == "create"],
        "to_update": [row for row in labelled if row.get("action") == "update"],
        "to_skip": [row for row in labelled if row.get("action") not in ("create", "update")],
        "error": tried.message,
    }
    status = 200 if tried.succeeded else 400
    return render(request, "frontend/events/manage/import_preview.html", context, status=status)


def _first_label(row) -> str:
    try:
        first = datetime.datetime.fromisoformat(row.get("first", ""))
    except ValueError:
        return ""
    return f"{first:%A %-d %B %Y}, {first:%H:%M}"


@login_required
def progress(request, org_slug, job_id):
    organisation = staff_organisation(request, org_slug)
    job = _job(organisation, job_id)
    created = []
    if job.status == ImportJob.Status.DONE and job.created_events:
        created = list(
            selectors.organisation_events(organisation=organisation).filter(
                slug__in=job.created_events
            )
        )
    context = {
        "organisation": organisation,
        "job": job,
        "created_events": created,
        # WCAG 2.2.1 (Timing Adjustable): a page must not reload itself unless the person
        # chose that, so the <meta http-equiv=refresh> is only there once they ask for it.
        "refresh": request.GET.get("refresh") == "on",
    }
    return render(request, "frontend/events/manage/import_progress.html", context)
