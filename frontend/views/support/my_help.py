"""My help: a trained advisor's or planning partner's own page. Requests they can take (best
match first, and why), their conversations, the plans they help with, the drop-in they host
next, a pause switch, and what they show in the directory. Anyone else gets a friendly page
saying what it is for (200, not 403: nobody did anything wrong by following the link)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.models import Theme
from community.support import selectors
from community.support.permissions import is_paused
from community.support.plan_selectors import plans_as_partner
from community.support.selectors import listing_of
from community.support.services.listings import set_paused, update_listing
from frontend.attempts import attempt
from frontend.forms.support import ListingForm
from frontend.shared.support import card_for, match_reasons, remember_helper

NOT_A_HELPER_TEMPLATE = "frontend/support/not_a_helper.html"


@login_required
def my_help(request):
    me = selectors.helper_card(person_id=request.user.pk)
    remember_helper(request.user, me is not None)  # the header follows what this page found
    if me is None:
        return render(request, NOT_A_HELPER_TEMPLATE)
    listing = listing_of(me)
    # The card's person carries their listing already, so the pause check costs nothing more.
    offered = selectors.requests_to_take(person=me)
    to_take = [(match.request, match_reasons(listing, match.request)) for match in offered.matches]
    hosting = selectors.next_drop_ins_hosted(person_ids=[me.pk])
    context = {
        "card": card_for(me, hosting.get(me.pk)),
        "listing": listing,
        "paused": is_paused(listing),
        "paused_by_organisation": bool(listing and listing.paused_by_organisation_id),
        "to_take": to_take,
        "waiting": offered.waiting,
        "conversations": selectors.my_conversations(person=me),
        "plans": plans_as_partner(person=me),
    }
    return render(request, "frontend/support/my_help.html", context)


@login_required
@require_POST
def pause(request):
    paused = request.POST.get("paused") == "yes"
    with attempt(request=request) as tried:
        set_paused(person=request.user, paused=paused)
    if tried.succeeded:
        messages.success(
            request,
            "You are paused: nobody can send you new requests, and you are not in the directory."
            if paused
            else "You are taking new requests again.",
        )
    return redirect("my_help")


@login_required
def my_listing(request):
    me = selectors.helper_card(person_id=request.user.pk)
    if me is None:
        return render(request, NOT_A_HELPER_TEMPLATE)
    themes = Theme.objects.order_by("position", "name")
    if request.method != "POST":
        listing = listing_of(me)
        initial = ListingForm.initial_for(listing) if listing else {"listed": True}
        form = ListingForm(initial=initial, themes=themes)
        return _render_listing(request, me, form)
    form = ListingForm(request.POST, themes=themes)
    if form.is_valid():
        with attempt(form) as tried:
            update_listing(
                person=request.user,
                **{**form.cleaned_data, "specialisms": list(form.cleaned_data["specialisms"])},
            )
        if tried.succeeded:
            messages.success(request, "What you show in the directory is saved.")
            return redirect("my_help")
    return _render_listing(request, me, form, status=400)


def _render_listing(request, me, form, status=200):
    context = {"form": form, "card": card_for(me), "paused": is_paused(listing_of(me))}
    return render(request, "frontend/support/my_listing.html", context, status=status)
