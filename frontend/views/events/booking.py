"""Booking a place (or joining the waiting list), cancelling it, leaving a waiting list, giving a
place back from the e-mail link, and "Your bookings" with the personal calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from events import links, selectors
from events.models import ACCESS_NEEDS, Booking, WaitingListEntry
from events.services.bookings import book_place, cancel_booking, give_back_place
from events.services.feeds import regenerate_feed_token
from events.services.reminders import reminder_preference, set_reminders, stop_reminders
from events.services.waiting_list import leave_waiting_list
from frontend.attempts import attempt
from frontend.forms.events import BookingForm
from frontend.shared.events import access_need_labels, event_occurrence, visible_event
from frontend.shared.limits import status_for

# What the booking service calls a field, and what the form calls it.
BOOKING_FIELDS = {"companions": "companion"}


def _when(occurrence) -> str:
    return f"{timezone.localtime(occurrence.start):%A %-d %B}"


@login_required
def book(request, slug, occurrence_id):
    event = visible_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    full = occurrence.places_left <= 0
    if request.method != "POST":
        form = BookingForm(access_choices=ACCESS_NEEDS)
        return _render_book(request, event, occurrence, form, full)
    form = BookingForm(request.POST, access_choices=ACCESS_NEEDS)
    if form.is_valid():
        with attempt(form, field_names=BOOKING_FIELDS) as tried:
            result = book_place(
                person=request.user,
                occurrence=occurrence,
                wait_if_full=True,
                **form.booking_fields(),
            )
        if tried.succeeded:
            if isinstance(result, WaitingListEntry):
                messages.success(
                    request,
                    f"This date is full, so you are on the waiting list for {event.title} on "
                    f"{_when(occurrence)}. If a place comes free, we give it to you and send "
                    "you an e-mail.",
                )
            else:
                messages.success(
                    request,
                    f"You have a place at {event.title} on {_when(occurrence)}. We have sent "
                    "you an e-mail with the details.",
                )
            return redirect("events_my_bookings")
    return _render_book(request, event, occurrence, form, full, status=status_for(form))


def _render_book(request, event, occurrence, form, full, status=200):
    context = {"event": event, "occurrence": occurrence, "form": form, "full": full}
    return render(request, "frontend/events/book.html", context, status=status)


@login_required
def my_bookings(request):
    person = request.user
    bookings = list(selectors.my_bookings(person=person, include_past=True))
    now = timezone.now()
    upcoming = [b for b in bookings if b.occurrence.end >= now]
    past = [b for b in bookings if b.occurrence.end < now][::-1]
    for booking in upcoming:
        booking.access_need_labels = access_need_labels(booking.access_needs)
        booking.google_url = links.google_date_link(booking.occurrence)
    token = selectors.feed_token_for(person=person)
    context = {
        "upcoming": upcoming,
        "past": past,
        "waiting": selectors.my_waiting_list(person=person),
        "reminders": reminder_preference(person=person).send_reminders,
        **_personal_feed_links(token.token),
    }
    return render(request, "frontend/events/my_bookings.html", context)


def _personal_feed_links(token: str) -> dict[str, str]:
    path = links.personal_feed_url(token)
    found = links.calendar_links(path)
    found["feed_url"] = links.absolute(path)
    return found


def _own_booking(request, booking_id) -> Booking:
    booking = (
        selectors.my_bookings(person=request.user, include_past=True).filter(pk=booking_id).first()
    )
    if booking is None:
        raise Http404
    return booking


@login_required
def booking_cancel(request, booking_id):
    booking = _own_booking(request, booking_id)
    occurrence = booking.occurrence
    tried = attempt()
    if request.method == "POST":
        with tried:
            cancel_booking(canceller=request.user, booking=booking)
        if tried.succeeded:
            messages.success(
                request,
                f"Your place at {occurrence.event.title} on {_when(occurrence)} is cancelled. "
                "Thank you for letting us know: the place goes to someone waiting.",
            )
            return redirect("events_my_bookings")
    context = {
        "heading": "Cancel your booking?",
        "occurrence": occurrence,
        "details": [("Place for", booking.for_person_name or "You")],
        "explanation": [
            "If you cancel, your place goes to the first person on the waiting list. "
            "You can book again later if there are places left."
        ],
        "can_do": True,
        "action": reverse("events_booking_cancel", args=[booking.pk]),
        "button": "Yes, cancel my booking",
        "warning": True,
        "back_url": reverse("events_my_bookings"),
        "back_label": "No, keep my booking",
        "error": tried.message,
    }
    return _render_confirm(request, context, tried)


@login_required
def waiting_leave(request, entry_id):
    entry = selectors.my_waiting_list(person=request.user).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    occurrence = entry.occurrence
    tried = attempt()
    if request.method == "POST":
        with tried:
            leave_waiting_list(person=request.user, entry=entry)
        if tried.succeeded:
            messages.success(
                request,
                f"You have left the waiting list for {occurrence.event.title} on "
                f"{_when(occurrence)}.",
            )
            return redirect("events_my_bookings")
    context = {
        "heading": "Leave the waiting list?",
        "occurrence": occurrence,
        "details": [("Your place in the queue", f"Number {entry.place_in_queue}")],
        "explanation": ["If you leave and join again later, you go to the end of the list."],
        "can_do": True,
        "action": reverse("events_waiting_leave", args=[entry.pk]),
        "button": "Yes, leave the waiting list",
        "warning": True,
        "back_url": reverse("events_my_bookings"),
        "back_label": "No, stay on the list",
        "error": tried.message,
    }
    return _render_confirm(request, context, tried)


def give_back(request, token):
    """The one-click link in the "you have a place" e-mail. No sign-in: the token is the key.
    Opening the link only asks; the button gives the place back (mail scanners open links)."""
    tried = attempt()
    if request.method == "POST":
        with tried:
            booking = give_back_place(token=token)
        if tried.succeeded:
            occurrence = booking.occurrence
            messages.success(
                request,
                f"You have given back your place at {occurrence.event.title} on "
                f"{_when(occurrence)}. Thank you: it goes to the next person waiting.",
            )
            return redirect("events_detail", occurrence.event.slug)
    context = {
        "heading": "Give your place back?",
        "explanation": [
            "If you cannot come after all, give your place back and it goes to the next person "
            "on the waiting list."
        ],
        "can_do": tried.succeeded,
        "action": reverse("events_give_back", args=[token]),
        "button": "Give my place back",
        "warning": True,
        "back_url": reverse("events"),
        "back_label": "Keep my place",
        "error": tried.message,
    }
    return _render_confirm(request, context, tried)


@login_required
@require_POST
def feed_new_link(request):
    regenerate_feed_token(person=request.user)
    messages.success(
        request,
        "You have a new calendar address. The old one has stopped working: put the new one "
        "in your calendar app.",
    )
    return redirect(reverse("events_my_bookings") + "#your-calendar")


@login_required
@require_POST
def reminders_choice(request):
    send = request.POST.get("send") == "yes"
    set_reminders(person=request.user, send=send)
    if send:
        messages.success(request, "We will send you a reminder e-mail the day before.")
    else:
        messages.success(request, "We will not send you reminder e-mails.")
    return redirect(reverse("events_my_bookings") + "#reminders")


def reminders_stop(request, token):
    """The unsubscribe link in a reminder e-mail. Opening it asks; the button stops them."""
    tried = attempt()
    if request.method == "POST":
        with tried:
            stop_reminders(token=token)
        if tried.succeeded:
            messages.success(request, "We will not send you any more reminder e-mails.")
            return redirect("events")
    context = {
        "heading": "Stop reminder e-mails?",
        "explanation": [
            "We send a reminder e-mail the day before each workshop or drop-in you have booked. "
            "If you stop them, you still get e-mails when a date you booked is moved or "
            "cancelled."
        ],
        "can_do": tried.succeeded,
        "action": reverse("events_reminders_stop", args=[token]),
        "button": "Stop reminder e-mails",
        "warning": False,
        "back_url": reverse("events"),
        "back_label": "Keep sending them",
        "error": tried.message,
    }
    return _render_confirm(request, context, tried)


def _render_confirm(request, context, tried):
    """The "are you sure?" page, with what the service said if it said no."""
    status = 200 if tried.succeeded else 400
    return render(request, "frontend/events/confirm.html", context, status=status)
