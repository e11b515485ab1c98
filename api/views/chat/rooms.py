"""Chat rooms: the ones you are in and the ones you could join, opening a community room, one
room, marking it read, muting someone, and the chat room of a drop-in date."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.chat.rooms import (
    ChatReadSerializer,
    ChatReadStateSerializer,
    MuteSerializer,
    MuteStateSerializer,
    NewRoomSerializer,
    RoomDetailSerializer,
    RoomFilterSerializer,
    RoomListSerializer,
)
from api.serializers.errors import error_responses
from api.shared.chat import active_person, room_detail_data, rooms_for, visible_room
from community.chat.errors import ChatError
from community.chat.permissions import can_enter
from community.chat.selectors import participant_for, unread_chat_counts
from community.chat.services.messages import mark_read
from community.chat.services.rooms import (
    create_community_room,
    drop_in_room,
    enter_room,
    set_muted,
)
from community.errors import CommunityError
from community.models import Theme
from events.selectors import occurrence_detail

ROOM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
HIDDEN = (
    "A room you may not enter answers 404, whatever its kind, so that a private conversation "
    "never reveals that it exists (as members-only forum categories do)."
)


@extend_schema(tags=["chat"])
class RoomList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Your chat rooms, and the community rooms you could join",
        description=(
            "`rooms`: drop-in rooms and community rooms you have opened and your private "
            "conversations, most recent activity first, each with `unread`. `joinable`: "
            "community rooms you are not in yet. Drop-in rooms are reached from their date: "
            "`/chat/drop-ins/{occurrence_id}/`."
        ),
        operation_id="v1_chat_rooms_list",
        parameters=[RoomFilterSerializer],
        responses={200: RoomListSerializer, **error_responses(400, 401)},
    )
    def get(self, request):
        filters = RoomFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        mine, joinable = rooms_for(request.user, filters.validated_data.get("kind"))
        return Response(RoomListSerializer({"rooms": mine, "joinable": joinable}).data)

    @extend_schema(
        summary="Open a community room (moderators)",
        request=NewRoomSerializer,
        responses={201: RoomDetailSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        incoming = NewRoomSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        theme = None
        if data.get("theme"):
            theme = Theme.objects.filter(slug=data["theme"]).first()
            if theme is None:
                raise CommunityError(
                    "unknown_theme", "Choose a theme from the list.", field="theme"
                )
        room = create_community_room(
            creator=request.user,
            name=data["name"],
            description=data["description"],
            theme=theme,
        )
        return Response(
            room_detail_data(request, visible_room(request, room.pk)),
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["chat"])
class RoomDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="One chat room, with your own place in it",
        description=HIDDEN + " Live messages come over the WebSocket `/ws/rooms/{id}/`.",
        parameters=[ROOM_ID],
        responses={200: RoomDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(room_detail_data(request, visible_room(request, pk)))


@extend_schema(tags=["chat"])
class RoomRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Mark a room read up to a message",
        description=(
            "Your read marker only moves forward. Marking a shared room read also keeps your "
            "place in it, so it is listed among your rooms."
        ),
        parameters=[ROOM_ID],
        request=ChatReadSerializer,
        responses={200: ChatReadStateSerializer, **error_responses(400, 401, 404, 429)},
    )
    def post(self, request, pk):
        incoming = ChatReadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        room = visible_room(request, pk)
        enter_room(person=request.user, room=room)
        mark_read(person=request.user, room=room, up_to=incoming.validated_data["up_to"])
        participant = participant_for(room=room, person=request.user)
        unread = unread_chat_counts(person_ids=[request.user.pk])[request.user.pk].get(room.pk, 0)
        return Response(
            ChatReadStateSerializer(
                {"last_read_id": participant.last_read_id if participant else 0, "unread": unread}
            ).data
        )


@extend_schema(tags=["chat"])
class RoomMute(APIView):
    permission_classes = [IsAuthenticated]
    service_field_names = {"person": "person_id"}  # api.errors: the service's name, the client's

    @extend_schema(
        summary="Mute or unmute someone in a room (its hosts, staff and moderators)",
        description="A muted person can still read the room, but cannot send in it.",
        parameters=[ROOM_ID],
        request=MuteSerializer,
        responses={200: MuteStateSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = MuteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        room = visible_room(request, pk)
        person = active_person(incoming.validated_data["person_id"], "person_id")
        participant = set_muted(
            moderator=request.user,
            room=room,
            person=person,
            muted=incoming.validated_data["muted"],
        )
        return Response(MuteStateSerializer({"person": person, "muted": participant.muted}).data)


@extend_schema(tags=["chat"])
class DropInRoom(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The chat room of one drop-in date",
        description=(
            "Made on first use. For the people booked on the date, its hosts, the organisation's "
            "staff and moderators; anyone else who can see the date gets 403 `not_allowed`. A "
            "date whose event does not use the Alongside chat room answers 404 `no_chat_room`."
        ),
        parameters=[OpenApiParameter("occurrence_id", int, OpenApiParameter.PATH)],
        responses={200: RoomDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, occurrence_id):
        occurrence = occurrence_detail(occurrence_id=occurrence_id, viewer=request.user)
        if occurrence is None:
            raise NotFound("We could not find that date.")
        try:
            room = drop_in_room(occurrence=occurrence)
        except ChatError as refusal:  # a missing thing to fetch, not a mistake in the request
            raise NotFound(refusal.message, code=refusal.code) from refusal
        if not can_enter(request.user, room):
            raise PermissionDenied(
                "Book a place on this date to join its chat room.", code="not_allowed"
            )
        return Response(room_detail_data(request, visible_room(request, room.pk)))
