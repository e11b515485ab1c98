"""Events: the public list and detail, and organisers creating, changing, publishing, repeating
and cancelling them."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.events.events import (
    EventDetailSerializer,
    EventFilterSerializer,
    EventSerializer,
    EventWriteSerializer,
    ReasonSerializer,
    SeriesSerializer,
    SeriesWriteSerializer,
    event_filters,
)
from api.serializers.events.occurrences import OccurrenceDetailSerializer, OccurrenceWriteSerializer
from community.errors import CommunityError
from community.models import Organisation, Theme, User
from events.models import Event
from events.recurrence import repeats_in_words
from events.selectors import event_detail, events_list
from events.services.events import cancel_event, create_event, publish_event, update_event
from events.services.occurrences import add_occurrence
from events.services.series import create_series

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH)


def _themes(slugs: list[str] | None) -> list[Theme] | None:
    if slugs is None:
        return None
    themes = list(Theme.objects.filter(slug__in=slugs))
    if len(themes) != len(set(slugs)):
        raise CommunityError("unknown_theme", "Choose themes from the list.", field="themes")
    return themes


def _hosts(ids: list[int] | None) -> list[User] | None:
    if ids is None:
        return None
    hosts = list(User.objects.filter(pk__in=ids, is_active=True))
    if len(hosts) != len(set(ids)):
        raise CommunityError("unknown_host", "We could not find one of the hosts.", field="hosts")
    return hosts


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(
        summary="Events with dates to come",
        parameters=[EventFilterSerializer],
        responses={200: EventSerializer(many=True), **error_responses(400)},
    ),
    retrieve=extend_schema(
        summary="One event",
        description="Drafts are only found by the organisation's staff.",
        responses={200: EventDetailSerializer, **error_responses(404)},
    ),
)
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = EventSerializer
    pagination_class = NumberedPages
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"
    queryset = Event.objects.none()  # for the schema; rows come from the selectors
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return events_list(
            viewer=self.request.user, filters=event_filters(self.request.query_params)
        )

    def get_object(self) -> Event:
        event = event_detail(slug=self.kwargs["slug"], viewer=self.request.user)
        if event is None:
            raise Http404
        return event

    def retrieve(self, request, *args, **kwargs):
        return Response(EventDetailSerializer(self.get_object()).data)

    @extend_schema(
        summary="Add an event, as a draft (the organisation's staff)",
        request=EventWriteSerializer,
        responses={201: EventDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def create(self, request, *args, **kwargs):
        data = self._write_data()
        if "organisation" not in data or "title" not in data:
            raise CommunityError(
                "invalid", "Give the organisation and a title.", field="organisation"
            )
        organisation = get_object_or_404(Organisation, slug=data.pop("organisation"))
        event = create_event(creator=request.user, organisation=organisation, **data)
        return Response(EventDetailSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an event (the organisation's staff)",
        request=EventWriteSerializer,
        responses={200: EventDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        data = self._write_data()
        data.pop("organisation", None)
        event = update_event(editor=request.user, event=self.get_object(), **data)
        return Response(EventDetailSerializer(event).data)

    def _write_data(self) -> dict:
        incoming = EventWriteSerializer(data=self.request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "themes" in data:
            data["themes"] = _themes(data["themes"])
        if "hosts" in data:
            data["hosts"] = _hosts(data["hosts"])
        return data

    @extend_schema(
        summary="Publish a draft event",
        request=None,
        responses={200: EventDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, slug=None):
        event = publish_event(publisher=request.user, event=self.get_object())
        return Response(EventDetailSerializer(event).data)

    @extend_schema(
        summary="Cancel an event and all its dates to come; everyone booked is told",
        request=ReasonSerializer,
        responses={200: EventDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, slug=None):
        reason = ReasonSerializer(data=request.data)
        reason.is_valid(raise_exception=True)
        event = cancel_event(
            canceller=request.user, event=self.get_object(), **reason.validated_data
        )
        return Response(EventDetailSerializer(event).data)

    @extend_schema(
        summary="Make the event repeat by a rule (dates are stored 12 months ahead)",
        request=SeriesWriteSerializer,
        responses={201: SeriesSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def series(self, request, slug=None):
        incoming = SeriesWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        series = create_series(
            creator=request.user, event=self.get_object(), **incoming.validated_data
        )
        body = {
            **vars(series),
            "occurrences": series.occurrences.count(),
            "repeats_in_words": repeats_in_words(
                rule=series.rule, until=series.until, count=series.count
            ),
        }
        return Response(SeriesSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a single date (a workshop) to the event",
        request=OccurrenceWriteSerializer,
        responses={201: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"], url_path="dates")
    def add_date(self, request, slug=None):
        incoming = OccurrenceWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        occurrence = add_occurrence(
            creator=request.user, event=self.get_object(), **incoming.validated_data
        )
        return Response(
            OccurrenceDetailSerializer(occurrence, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
