"""How long lists are cut into pages: numbered pages for directories, a cursor for feeds that grow
at the top (a new notification must not shift the next page).

A page number that is not a whole number from 1 is a mistake in the request (400, `invalid`); a
page past the end is a page that does not exist (404, `not_found`). api.schema documents both on
every list that takes `page`, and a bad cursor's 404 on every list that takes `cursor`."""

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

PAGE_NUMBER_MESSAGE = "Pages are numbered from 1: send a whole number."


class NumberedPages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = "There is no page {page_number} of this list."

    def get_page_number(self, request, paginator):
        number = super().get_page_number(request, paginator)
        if number == paginator.num_pages:
            return number  # `last`, which DRF has already turned into a number
        try:
            valid = int(number) >= 1
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise ValidationError({self.page_query_param: [PAGE_NUMBER_MESSAGE]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"How many results a page holds, up to {self.max_page_size}."
                )
        return parameters


class NewestFirstCursor(CursorPagination):
    page_size = 30
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created", "-id")
    invalid_cursor_message = "That cursor is not one we gave out. Start again from the first page."
