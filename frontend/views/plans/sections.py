"""Editing one part of a plan (the owner only), and every saved version of it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from community.support import plan_permissions as can
from community.support.plan_selectors import section_history
from community.support.services.plans import edit_section
from frontend.attempts import attempt
from frontend.forms.plans import SectionForm
from frontend.shared.plans import plan_or_404, section_or_404


@login_required
def section_edit(request, plan_id, part):
    plan = plan_or_404(request, plan_id)
    section = section_or_404(plan, part)
    if not can.can_edit_plan(request.user, plan):
        raise PermissionDenied
    label = section.get_part_display()
    if request.method != "POST":
        form = SectionForm(initial={"body": section.body}, label=label)
        return _render_edit(request, plan, section, form)
    form = SectionForm(request.POST, label=label)
    if form.is_valid():
        with attempt(form) as tried:
            edit_section(person=request.user, plan=plan, part=part, body=form.cleaned_data["body"])
        if tried.succeeded:
            messages.success(request, f"Saved “{label}”. We keep every version you save.")
            return redirect(f"{reverse('plan', args=[plan.pk])}#part-{part}")
    return _render_edit(request, plan, section, form, status=400)


def _render_edit(request, plan, section, form, status=200):
    context = {"plan": plan, "section": section, "form": form}
    return render(request, "frontend/plans/section_edit.html", context, status=status)


@login_required
def section_history_page(request, plan_id, part):
    plan = plan_or_404(request, plan_id)
    section = section_or_404(plan, part)
    with attempt() as tried:
        revisions = list(section_history(viewer=request.user, plan=plan, part=part))
    if not tried.succeeded:
        raise Http404
    context = {"plan": plan, "section": section, "revisions": revisions}
    return render(request, "frontend/plans/section_history.html", context)
