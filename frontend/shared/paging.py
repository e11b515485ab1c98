"""One way of splitting long lists into pages, so every list behaves the same."""

from django.core.paginator import Page, Paginator


def page_of(items, request, per_page: int = 25) -> Page:
    # get_page turns a missing, wrong or too-large page number into a real page, never an error.
    return Paginator(items, per_page).get_page(request.GET.get("page"))
