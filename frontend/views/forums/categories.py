"""The category index and one category's topic lists (latest, unanswered, answered, mine)."""

from django.shortcuts import render

from community.permissions import is_signed_in
from forums import permissions, selectors
from forums.services.visits import note_category_visit
from frontend.shared.forums import category_or_404, present_page
from frontend.shared.paging import page_of

TABS = [
    ("latest", "Latest"),
    ("unanswered", "Unanswered"),
    ("answered", "Answered"),
    ("mine", "Yours"),
]
TOPICS_PER_PAGE = 30


def category_index(request):
    context = {
        "categories": selectors.categories_for(viewer=request.user),
        "can_see_waiting": permissions.can_see_waiting_for_advisor(request.user),
    }
    return render(request, "frontend/forums/index.html", context)


def category_topics(request, slug):
    category = category_or_404(request, slug)
    # Before the list: it shows what is new since the visit before this one.
    note_category_visit(person=request.user, category=category)
    listing = request.GET.get("show", "latest")
    if listing not in selectors.LISTINGS:
        listing = "latest"
    page = page_of(
        selectors.topics_for(viewer=request.user, listing=listing, category=category),
        request,
        per_page=TOPICS_PER_PAGE,
    )
    present_page(page, viewer=request.user)
    tabs = [
        (value, label) for value, label in TABS if value != "mine" or is_signed_in(request.user)
    ]
    return render(
        request,
        "frontend/forums/category.html",
        {
            "category": category,
            "listing": listing,
            "tabs": tabs,
            "page": page,
            "watch_level": selectors.watch_level_for(person=request.user, category=category),
        },
    )
