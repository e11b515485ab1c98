"""How long lists are cut into pages: numbered pages for directories, a cursor for feeds that grow
at the top (a new notification must not shift the next page)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class NumberedPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100


class NewestFirstCursor(CursorPagination):
    page_size = 30
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created", "-id")
