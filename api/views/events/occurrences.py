"""Dates of events: lists with places left, one date with the viewer's own details, and
organisers cancelling, moving or changing one date."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.events.events import (
    EventFilterSerializer,
    ReasonSerializer,
    event_filters,
)
from api.serializers.events.occurrences import (
    MoveSerializer,
    OccurrenceChangeSerializer,
    OccurrenceDetailSerializer,
    OccurrenceSerializer,
)
from community.errors import CommunityError
from community.models import User
from events.models import Occurrence
from events.selectors import occurrence_detail, upcoming_occurrences
from events.services.occurrences import cancel_occurrence, change_occurrence, move_occurrence

EVENT = OpenApiParameter("event", str, description="Only the dates of this event (its slug).")


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(
        summary="Dates to come, with places left",
        parameters=[EventFilterSerializer, EVENT],
        responses={200: OccurrenceSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One date",
        description="The joining link is only given to people booked on it, hosts and staff.",
        responses={200: OccurrenceDetailSerializer, **error_responses(404)},
    ),
)
class OccurrenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = OccurrenceSerializer
    pagination_class = NumberedPages
    queryset = Occurrence.objects.none()  # for the schema; rows come from the selectors
    lookup_value_regex = r"\d+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        occurrences = upcoming_occurrences(
            viewer=self.request.user, filters=event_filters(self.request.query_params)
        )
        if self.request.query_params.get("event"):
            occurrences = occurrences.filter(event__slug=self.request.query_params["event"])
        return occurrences

    def get_object(self) -> Occurrence:
        occurrence = occurrence_detail(occurrence_id=self.kwargs["pk"], viewer=self.request.user)
        if occurrence is None:
            raise Http404
        return occurrence

    def _detail(self, occurrence: Occurrence) -> Response:
        # The services answer with the date as changed, its places counted: nothing to read again.
        return Response(
            OccurrenceDetailSerializer(occurrence, context={"request": self.request}).data
        )

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Change one date's places or host (the organisation's staff)",
        request=OccurrenceChangeSerializer,
        responses={200: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        incoming = OccurrenceChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        host, clear_host = None, False
        if "host" in data:
            if data["host"] is None:
                clear_host = True
            else:
                host = User.objects.filter(pk=data["host"], is_active=True).first()
                if host is None:
                    raise CommunityError(
                        "unknown_host", "We could not find that person.", field="host"
                    )
        occurrence = change_occurrence(
            editor=request.user,
            occurrence=self.get_object(),
            host=host,
            clear_host=clear_host,
            capacity=data.get("capacity"),
        )
        return self._detail(occurrence)

    @extend_schema(
        summary="Cancel one date; everyone booked and waiting is told",
        request=ReasonSerializer,
        responses={200: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        occurrence = cancel_occurrence(
            canceller=request.user, occurrence=self.get_object(), **reason.validated_data
        )
        return self._detail(occurrence)

    @extend_schema(
        summary="Move one date to a new time; everyone booked and waiting is told",
        request=MoveSerializer,
        responses={200: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        incoming = MoveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        occurrence = move_occurrence(
            mover=request.user, occurrence=self.get_object(), **incoming.validated_data
        )
        return self._detail(occurrence)
