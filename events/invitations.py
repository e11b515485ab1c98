"""The .ics files e-mailed to someone with a place (RFC 5546, iTIP). The confirmation is an
invitation (METHOD:REQUEST) that calendar apps add; a moved date is the same invitation again
with a higher SEQUENCE, which they apply over the first; a cancelled date or place is a
METHOD:CANCEL, which takes it out. Each carries the UID and SEQUENCE of the person's own entry
in their calendar feed: the e-mailed copy and the subscribed one are the same event."""

from email.utils import parseaddr

from django.conf import settings
from icalendar import vCalAddress

from events.feeds import is_cancelled, london_timezone, new_calendar, vevent
from events.models import Booking

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def method_for(booking: Booking) -> str:
    """CANCEL once the person no longer goes (their place or the date was cancelled)."""
    return CANCEL if is_cancelled(booking.occurrence, booking) else REQUEST


def invitation_ics(booking: Booking) -> bytes:
    """The booking as it is now, for an e-mail to the person booked. iTIP asks for an organiser
    and the attendee: the site's address on behalf of the organisation, and the person, already
    going (nothing to answer)."""
    occurrence, person = booking.occurrence, booking.person
    assert person is not None  # only people with an account are e-mailed
    component = vevent(occurrence, booking=booking)
    _, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    component.add(
        "organizer",
        vCalAddress(f"mailto:{sender}"),
        parameters={"cn": occurrence.event.organisation.name},
    )
    component.add(
        "attendee",
        vCalAddress(f"mailto:{person.email}"),
        parameters={
            "cn": person.display_name,
            "role": "REQ-PARTICIPANT",
            "partstat": "ACCEPTED",
            "rsvp": "FALSE",
        },
    )
    calendar = new_calendar(name=occurrence.event.title, method=method_for(booking))
    calendar.add_component(component)
    calendar.add_component(london_timezone())
    return calendar.to_ical()
