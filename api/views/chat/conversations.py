"""Private conversations: starting one (or finding the one two people already have), and an
advisor handing one on to their organisation's staff."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.chat.rooms import (
    HandedOnSerializer,
    HandOnSerializer,
    PersonIdSerializer,
    RoomDetailSerializer,
)
from api.serializers.errors import error_responses
from api.shared.chat import NO_ROOM, active_person, room_detail_data, visible_room
from community.chat.services.rooms import existing_conversation, hand_to_staff, start_conversation


@extend_schema(tags=["chat"])
class Conversations(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Start a private conversation with someone (or open the one you have)",
        description=(
            "Members may start one with a peer advisor or planning partner, or with someone "
            "they already talk with; advisors, planning partners, staff and moderators with "
            "anyone; never across a block. Otherwise 403 `not_allowed`. 201 when a conversation "
            "was started, 200 when you already had one."
        ),
        request=PersonIdSerializer,
        responses={
            201: RoomDetailSerializer,
            200: RoomDetailSerializer,
            **error_responses(400, 401, 403, 429),
        },
    )
    def post(self, request):
        incoming = PersonIdSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        other = active_person(incoming.validated_data["person_id"], "person_id")
        had = existing_conversation(request.user, other) is not None
        room = start_conversation(starter=request.user, other=other)
        return Response(
            room_detail_data(request, visible_room(request, room.pk)),
            status=status.HTTP_200_OK if had else status.HTTP_201_CREATED,
        )


@extend_schema(tags=["chat"])
class ConversationHandOn(APIView):
    permission_classes = [IsAuthenticated]
    service_field_names = {"staff": "staff_id"}

    @extend_schema(
        summary="Hand a private conversation on to your organisation's staff (advisors)",
        description=(
            "The staff member joins, you leave, and the member is told in the conversation. "
            "Refusal: `not_staff` (400)."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        request=HandOnSerializer,
        responses={200: HandedOnSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = HandOnSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        conversation = visible_room(request, pk)
        if not conversation.is_private:
            raise NotFound(NO_ROOM)
        staff = active_person(incoming.validated_data["staff_id"], "staff_id")
        hand_to_staff(advisor=request.user, conversation=conversation, staff=staff)
        return Response(HandedOnSerializer({"conversation": conversation.pk, "staff": staff}).data)
