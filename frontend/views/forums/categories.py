"""The category index and one category's topic lists (latest, unanswered, answered, mine)."""

from django.http import Http404
from django.shortcuts import render

from forums import permissions, selectors
from frontend.views.forums.topic_lists import present_page
from frontend.views.paging import page_of

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
    category = selectors.category_for(viewer=request.user, slug=slug)
    if category is None:
        raise Http404("No such category.")
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
        (value, label) for value, label in TABS if value != "mine" or request.user.is_authenticated
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
