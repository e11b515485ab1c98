"""An event's own page: what it is, where, access, its dates with places left, and how to add
it to a calendar. The viewer's own bookings and waiting-list places show against each date."""

from django.shortcuts import render
from django.utils import timezone

from community.permissions import is_signed_in
from events import links, selectors
from events.permissions import dates_access
from events.services.capacity import closes_at
from frontend.forms.events import closing_in_words
from frontend.shared.event_dates import dates_summary
from frontend.shared.events import venue_access, visible_event

DATES_SHOWN = 20


def event_detail(request, slug):
    event = visible_event(request, slug)
    viewer = request.user
    occurrences = list(
        selectors.upcoming_occurrences(viewer=viewer, event=event)[: DATES_SHOWN + 1]
    )
    more = len(occurrences) > DATES_SHOWN
    occurrences = occurrences[:DATES_SHOWN]

    # Who may open each date's register and see its joining link, in a fixed number of queries.
    access = dates_access(viewer, event, occurrences)
    bookings, waiting = {}, {}
    if is_signed_in(viewer):
        # A carer may hold several places on one date: one for each person attending.
        for booking in selectors.my_bookings(person=viewer).filter(occurrence__event=event):
            bookings.setdefault(booking.occurrence_id, []).append(booking)
        waiting = {
            w.occurrence_id: w
            for w in selectors.my_waiting_list(person=viewer).filter(occurrence__event=event)
        }
    mode_places = selectors.places_left_by_mode(occurrences)
    now = timezone.now()
    for occurrence in occurrences:
        occurrence.my_bookings = bookings.get(occurrence.pk, [])
        occurrence.my_booking = occurrence.my_bookings[0] if occurrence.my_bookings else None
        occurrence.mode_places = mode_places.get(occurrence.pk)
        occurrence.bookings_closed = not occurrence.is_cancelled and closes_at(occurrence) <= now
        occurrence.my_waiting = waiting.get(occurrence.pk)
        occurrence.can_take_register = occurrence.pk in access.register
        occurrence.show_joining_link = occurrence.pk in access.joining_link

    venue_has, venue_lacks = venue_access(event)
    context = {
        "event": event,
        "themes": [theme.name for theme in event.themes.all()],
        "occurrences": occurrences,
        "more_dates": more,
        # The printed page summarises the dates instead of listing each with its Book button.
        "dates_summary": dates_summary(occurrences),
        "can_manage": access.manages,
        "register_links": any(o.can_take_register for o in occurrences),
        "venue_has": venue_has,
        "venue_lacks": venue_lacks,
        "closes_in_words": closing_in_words(event.booking_closes_minutes),
        **links.calendar_links(links.event_feed_url(event)),
    }
    return render(request, "frontend/events/detail.html", context)
