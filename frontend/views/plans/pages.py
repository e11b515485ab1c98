"""A member's plans, starting one, and the clean copies of one to print or download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.support import plan_selectors
from community.support.selectors import request_for
from community.support.services.plans import plan_as_html, plan_as_text, start_plan
from frontend.attempts import attempt
from frontend.shared.plans import plan_or_404

# What a download is called and what it holds, by the ending of its address.
DOWNLOADS = {
    "html": ("text/html; charset=utf-8", plan_as_html),
    "txt": ("text/plain; charset=utf-8", plan_as_text),
}


@login_required
def plan_list(request):
    me = request.user
    plans = list(plan_selectors.plans_for(person=me))
    context = {
        "mine": [plan for plan in plans if plan.owner_id == me.pk],
        "as_partner": [plan for plan in plans if plan.partner_id == me.pk],
        "shared": [plan for plan in plans if me.pk not in (plan.owner_id, plan.partner_id)],
    }
    return render(request, "frontend/plans/list.html", context)


@login_required
@require_POST
def plan_start(request):
    support_request = _support_request_or_404(request)
    with attempt(request=request) as tried:
        plan = start_plan(owner=request.user, request=support_request)
    if not tried.succeeded:
        return redirect("plans")
    messages.success(
        request,
        "Your plan is ready. Start with any part you like: you can come back to it at any time.",
    )
    return redirect("plan", plan.pk)


def _support_request_or_404(request):
    """The request for help a plan starts from (?request=<id>), or None for a plan of one's own."""
    asked = request.GET.get("request", "")
    if not asked:
        return None
    # isdigit() alone lets "²" through, which int() then refuses; and no id has 19 digits
    # (a longer number would overflow the database's integer).
    if not (asked.isascii() and asked.isdigit() and len(asked) <= 18):
        raise Http404
    found = request_for(viewer=request.user, request_id=int(asked))
    if found is None:
        raise Http404
    return found


@login_required
def plan_print(request, plan_id):
    plan = plan_or_404(request, plan_id)
    context = {"plan": plan, "sections": plan.sections.all(), "printed": timezone.now()}
    return render(request, "frontend/plans/print.html", context)


@login_required
def plan_download(request, plan_id, fmt):
    if fmt not in DOWNLOADS:
        raise Http404
    plan = plan_or_404(request, plan_id)
    content_type, build = DOWNLOADS[fmt]
    response = HttpResponse(build(plan), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="support-plan-{plan.pk}.{fmt}"'
    # A plan is private: no shared cache or browser history may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response
