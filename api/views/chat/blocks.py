"""The people you blocked: their chat messages are hidden from you, neither of you sees the
other's presence, and no private conversation can start between you. They are never told."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.chat.blocks import BlockSerializer, NewBlockSerializer
from api.serializers.errors import error_responses
from api.shared.chat import active_person
from community.models import User
from community.safety.selectors import blocked_by
from community.safety.services import block_person, unblock_person


@extend_schema(tags=["chat"])
class BlockList(APIView):
    permission_classes = [IsAuthenticated]
    service_field_names = {"person": "person_id"}

    @extend_schema(
        summary="The people you blocked, the latest first",
        responses={200: BlockSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        return Response(BlockSerializer(blocked_by(person=request.user), many=True).data)

    @extend_schema(
        summary="Block someone",
        description="Blocking someone already blocked changes nothing.",
        request=NewBlockSerializer,
        responses={201: BlockSerializer, **error_responses(400, 401, 429)},
    )
    def post(self, request):
        incoming = NewBlockSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        blocked = active_person(incoming.validated_data["person_id"], "person_id")
        block = block_person(blocker=request.user, blocked=blocked)
        return Response(BlockSerializer(block).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["chat"])
class BlockDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Unblock someone",
        parameters=[OpenApiParameter("person_id", int, OpenApiParameter.PATH)],
        responses={204: None, **error_responses(401, 404, 429)},
    )
    def delete(self, request, person_id):
        blocked = User.objects.filter(pk=person_id).first()
        if blocked is None or not unblock_person(blocker=request.user, blocked=blocked):
            raise NotFound("You have not blocked that person.")
        return Response(status=status.HTTP_204_NO_CONTENT)
