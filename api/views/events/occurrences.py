"""Dates of events: lists with places left, one date with the viewer's own details, organisers
and the date's hosts cancelling, moving or adding a note to one date, staff changing one date or
booking a place on it for someone, and the dates a person hosts."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.events.events import (
    EventFilterSerializer,
    ReasonSerializer,
    event_filters,
)
from api.serializers.events.occurrences import (
    DateNoteSerializer,
    MoveSerializer,
    OccurrenceChangeSerializer,
    OccurrenceDetailSerializer,
    OccurrenceSerializer,
)
from api.serializers.events.registers import BookForSomeoneSerializer, RegisterEntrySerializer
from community.errors import CommunityError, NotAllowed
from community.models import User
from events.models import Occurrence
from events.permissions import can_book_for_someone
from events.selectors import hosted_dates, occurrence_detail, upcoming_occurrences
from events.services.booking_for_someone import find_member_to_book
from events.services.bookings import book_for_someone
from events.services.occurrences import (
    add_date_note,
    cancel_occurrence,
    change_occurrence,
    move_occurrence,
)

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
        summary="Cancel one date (staff and its hosts); everyone booked and waiting is told",
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
        summary="Move one date (staff and its hosts); everyone booked and waiting is told",
        description="The reason is in the message everyone booked and waiting is sent.",
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

    @extend_schema(
        summary="A note on one date (staff and its hosts); everyone booked and waiting is told",
        description="Shown beside the date. An empty note takes it away and tells nobody.",
        request=DateNoteSerializer,
        responses={200: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        incoming = DateNoteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        occurrence = add_date_note(
            editor=request.user, occurrence=self.get_object(), **incoming.validated_data
        )
        return self._detail(occurrence)

    @extend_schema(
        summary="Book a place for someone (the organisation's staff, before the date starts)",
        description=(
            "`email` books the member with exactly that address (or answers 400 `no_account`; "
            "accounts cannot be searched, look-ups are limited per staff member: 429 "
            "`too_fast`). Without it, `name` books a place for someone who has no account. A "
            "member who already has their own place on the date is 400 `already_booked`."
        ),
        request=BookForSomeoneSerializer,
        responses={201: RegisterEntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def bookings(self, request, pk=None):
        incoming = BookForSomeoneSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        occurrence = self.get_object()
        if not can_book_for_someone(request.user, occurrence):
            # Before any look-up: whether an address has an account is for staff only.
            raise NotAllowed("Only the organisation's staff can book places for people.")
        email, person = data.pop("email", ""), None
        # api.errors: the service's "person" (already booked, account closed) is the client's
        # "email".
        self.service_field_names = {"person": "email"}
        if email:
            person = find_member_to_book(staff=request.user, occurrence=occurrence, email=email)
            data["name"] = ""
        booking = book_for_someone(staff=request.user, occurrence=occurrence, person=person, **data)
        return Response(RegisterEntrySerializer(booking).data, status=status.HTTP_201_CREATED)


PAST = OpenApiParameter(
    "past", bool, description="1: the dates that are over (the latest 50), latest first."
)


@extend_schema(
    tags=["events"],
    summary="The dates I host",
    description="Dates still to come, soonest first; with ?past=1 the latest that are over.",
    parameters=[PAST],
    responses={200: OccurrenceSerializer(many=True), **error_responses(401)},
)
class HostingView(generics.ListAPIView):
    serializer_class = OccurrenceSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = Occurrence.objects.none()  # for the schema; rows come from the selector

    def get_queryset(self):
        past = self.request.query_params.get("past", "") in ("1", "true", "yes")
        return hosted_dates(self.request.user, past=past)
