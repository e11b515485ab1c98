"""Finding things in the forums: search, and the "Waiting for an advisor" list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from forums import selectors
from forums.permissions import can_change_search_words
from forums.search import search as search_posts
from forums.synonyms import also_searched_for
from frontend.attempts import attempt
from frontend.forms.forums import SearchForm, ThemeFilterForm
from frontend.shared.forums import present_page
from frontend.shared.paging import page_of

RESULTS_PER_PAGE = 20


def search(request):
    categories = list(selectors.categories_for(viewer=request.user))
    form = SearchForm(request.GET, categories=categories)
    query = form.query()
    category = next((c for c in categories if c.slug == query["category_slug"]), None)
    page_number = _page_number(request)
    hits = []
    if query["text"]:
        # One more than a page, to know whether there is a next page without counting them all.
        hits = search_posts(
            viewer=request.user,
            query=query["text"],
            category=category,
            answered=True if query["answered_only"] else None,
            limit=RESULTS_PER_PAGE + 1,
            offset=(page_number - 1) * RESULTS_PER_PAGE,
        )
    context = {
        "form": form,
        "searched": bool(query["text"]),
        "query": query["text"],
        "hits": hits[:RESULTS_PER_PAGE],
        "page_number": page_number,
        "has_next": len(hits) > RESULTS_PER_PAGE,
        # Why a post that says "PA" was found for "personal assistant".
        "also_searched_for": also_searched_for(query["text"]) if query["text"] else [],
        "may_change_words": can_change_search_words(request.user),
    }
    return render(request, "frontend/forums/search.html", context)


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@login_required
def waiting(request):
    categories = list(selectors.categories_for(viewer=request.user))
    themes = {c.theme.slug: c.theme for c in categories if c.theme_id}
    filter_form = ThemeFilterForm(
        request.GET, themes=sorted(themes.values(), key=lambda t: (t.position, t.name))
    )
    theme = filter_form.chosen_theme()
    with attempt(request=request) as tried:
        topics = selectors.waiting_for_advisor(viewer=request.user, theme=theme)
    if not tried.succeeded:
        return redirect("forums")
    page = present_page(page_of(topics, request, per_page=30), viewer=request.user)
    context = {"filter_form": filter_form, "page": page, "filtered": bool(theme)}
    return render(request, "frontend/forums/waiting.html", context)
