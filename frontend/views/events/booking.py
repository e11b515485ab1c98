"""Booking a place (or joining the waiting list), for oneself or for each person one cares for;
changing a booking in place; accepting or declining a place offered from a waiting list;
cancelling, leaving a waiting list, giving a place back from the e-mail link, and "Your
bookings" with the personal calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.safety.visibility import Visibility
from events import links, selectors
from events.models import ACCESS_NEEDS, Booking, Event, WaitingListEntry
from events.models.bookings import AttendanceMode
from events.recurrence import uk_local
from events.services.booking_changes import change_booking
from events.services.bookings import book_place, cancel_booking, give_back_place
from events.services.capacity import closes_at
from events.services.feeds import regenerate_feed_token
from events.services.offers import accept_offer, decline_offer
from events.services.reminders import reminder_preference, set_reminders, stop_reminders
from events.services.waiting_list import leave_waiting_list
from frontend.attempts import attempt
from frontend.forms.events import BookingChangeForm, BookingForm
from frontend.shared.banners import tell
from frontend.shared.events import access_need_labels, event_occurrence, visible_event
from frontend.shared.limits import status_for

# What the booking service calls a field, and what the form calls it.
BOOKING_FIELDS = {"companions": "companion"}


def _when(occurrence) -> str:
    return f"{timezone.localtime(occurrence.start):%A %-d %B}"


def _time_words(moment) -> str:
    """ "6pm on Tuesday 5 January", "9:30am on Friday 8 January", UK time."""
    local = uk_local(moment)
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes}{'am' if local.hour < 12 else 'pm'} on {local:%A %-d %B}"


def _closed(occurrence) -> bool:
    return closes_at(occurrence) <= timezone.now()


def _mode_choices(occurrence, left: dict[str, int] | None) -> list[tuple[str, str]] | None:
    """For a hybrid date: in person or online, with the places left of each (`left`, from
    selectors.places_left_by_mode) where the date has a limit for each. None for the other
    formats (the question is not asked)."""
    if occurrence.event.format != Event.Format.HYBRID:
        return None
    choices = []
    for value, label in AttendanceMode.choices:
        if left is None:
            choices.append((value, label))
        elif left[value]:
            plural = "" if left[value] == 1 else "s"
            choices.append((value, f"{label} ({left[value]} place{plural} left)"))
        else:
            choices.append((value, f"{label} (no places left)"))
    return choices


@login_required
def book(request, slug, occurrence_id):
    event = visible_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    full = occurrence.places_left <= 0
    # The person's places on this date already: a carer books one place per person attending.
    already = list(selectors.my_bookings(person=request.user).filter(occurrence=occurrence))
    mode_places = selectors.places_left_by_mode([occurrence]).get(occurrence.pk)
    form_options = {
        "access_choices": ACCESS_NEEDS,
        "mode_choices": _mode_choices(occurrence, mode_places),
    }
    page = {"full": full, "already": already, "mode_places": mode_places}
    if request.method != "POST":
        own_place = any(not booking.for_person_name for booking in already)
        form = BookingForm(initial={"for_whom": "cared_for" if own_place else "me"}, **form_options)
        return _render_book(request, event, occurrence, form, page)
    form = BookingForm(request.POST, **form_options)
    if form.is_valid():
        with attempt(form, field_names=BOOKING_FIELDS) as tried:
            result = book_place(
                person=request.user,
                occurrence=occurrence,
                wait_if_full=True,
                **form.booking_fields(),
            )
        if tried.succeeded:
            whom = result.for_person_name
            what = f"{event.title} on {_when(occurrence)}"
            if isinstance(result, WaitingListEntry):
                tell(
                    request,
                    f"{whom} is on the waiting list: {what}"
                    if whom
                    else f"On the waiting list: {what}",
                    details=f"This date is full, so {whom or 'you'} {'is' if whom else 'are'} on "
                    f"the waiting list. If a place comes free, we give it to {whom or 'you'} "
                    "and send you an e-mail.",
                )
            else:
                tell(
                    request,
                    f"Booked for {whom}: {what}" if whom else f"Booked: {what}",
                    details=f"{whom + ' has' if whom else 'You have'} a place. We have sent "
                    "you an e-mail with the details.",
                )
            return redirect("events_my_bookings")
    return _render_book(request, event, occurrence, form, page, status=status_for(form))


def _render_book(request, event, occurrence, form, page, status=200):
    context = {
        "event": event,
        "occurrence": occurrence,
        "form": form,
        "closed": _closed(occurrence),
        "closes_at": closes_at(occurrence),
        **page,
    }
    return render(request, "frontend/events/book.html", context, status=status)


@login_required
def my_bookings(request):
    person = request.user
    bookings = list(
        selectors.my_bookings(person=person, include_past=True, with_access_answers=True)
    )
    now = timezone.now()
    upcoming = [b for b in bookings if b.occurrence.end >= now]
    past = [b for b in bookings if b.occurrence.end < now][::-1]
    # One entry per date, with every place the person holds on it (their own, and one for each
    # person they care for), in the order they were booked.
    dates: dict[int, dict] = {}
    for booking in upcoming:
        booking.access_need_labels = access_need_labels(booking.access_needs)
        group = dates.get(booking.occurrence_id)
        if group is None:
            occurrence = booking.occurrence
            group = dates[booking.occurrence_id] = {
                "occurrence": occurrence,
                "bookings": [],
                "google_url": links.google_date_link(occurrence),
                "can_book_more": (
                    not occurrence.is_cancelled
                    and not _closed(occurrence)
                    and occurrence.event.status == Event.Status.PUBLISHED
                    and occurrence.event.visibility == Visibility.SHOWN
                ),
                "closed": _closed(occurrence),
            }
        group["bookings"].append(booking)
    offers = list(selectors.my_offers(person=person))
    for entry in offers:
        entry.deadline = _time_words(entry.offer_expires_at) if entry.offer_expires_at else ""
    token = selectors.feed_token_for(person=person)
    context = {
        "offers": offers,
        "upcoming": list(dates.values()),
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
def booking_edit(request, booking_id):
    """Change a booking in place: companions, access needs, notes, whom it is for, how they
    join. When there is no room for more, the page offers the waiting list for the extra
    places, keeping the booking."""
    booking = _own_booking(request, booking_id)
    occurrence = booking.occurrence
    mode_places = selectors.places_left_by_mode([occurrence]).get(occurrence.pk)
    form_options = {
        "access_choices": ACCESS_NEEDS,
        "mode_choices": _mode_choices(occurrence, mode_places),
    }
    if request.method != "POST":
        form = BookingChangeForm(initial=BookingChangeForm.initial_for(booking), **form_options)
        return _render_change(request, booking, form, mode_places=mode_places)
    form = BookingChangeForm(request.POST, **form_options)
    wait_for_more = request.POST.get("wait_for_more") == "yes"
    offer_waiting = False
    if form.is_valid():
        changes = form.change_fields(booking)
        # The message shows at the top of the page, so no jump to the date.
        back = reverse("events_my_bookings")
        if not changes:
            messages.success(request, "You did not change anything, so your booking is as it was.")
            return redirect(back)
        with attempt(form, field_names=BOOKING_FIELDS) as tried:
            result = change_booking(
                changer=request.user, booking=booking, wait_for_more=wait_for_more, **changes
            )
        if tried.succeeded:
            messages.success(request, result.message)
            return redirect(back)
        offer_waiting = (
            tried.error is not None and tried.error.code == "full" and "companions" in changes
        )
    return _render_change(
        request,
        booking,
        form,
        mode_places=mode_places,
        offer_waiting=offer_waiting,
        status=400,
    )


def _render_change(request, booking, form, *, mode_places, offer_waiting=False, status=200):
    occurrence = booking.occurrence
    context = {
        "booking": booking,
        "occurrence": occurrence,
        "event": occurrence.event,
        "form": form,
        "offer_waiting": offer_waiting,
        "closed": _closed(occurrence) or occurrence.is_cancelled,
        "mode_places": mode_places,
    }
    return render(request, "frontend/events/booking_change.html", context, status=status)


@login_required
def offer(request, entry_id):
    """A place held for the person from a waiting list: accept it by the deadline, or decline
    it so it goes to the next person. Opening the page only shows it; the buttons decide."""
    entry = selectors.offer_for(person=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404
    occurrence = entry.occurrence
    tried = attempt()
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision in ("accept", "decline"):
            with tried:
                if decision == "accept":
                    accept_offer(person=request.user, entry=entry)
                else:
                    decline_offer(person=request.user, entry=entry)
            if tried.succeeded:
                whom = entry.for_person_name
                if decision == "accept":
                    text = (
                        f"{whom + ' has' if whom else 'You have'} a place at "
                        f"{occurrence.event.title} on {_when(occurrence)}. We have sent you an "
                        "e-mail with the details."
                    )
                else:
                    text = (
                        f"You have said no to the place at {occurrence.event.title} on "
                        f"{_when(occurrence)}. It goes to the next person waiting."
                    )
                messages.success(request, text)
                return redirect("events_my_bookings")
            entry = selectors.offer_for(person=request.user, entry_id=entry_id) or entry
    expires = entry.offer_expires_at
    is_open = (
        entry.status == WaitingListEntry.Status.OFFERED
        and expires is not None
        and expires > timezone.now()
    )
    context = {
        "entry": entry,
        "occurrence": occurrence,
        "event": occurrence.event,
        "is_open": is_open,
        "deadline": _time_words(expires) if expires else "",
        "error": tried.message,
        "status": entry.status,
    }
    status = 200 if tried.succeeded else 400
    return render(request, "frontend/events/offer.html", context, status=status)


@login_required
def booking_cancel(request, booking_id):
    booking = _own_booking(request, booking_id)
    occurrence = booking.occurrence
    tried = attempt()
    if request.method == "POST":
        with tried:
            cancel_booking(canceller=request.user, booking=booking)
        if tried.succeeded:
            whom = booking.for_person_name
            tell(
                request,
                f"Cancelled{' for ' + whom if whom else ''}: {occurrence.event.title} on "
                f"{_when(occurrence)}",
                details="The place is cancelled. Thank you for letting us know: it goes to "
                "someone waiting.",
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
            tell(request, f"Left the waiting list: {occurrence.event.title} on {_when(occurrence)}")
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
            tell(
                request,
                f"Place given back: {occurrence.event.title} on {_when(occurrence)}",
                details="Thank you. The place goes to the next person waiting.",
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
