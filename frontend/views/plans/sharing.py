"""Who else can read a plan: the owner shares it with people by their display name, takes it
back, and decides whether their partner's organisation's staff may read it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.support import plan_permissions as can
from community.support.services.plans import set_organisation_can_see, share_plan, unshare_plan
from frontend.attempts import attempt
from frontend.forms.plans import OrganisationCanSeeForm, ShareForm
from frontend.shared.plans import plan_or_404


def _own_plan_or_404(request, plan_id):
    plan = plan_or_404(request, plan_id)
    if not can.can_share_plan(request.user, plan):
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


def _render_sharing(request, plan, form, status=200):
    context = {
        "plan": plan,
        "shares": sorted(plan.shares.all(), key=lambda share: share.person.display_name.lower()),
        "form": form,
        "organisation_form": (
            OrganisationCanSeeForm(
                initial={"allowed": plan.organisation_can_see},
                organisation_name=plan.organisation.name,
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
