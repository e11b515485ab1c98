"""Find an advisor: the directory of trained advisors and support planning partners, one card
per person, with filters that work without JavaScript."""

from dataclasses import replace

from django.shortcuts import render

from community import selectors as community_selectors
from community.models import Theme
from community.safety.selectors import kept_apart_ids
from community.support import selectors
from frontend.attempts import attempt
from frontend.forms.support import DirectoryFilterForm
from frontend.shared.paging import page_of
from frontend.shared.support import card_for

PER_PAGE = 20


def advisor_directory(request):
    # Only verified organisations vouch for anyone, so only they are worth filtering by.
    organisations = community_selectors.organisations_list().filter(verified=True)
    form = DirectoryFilterForm(
        request.GET, themes=Theme.objects.order_by("position", "name"), organisations=organisations
    )
    filters = form.filters()
    with attempt(form) as tried:
        people = selectors.directory(filters=filters)
    if not tried.succeeded:
        # A postcode we cannot place: said next to it, and the list shown without it.
        people = selectors.directory(filters=replace(filters, postcode=""))
    page = page_of(people, request, per_page=PER_PAGE)
    hosting = selectors.next_drop_ins_hosted(person_ids=[person.pk for person in page])
    page.cards = [card_for(person, hosting.get(person.pk)) for person in page]
    return render(
        request,
        "frontend/support/directory.html",
        {
            "filter_form": form,
            "page": page,
            "filtered": form.filtered,
            "cannot_message": _cannot_message(request.user),
        },
    )


def _cannot_message(viewer) -> set[int] | None:
    """Whom the viewer may not message from the directory, in one query for the whole page;
    None when nobody signed in. Any member may start a private conversation with a trained
    person (community.chat.permissions.can_start_conversation), except themselves and across a
    block, either way."""
    if not viewer.is_authenticated:
        return None
    return kept_apart_ids(person_id=viewer.pk) | {viewer.pk}
