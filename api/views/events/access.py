"""Access needs to arrange, for an organisation's staff: the to-do list and the answer to one
need (the booker is told)."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.events.access import (
    AccessAnswerSerializer,
    AccessFilterSerializer,
    AccessRequestSerializer,
)
from community.errors import NotAllowed
from community.permissions import can_manage_events
from community.selectors import organisations_list
from events.models import AccessRequest
from events.selectors import access_answered, access_to_arrange
from events.services.access_requests import answer_access_request


@extend_schema(tags=["access needs"])
@extend_schema_view(
    list=extend_schema(
        summary="An organisation's access needs to arrange (its staff)",
        parameters=[AccessFilterSerializer],
        responses={
            200: AccessRequestSerializer(many=True),
            **error_responses(400, 401, 403, 404),
        },
    ),
)
class AccessRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = AccessRequestSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = AccessRequest.objects.none()  # for the schema; rows come from the selectors
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        filters = AccessFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        organisation = (
            organisations_list().filter(slug=filters.validated_data["organisation"]).first()
        )
        if organisation is None:
            raise Http404
        if not can_manage_events(self.request.user, organisation):
            raise NotAllowed("Only staff of this organisation can see its access needs.")
        status = filters.validated_data["status"]
        if status == AccessRequest.Status.TO_ARRANGE:
            return access_to_arrange(organisation=organisation)
        return access_answered(organisation=organisation).filter(status=status)

    @extend_schema(
        summary="Answer one access need: arranged, or it cannot be (the booker is told)",
        request=AccessAnswerSerializer,
        responses={200: AccessRequestSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        incoming = AccessAnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        item = (
            AccessRequest.objects.select_related(
                "booking__person",
                "booking__booked_by",
                "booking__occurrence__event__organisation",
            )
            .filter(pk=pk)
            .first()
        )
        if item is None:
            raise Http404
        answered = answer_access_request(
            staff=request.user,
            request=item,
            status=incoming.validated_data["status"],
            reply=incoming.validated_data["reply"],
        )
        return Response(AccessRequestSerializer(answered).data)
