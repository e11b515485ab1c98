"""A person's own bookings and waiting-list places: booking (for themselves or for each person
they care for), changing a booking in place, cancelling, leaving the list, and accepting or
declining a place offered from it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.events.bookings import (
    BookingChangeRequestSerializer,
    BookingChangeResultSerializer,
    BookingSerializer,
    BookRequestSerializer,
    BookResultSerializer,
    CalendarFeedSerializer,
    WaitingListEntrySerializer,
)
from events.links import absolute, personal_feed_url, webcal
from events.models import Booking, WaitingListEntry
from events.selectors import feed_token_for, my_bookings, my_waiting_list, occurrence_detail
from events.services.booking_changes import change_booking
from events.services.bookings import book_place, cancel_booking
from events.services.feeds import regenerate_feed_token
from events.services.offers import accept_offer, decline_offer
from events.services.waiting_list import leave_waiting_list


@extend_schema(tags=["bookings"])
@extend_schema_view(
    list=extend_schema(
        summary="Your bookings to come",
        responses={200: BookingSerializer(many=True), **error_responses(401)},
    ),
)
class BookingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = BookingSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = Booking.objects.none()  # for the schema; rows come from the selectors
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return my_bookings(person=self.request.user, with_access_answers=True)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        for booking in page:
            _places_from_annotation(booking)
        return self.get_paginated_response(BookingSerializer(page, many=True).data)

    @extend_schema(
        summary="Book a place (or, with wait_if_full, join the waiting list when full)",
        request=BookRequestSerializer,
        responses={201: BookResultSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def create(self, request, *args, **kwargs):
        incoming = BookRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        occurrence = occurrence_detail(occurrence_id=data.pop("occurrence"), viewer=request.user)
        if occurrence is None:
            raise Http404
        data["access_needs"] = sorted(data.get("access_needs", ()))
        # The service answers with the date counted after the change, and the queue position.
        result = book_place(person=request.user, occurrence=occurrence, **data)
        if isinstance(result, WaitingListEntry):
            body = {"outcome": "waiting", "booking": None, "waiting": result}
        else:
            body = {"outcome": "booked", "booking": result, "waiting": None}
        return Response(BookResultSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=(
            "Change your booking in place (companions, whom it is for, access needs, notes, "
            "how you join); with wait_for_more, wait for extra places keeping the booking"
        ),
        request=BookingChangeRequestSerializer,
        responses={200: BookingChangeResultSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def partial_update(self, request, *args, **kwargs):
        booking = _own_booking(request, kwargs["pk"])
        incoming = BookingChangeRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        if "access_needs" in data:
            data["access_needs"] = sorted(data["access_needs"])
        change = change_booking(changer=request.user, booking=booking, **data)
        body = {"booking": change.booking, "waiting": change.waiting, "message": change.message}
        return Response(BookingChangeResultSerializer(body).data)

    @extend_schema(
        summary="Cancel your booking; the place goes to the first person waiting who fits",
        request=None,
        responses={200: BookingSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = _own_booking(request, pk)
        booking = cancel_booking(canceller=request.user, booking=booking)
        return Response(BookingSerializer(booking).data)


def _own_booking(request, pk) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("occurrence__event__organisation", "occurrence__host"),
        pk=pk,
        person=request.user,
    )


def _places_from_annotation(booking):
    occurrence = booking.occurrence
    occurrence.places_left = booking.occurrence_places_left
    occurrence.waiting_count = booking.occurrence_waiting_count


@extend_schema(tags=["bookings"])
@extend_schema_view(
    list=extend_schema(
        summary="Your places on waiting lists, with your position",
        responses={200: WaitingListEntrySerializer(many=True), **error_responses(401)},
    ),
    destroy=extend_schema(
        summary="Leave a waiting list",
        responses={204: None, **error_responses(400, 401, 403, 404, 429)},
    ),
)
class WaitingListViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    serializer_class = WaitingListEntrySerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = WaitingListEntry.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return my_waiting_list(person=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        for entry in page:
            _places_from_annotation(entry)
        return self.get_paginated_response(WaitingListEntrySerializer(page, many=True).data)

    def destroy(self, request, *args, **kwargs):
        entry = get_object_or_404(WaitingListEntry, pk=kwargs["pk"], person=request.user)
        leave_waiting_list(person=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Accept a place offered to you from the waiting list, before it expires",
        request=None,
        responses={200: BookingSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        booking = accept_offer(person=request.user, entry=_own_entry(request, pk))
        return Response(BookingSerializer(booking).data)

    @extend_schema(
        summary="Decline a place offered to you; it goes to the next person waiting",
        request=None,
        responses={200: WaitingListEntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        entry = decline_offer(person=request.user, entry=_own_entry(request, pk))
        return Response(WaitingListEntrySerializer(entry).data)


def _own_entry(request, pk) -> WaitingListEntry:
    return get_object_or_404(
        WaitingListEntry.objects.select_related(
            "occurrence__event__organisation", "occurrence__host", "adds_to"
        ),
        pk=pk,
        person=request.user,
    )


class CalendarFeedView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["bookings"],
        summary="Your personal calendar feed address",
        responses={200: CalendarFeedSerializer, **error_responses(401)},
    )
    def get(self, request):
        return Response(_feed(feed_token_for(person=request.user).token))

    @extend_schema(
        tags=["bookings"],
        summary="Make a new feed address; the old one stops working",
        request=None,
        responses={200: CalendarFeedSerializer, **error_responses(401, 429)},
    )
    def post(self, request):
        return Response(_feed(regenerate_feed_token(person=request.user).token))


def _feed(token: str) -> dict:
    url = absolute(personal_feed_url(token))
    return CalendarFeedSerializer({"url": url, "webcal_url": webcal(url)}).data
