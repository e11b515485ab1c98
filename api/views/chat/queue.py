"""'Talk privately to an advisor' at a drop-in: your place in the queue, joining and leaving it,
and (for the drop-in's helpers) the whole queue and taking the next person."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.chat.queue import QueueSerializer, TakenSerializer, TakeSerializer
from api.serializers.errors import error_responses
from api.shared.chat import visible_drop_in
from community.chat.frames import queue_frame
from community.chat.models import Room
from community.chat.permissions import can_take_from_queue
from community.chat.selectors import my_queue_entry, waiting_in
from community.chat.services.queue import join_queue, leave_queue, take_from_queue
from community.safety.selectors import kept_apart_ids

ROOM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


def _queue_data(request, room: Room) -> dict:
    if can_take_from_queue(request.user, room):
        hide = kept_apart_ids(person_id=request.user.pk)
        waiting = queue_frame(room.pk, waiting_in(room=room, hide=hide))["waiting"]
        return QueueSerializer({"helper": True, "mine": None, "waiting": waiting}).data
    entry = my_queue_entry(room=room, person=request.user)
    mine = None
    if entry is not None and entry.left is None:
        conversation = entry.conversation
        mine = {
            "id": entry.pk,
            "status": "waiting" if entry.is_waiting else "taken",
            "position": entry.position if entry.is_waiting else None,
            "joined": entry.joined,
            "conversation": {"id": conversation.pk, "url": conversation.get_absolute_url()}
            if conversation is not None
            else None,
        }
    return QueueSerializer({"helper": False, "mine": mine, "waiting": None}).data


@extend_schema(tags=["chat"])
class RoomQueue(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The queue to talk privately to an advisor",
        description=(
            "Members see their own place (`mine`); the drop-in's hosts, staff and advisors see "
            "everyone waiting, in order (`waiting`). Only drop-in rooms have a queue (404 "
            "`no_queue`). Live changes come over the WebSockets."
        ),
        parameters=[ROOM_ID],
        responses={200: QueueSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(_queue_data(request, visible_drop_in(request, pk)))

    @extend_schema(
        summary="Ask to talk privately to an advisor (join the queue)",
        description="Asking again keeps your first place. Refusals: `room_closed`, `is_helper`.",
        parameters=[ROOM_ID],
        request=None,
        responses={200: QueueSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        room = visible_drop_in(request, pk)
        join_queue(person=request.user, room=room)
        return Response(_queue_data(request, room))

    @extend_schema(
        summary="Leave the queue",
        parameters=[ROOM_ID],
        responses={204: None, **error_responses(401, 404, 429)},
    )
    def delete(self, request, pk):
        leave_queue(person=request.user, room=visible_drop_in(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["chat"])
class QueueTake(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Take the next person (or the one chosen) into a private conversation",
        description="For the drop-in's hosts, staff and advisors. Refusal: `nobody_waiting`.",
        parameters=[ROOM_ID],
        request=TakeSerializer,
        responses={201: TakenSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = TakeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        entry = take_from_queue(
            advisor=request.user,
            room=visible_drop_in(request, pk),
            entry_id=incoming.validated_data.get("entry_id"),
        )
        conversation = entry.conversation
        taken = {
            "entry": entry.pk,
            "person": entry.person,
            "conversation": conversation.pk,
            "url": conversation.get_absolute_url(),
        }
        return Response(TakenSerializer(taken).data, status=status.HTTP_201_CREATED)
