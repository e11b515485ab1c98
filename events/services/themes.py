"""Themed dates: one date of a drop-in given its own theme and a short description ("This week:
employing a PA"), shown in lists, the calendar, feeds and the find-events search.

A theme is not news to tell people about, so nobody is notified; but the feeds show it in the
date's SUMMARY, so the date's SEQUENCE and LAST-MODIFIED rise and its feeds are marked stale,
as for any change to a date.
"""

from django.db import transaction

from community.errors import NotAllowed
from community.models import User
from community.services.audit import record
from events.errors import EventError
from events.feeds import feeds_changed, next_stamp, occurrence_people
from events.models import Occurrence
from events.permissions import can_change_date
from events.services.capacity import count_places, lock_occurrence

THEME_LIMIT = Occurrence._meta.get_field("theme").max_length or 100
DESCRIPTION_LIMIT = Occurrence._meta.get_field("theme_description").max_length or 300


def set_date_theme(
    *, editor: User, occurrence: Occurrence, theme: str, description: str = ""
) -> Occurrence:
    """Give one date a theme and a short description, or take them away (both empty). Staff of
    the organisation and the date's hosts may. Setting what is already there changes nothing.
    The date comes back counted (places taken and waiting), as the pages and the API show it."""
    if not can_change_date(editor, occurrence):
        raise NotAllowed("Only the organisation's staff and this date's hosts can set its theme.")
    # A theme is one line: it goes into calendar titles.
    theme = " ".join(theme.split())
    description = description.strip()
    if len(theme) > THEME_LIMIT:
        raise EventError(
            "theme_too_long", f"Write a theme of {THEME_LIMIT} characters or fewer.", field="theme"
        )
    if len(description) > DESCRIPTION_LIMIT:
        raise EventError(
            "description_too_long",
            f"Write a description of {DESCRIPTION_LIMIT} characters or fewer.",
            field="description",
        )
    if description and not theme:
        raise EventError("theme_needed", "Enter a theme to go with the description.", field="theme")
    with transaction.atomic():
        occurrence = lock_occurrence(occurrence)
        if occurrence.is_cancelled:
            raise EventError("cancelled", "A cancelled date cannot have a theme.")
        if (occurrence.theme, occurrence.theme_description) != (theme, description):
            before = occurrence.theme
            occurrence.theme = theme
            occurrence.theme_description = description
            occurrence.sequence += 1
            occurrence.last_modified = next_stamp(occurrence.last_modified)
            occurrence.save(
                update_fields=["theme", "theme_description", "sequence", "last_modified"]
            )
            # The personal feeds of everyone booked show the date's title too.
            feeds_changed(events=[occurrence.event], person_ids=occurrence_people([occurrence]))
            record(
                actor=editor,
                action="events.occurrence.themed" if theme else "events.occurrence.theme_removed",
                subject=occurrence,
                organisation=occurrence.event.organisation,
                theme=theme,
                was=before,
            )
        count_places(occurrence)
    return occurrence
