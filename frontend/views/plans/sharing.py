"""Who else can read a plan: the owner chooses (or stops) their planning partner, shares it with
people by their display name, takes it back, and decides whether their partner's organisation's
staff may read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.support import plan_permissions as can
from community.support.services.plans import (
    remove_partner,
    set_organisation_can_see,
    set_partner,
    share_plan,
    unshare_plan,
)
from frontend.attempts import attempt
from frontend.forms.plans import OrganisationCanSeeForm, PartnerForm, ShareForm
from frontend.shared.plans import plan_or_404, upcoming_sessions


def _own_plan_or_404(request, plan_id, rule=can.can_share_plan):
    plan = plan_or_404(request, plan_id)
    if not rule(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def sharing(request, plan_id):
    plan = _own_plan_or_404(request, plan_id)
    if request.method != "POST":
        return _render_sharing(request, plan, ShareForm())
    form = ShareForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        with attempt(form, field_names={"person": "display_name"}) as tried:
            share_plan(
                owner=request.user,
                plan=plan,
                person=person,
                can_comment=form.cleaned_data["can_comment"],
            )
        if tried.succeeded:
            messages.success(
                request, f"{person.display_name} can now see your plan. We have told them."
            )
            return redirect("plan_sharing", plan.pk)
    return _render_sharing(request, plan, form, status=400)


def _render_sharing(request, plan, form, *, partner_form=None, status=200):
    context = {
        "plan": plan,
        "shares": sorted(plan.shares.all(), key=lambda share: share.person.display_name.lower()),
        "form": form,
        "partner_form": partner_form or PartnerForm(),
        "organisation_form": (
            OrganisationCanSeeForm(
                initial={"allowed": plan.organisation_can_see},
                organisation_name=plan.organisation.name,
                has_partner=plan.partner_id is not None,
            )
            if plan.organisation_id
            else None
        ),
    }
    return render(request, "frontend/plans/sharing.html", context, status=status)


@login_required
@require_POST
def share_remove(request, plan_id, person_id):
    plan = _own_plan_or_404(request, plan_id)
    share = next((s for s in plan.shares.all() if s.person_id == person_id), None)
    if share is None:
        raise Http404
    with attempt(request=request) as tried:
        unshare_plan(owner=request.user, plan=plan, person=share.person)
    if tried.succeeded:
        messages.success(request, f"{share.person.display_name} can no longer see your plan.")
    return redirect("plan_sharing", plan.pk)


@login_required
@require_POST
def organisation_can_see(request, plan_id):
    plan = _own_plan_or_404(request, plan_id)
    if not plan.organisation_id:
        raise Http404
    allowed = request.POST.get("allowed") == "on"
    with attempt(request=request) as tried:
        set_organisation_can_see(owner=request.user, plan=plan, allowed=allowed)
    if tried.succeeded:
        name = plan.organisation.name
        messages.success(
            request,
            f"{name} staff can now read your plan."
            if allowed
            else f"{name} staff can no longer read your plan.",
        )
    return redirect("plan_sharing", plan.pk)


@login_required
@require_POST
def partner_choose(request, plan_id):
    plan = _own_plan_or_404(request, plan_id, rule=can.can_change_partner)
    form = PartnerForm(request.POST)
    if form.is_valid():
        person = form.cleaned_data["person"]
        with attempt(form, field_names={"person": "display_name"}) as tried:
            set_partner(owner=request.user, plan=plan, person=person)
        if tried.succeeded:
            messages.success(
                request,
                f"{person.display_name} is now your planning partner. We have told them.",
            )
            return redirect("plan_sharing", plan.pk)
    return _render_sharing(request, plan, ShareForm(), partner_form=form, status=400)


@login_required
@require_POST
def partner_remove(request, plan_id):
    plan = _own_plan_or_404(request, plan_id, rule=can.can_change_partner)
    partner = plan.partner
    if partner is None:
        return redirect("plan_sharing", plan.pk)  # already gone (pressed twice)
    had_sessions = any(
        partner.pk in (session.appointment.organiser_id, session.appointment.guest_id)
        for session in upcoming_sessions(plan)
    )
    staff_could_see = plan.organisation_can_see and plan.organisation_id is not None
    with attempt(request=request) as tried:
        remove_partner(owner=request.user, plan=plan)
    if tried.succeeded:
        called_off = " Your planning sessions with them are cancelled." if had_sessions else ""
        # remove_partner switches the organisation off: say so, and how to switch it back on.
        staff = (
            f" Nor can {plan.organisation.name} staff, unless you let them again below."
            if staff_could_see
            else ""
        )
        messages.success(
            request, f"{partner.display_name} can no longer see your plan.{staff}{called_off}"
        )
    return redirect("plan_sharing", plan.pk)
