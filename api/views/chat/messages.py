"""A room's history (newest first, cursor pages), sending, changing and removing messages. Every
message is in the shape of the WebSocket message frame."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.chat.messages import (
    MessageChangeSerializer,
    MessageSerializer,
    NewMessageSerializer,
    SentMessageSerializer,
)
from api.serializers.errors import error_responses
from api.shared.chat import message_as_shown, visible_message, visible_room
from community.chat.models import Message
from community.chat.permissions import sees_every_message
from community.chat.selectors import history_for
from community.chat.services.messages import edit_message, post_message, remove_message

ROOM_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
MESSAGE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class NewestMessagesFirst(CursorPagination):
    """A message sent meanwhile never shifts the next (older) page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)


@extend_schema(tags=["chat"])
class RoomMessages(GenericAPIView):
    serializer_class = MessageSerializer
    pagination_class = NewestMessagesFirst
    permission_classes = [IsAuthenticated]
    queryset = Message.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="A room's messages, newest first",
        description=(
            "Each message is exactly the WebSocket `message` frame. Messages of people you "
            "blocked are left out, and so are others' messages waiting for a moderator or "
            "hidden (moderators and the room's organisation staff see them, marked by "
            "`visibility`). Follow `next` for older messages."
        ),
        parameters=[ROOM_ID],
        responses={200: MessageSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request, pk):
        room = visible_room(request, pk)
        sees_all = sees_every_message(request.user, room)
        page = self.paginate_queryset(
            history_for(room=room, viewer_id=request.user.pk, sees_all=sees_all)
        )
        return self.get_paginated_response(MessageSerializer(page, many=True).data)

    @extend_schema(
        summary="Send a message",
        description=(
            "201 with the new message; 200 with the stored one when this `client_id` was "
            "already sent (a resend is stored once). Refusals: `empty`, `too_long`, "
            "`bad_client_id`, `client_id_used`, `too_fast` (more than the chat's rate, "
            "nothing stored), `room_closed` (a drop-in outside its time), `muted`, "
            "`too_many_links` (a new account, 400); `not_allowed` (403). A new account's "
            "message outside a drop-in is stored with `visibility` `waiting`: only its writer "
            "sees it until a moderator approves it. `urgent_help` lists where to get help now "
            "when the words suggest someone may be at risk (null otherwise)."
        ),
        parameters=[ROOM_ID],
        request=NewMessageSerializer,
        responses={
            201: SentMessageSerializer,
            200: SentMessageSerializer,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request, pk):
        incoming = NewMessageSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        message, created = post_message(
            author=request.user, room=visible_room(request, pk), **incoming.validated_data
        )
        shown = message_as_shown(message)
        shown.urgent_help = message.urgent_help
        return Response(
            SentMessageSerializer(shown).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@extend_schema(tags=["chat"])
class MessageDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Change your message (within 10 minutes of sending it)",
        parameters=[MESSAGE_ID],
        request=MessageChangeSerializer,
        responses={200: MessageSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def patch(self, request, pk):
        incoming = MessageChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        message = edit_message(
            editor=request.user,
            message=visible_message(request, pk),
            body=incoming.validated_data["body"],
        )
        return Response(MessageSerializer(message_as_shown(message)).data)

    @extend_schema(
        summary="Delete your message (within 10 minutes), or remove one (hosts, moderators)",
        description="The message keeps its place, shown as removed, without its text.",
        parameters=[MESSAGE_ID],
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        remove_message(person=request.user, message=visible_message(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
