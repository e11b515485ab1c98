"""An event's own page: what it is, where, access, its dates with places left, and how to add
it to a calendar. The viewer's own bookings and waiting-list places show against each date."""

from django.shortcuts import render

from community.permissions import is_signed_in
from events import links, selectors
from events.permissions import dates_access
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
        bookings = {
            b.occurrence_id: b
            for b in selectors.my_bookings(person=viewer).filter(occurrence__event=event)
        }
        waiting = {
            w.occurrence_id: w
            for w in selectors.my_waiting_list(person=viewer).filter(occurrence__event=event)
        }
    for occurrence in occurrences:
        occurrence.my_booking = bookings.get(occurrence.pk)
        occurrence.my_waiting = waiting.get(occurrence.pk)
        occurrence.can_take_register = occurrence.pk in access.register
        occurrence.show_joining_link = occurrence.pk in access.joining_link

    venue_has, venue_lacks = venue_access(event)
    context = {
        "event": event,
        "themes": [theme.name for theme in event.themes.all()],
        "occurrences": occurrences,
        "more_dates": more,
        "can_manage": access.manages,
        "register_links": any(o.can_take_register for o in occurrences),
        "venue_has": venue_has,
        "venue_lacks": venue_lacks,
        **links.calendar_links(links.event_feed_url(event)),
    }
    return render(request, "frontend/events/detail.html", context)
