"""/chat/: your conversations and rooms with what is unread, the community rooms, your drop-ins
with a chat room, and for moderators the form to open a community room."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.chat import selectors
from community.chat.permissions import can_create_community_room
from community.chat.services.rooms import create_community_room
from events import selectors as event_selectors
from events.models import Event
from frontend.attempts import attempt
from frontend.forms.chat import CommunityRoomForm
from frontend.shared.chat import conversation_partners, drop_in_state, theme_choices

# Drop-ins you are booked on show here from this long before they start.
DROP_INS_AHEAD = datetime.timedelta(days=14)


@login_required
def chat_home(request):
    form = (
        CommunityRoomForm(themes=theme_choices())
        if can_create_community_room(request.user)
        else None
    )
    return _render_home(request, form)


@login_required
@require_POST
def room_create(request):
    form = CommunityRoomForm(request.POST, themes=theme_choices())
    if form.is_valid():
        with attempt(form) as tried:
            room = create_community_room(creator=request.user, **form.cleaned_data)
        if tried.succeeded:
            messages.success(request, f"The room {room.name} is open. Every member can join it.")
            return redirect(room)
    return _render_home(request, form, status=400)


def _render_home(request, form, status=200):
    person = request.user
    now = timezone.now()
    participations = list(selectors.my_participations(person=person))
    private_ids = [p.room_id for p in participations if p.room.is_private]
    partners = conversation_partners(room_ids=private_ids, viewer=person)
    for participation in participations:
        participation.partners = partners.get(participation.room_id, [])
    joined = {p.room_id for p in participations}
    rooms = list(selectors.community_rooms())
    for room in rooms:
        room.joined = room.pk in joined
    bookings = list(
        event_selectors.my_bookings(person=person)
        .filter(
            occurrence__event__use_site_chat_room=True,
            occurrence__start__lt=now + DROP_INS_AHEAD,
        )
        .exclude(occurrence__event__format=Event.Format.IN_PERSON)
    )
    for booking in bookings:
        booking.chat_state = drop_in_state(booking.occurrence, now)
    context = {
        "conversations": [p for p in participations if p.room.is_private],
        "my_rooms": [p for p in participations if not p.room.is_private],
        "community_rooms": rooms,
        "drop_ins": bookings,
        "room_form": form,
    }
    return render(request, "frontend/chat/home.html", context, status=status)
