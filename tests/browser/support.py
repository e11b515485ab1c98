"""Running Django code beside Playwright's sync API, whose event loop owns the test's thread."""

import datetime
from concurrent.futures import ThreadPoolExecutor

from django.db import connections


def outside_event_loop(function, /, *args, **kwargs):
    """Call `function` in a short-lived thread and return its result.

    Code that reaches `async_to_sync` (services that notify people push to the channel layer
    after commit) refuses to run in a thread with a running event loop, and Playwright's sync API
    keeps one running in the test's thread for the whole session.
    """

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def fill_date(scope, question: str, date: datetime.date) -> None:
    """Type a date as a person would: its Day, Month and Year boxes, found through the fieldset
    whose legend asks `question`."""
    boxes = scope.get_by_role("group", name=question)
    boxes.get_by_label("Day").fill(str(date.day))
    boxes.get_by_label("Month").fill(str(date.month))
    boxes.get_by_label("Year").fill(str(date.year))
