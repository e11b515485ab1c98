"""What councils have agreed: "What did your council decide?" on an answered question, and the
public list of decisions by council and by what they were for."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from forums import permissions
from forums.selectors.councils import council_decision_for, grouped_council_decisions
from forums.services.councils import (
    NOT_ALLOWED,
    change_council_decision,
    record_council_decision,
    remove_council_decision,
    this_year,
)
from frontend.attempts import attempt
from frontend.forms.councils import FIELDS, CouncilDecisionFilterForm, CouncilDecisionForm
from frontend.shared.forums import sign_in_first, take_kept_text, topic_or_404
from frontend.shared.limits import status_for

SAVED = (
    "What the council decided is saved. It shows under the question, and in “What councils "
    "have agreed”."
)


def _back_to(topic) -> str:
    # Page 1 by number, so the topic page does not jump to the first unread reply instead.
    return f"{topic.get_absolute_url()}?page=1#council-decision"


@sign_in_first(keep=FIELDS)
def council_decision(request, topic_id):
    topic = topic_or_404(request, topic_id)
    if not permissions.can_tell_council_decision(request.user, topic):
        raise PermissionDenied(NOT_ALLOWED)
    if not topic.is_answered:
        messages.info(
            request,
            "You can add what the council decided once the question has an accepted answer.",
        )
        return redirect(topic)
    decision = council_decision_for(viewer=request.user, topic=topic)
    may_share = permissions.can_choose_to_share_council(request.user, topic)
    if request.method == "POST" and request.POST.get("action") == "remove":
        with attempt(request=request) as tried:
            remove_council_decision(person=request.user, topic=topic)
        if tried.succeeded:
            messages.success(request, "What the council decided is removed from this question.")
        return redirect(_back_to(topic))
    if request.method != "POST":
        kept = take_kept_text(request)
        if kept is not None:
            form = CouncilDecisionForm(kept, may_share=may_share)
        else:
            initial = CouncilDecisionForm.initial_from(decision, year=this_year())
            form = CouncilDecisionForm(initial=initial, may_share=may_share)
        return _render(request, topic, decision, form)
    form = CouncilDecisionForm(request.POST, may_share=may_share)
    if form.is_valid():
        with attempt(form) as tried:
            _save(request.user, topic, decision, form.cleaned_data)
        if tried.succeeded:
            messages.success(request, SAVED)
            return redirect(_back_to(topic))
    return _render(request, topic, decision, form, status=status_for(form))


def _save(person, topic, decision, data: dict) -> None:
    if decision is None:
        record_council_decision(
            person=person,
            topic=topic,
            council=data["council"],
            outcome=data["outcome"],
            year=data["year"],
            what_for=data["what_for"],
            share_council=data.get("share_council", False),
        )
    else:
        change_council_decision(
            person=person,
            topic=topic,
            council=data["council"],
            outcome=data["outcome"],
            year=data["year"],
            what_for=data["what_for"],
            # Only the asker's form has the choice; everyone else keeps theirs.
            share_council=data.get("share_council"),
        )


def _render(request, topic, decision, form, status: int = 200):
    context = {
        "topic": topic,
        "decision": decision,
        "form": form,
        "members_only": topic.category.members_only,
    }
    return render(request, "frontend/forums/council_decision.html", context, status=status)


def council_decisions(request):
    data = request.GET.copy()
    if not data.get("by"):
        data["by"] = "council"
    form = CouncilDecisionFilterForm(data)
    chosen = form.chosen()
    decisions = grouped_council_decisions(
        viewer=request.user, council=chosen["council"], what_for=chosen["what_for"]
    )
    context = {
        "filter_form": form,
        "decisions": decisions,
        "by": chosen["by"],
        "filtered": bool(chosen["council"] or chosen["what_for"]),
    }
    return render(request, "frontend/forums/councils.html", context)
