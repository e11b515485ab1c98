"""The words search treats as the same ("PA", "personal assistant"): moderators see the groups,
add, change and remove them. Every rule is in forums.services.synonyms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from forums.permissions import can_change_search_words
from forums.services.synonyms import (
    add_synonym_group,
    change_synonym_group,
    remove_synonym_group,
)
from forums.synonyms import group_for_moderators, groups_for_moderators
from frontend.attempts import attempt
from frontend.forms.synonyms import SynonymGroupForm
from frontend.shared.limits import status_for


def _moderator(request):
    if not can_change_search_words(request.user):
        raise PermissionDenied("Only moderators can change the words search treats as the same.")
    return request.user


def _group_or_404(group_id: int):
    group = group_for_moderators(group_id)
    if group is None:
        raise Http404("No such group of words.")
    return group


@login_required
def synonyms(request):
    moderator = _moderator(request)
    form = SynonymGroupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with attempt(form) as tried:
            add_synonym_group(moderator=moderator, words=form.cleaned_data["words"])
        if tried.succeeded:
            messages.success(request, "The words are added. Search uses them now.")
            return redirect("forums_synonyms")
    context = {"form": form, "groups": groups_for_moderators()}
    status = status_for(form) if form.is_bound else 200
    return render(request, "frontend/forums/synonyms.html", context, status=status)


@login_required
def synonym_change(request, group_id: int):
    moderator = _moderator(request)
    group = _group_or_404(group_id)
    if request.method != "POST":
        form = SynonymGroupForm(initial=SynonymGroupForm.initial_for(group))
        return render(
            request, "frontend/forums/synonym_change.html", {"form": form, "group": group}
        )
    form = SynonymGroupForm(request.POST)
    if form.is_valid():
        with attempt(form) as tried:
            change_synonym_group(moderator=moderator, group=group, words=form.cleaned_data["words"])
        if tried.succeeded:
            messages.success(request, "The words are changed. Search uses them now.")
            return redirect("forums_synonyms")
    context = {"form": form, "group": group}
    return render(request, "frontend/forums/synonym_change.html", context, status=status_for(form))


@login_required
@require_POST
def synonym_remove(request, group_id: int):
    moderator = _moderator(request)
    group = _group_or_404(group_id)
    words = ", ".join(synonym.text for synonym in group.synonyms.all())
    remove_synonym_group(moderator=moderator, group=group)
    messages.success(request, f"Search no longer treats “{words}” as the same.")
    return redirect("forums_synonyms")
