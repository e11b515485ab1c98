"""What the access pages and the events dashboard show of one access need to arrange."""

from events.models import AccessRequest, Booking
from events.services.access_requests import attendee_name, booked_by_name, need_label
from frontend.forms.access import AccessAnswerForm


def present(item: AccessRequest, *, form: AccessAnswerForm | None = None) -> AccessRequest:
    """The need in words, whom it is for and who booked, and its answer form, read from what
    the selectors joined: no queries."""
    booking = item.booking
    item.label = need_label(item.need)
    item.words = booking.access_notes if item.need == AccessRequest.NOTES else ""
    item.attendee = attendee_name(booking)
    item.booked_by = booked_by_name(booking)
    # A booking by name (no account) has nobody the site can tell.
    item.tell_by_phone = booking.person_id is None
    item.cancelled = booking.status != Booking.Status.CONFIRMED
    item.form = form or AccessAnswerForm(item=item)
    return item
