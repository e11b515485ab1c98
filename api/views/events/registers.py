"""The register of one date, for its hosts and the organisation's staff."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.events.registers import (
    AttendanceSerializer,
    RegisterEntrySerializer,
    WalkInSerializer,
)
from community.errors import CommunityError, NotAllowed
from community.models import User
from events.models import Booking, Occurrence
from events.permissions import can_take_register
from events.selectors import register_for
from events.services.registers import add_walk_in, mark_attendance, register_csv


def _occurrence(request, pk: int) -> Occurrence:
    occurrence = Occurrence.objects.select_related("event__organisation").filter(pk=pk).first()
    if occurrence is None:
        raise Http404
    if not can_take_register(request.user, occurrence):
        raise NotAllowed("Only the hosts and staff can see the register.")
    return occurrence


class RegisterView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["registers"],
        summary="Everyone with a place on this date, with their access needs",
        responses={200: RegisterEntrySerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk: int):
        occurrence = _occurrence(request, pk)
        return Response(
            RegisterEntrySerializer(register_for(occurrence=occurrence), many=True).data
        )


class RegisterCsvView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["registers"],
        summary="The register as a CSV file",
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request, pk: int):
        occurrence = _occurrence(request, pk)
        response = HttpResponse(
            register_csv(viewer=request.user, occurrence=occurrence), content_type="text/csv"
        )
        response["Content-Disposition"] = f'attachment; filename="register-{occurrence.pk}.csv"'
        return response


class AttendanceView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["registers"],
        summary="Mark whether someone came",
        request=AttendanceSerializer,
        responses={200: RegisterEntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def patch(self, request, pk: int, booking_id: int):
        occurrence = _occurrence(request, pk)
        incoming = AttendanceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        booking = get_object_or_404(
            Booking.objects.select_related("person", "occurrence__event"),
            pk=booking_id,
            occurrence=occurrence,
        )
        booking = mark_attendance(
            marker=request.user, booking=booking, attended=incoming.validated_data["attended"]
        )
        return Response(RegisterEntrySerializer(booking).data)


class WalkInView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["registers"],
        summary="Add someone who came without booking",
        request=WalkInSerializer,
        responses={201: RegisterEntrySerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk: int):
        occurrence = _occurrence(request, pk)
        incoming = WalkInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        person = None
        if data.get("person"):
            person = User.objects.filter(pk=data["person"], is_active=True).first()
            if person is None:
                raise CommunityError(
                    "unknown_person", "We could not find that person.", field="person"
                )
        booking = add_walk_in(
            marker=request.user,
            occurrence=occurrence,
            name=data["name"],
            person=person,
            companions=data["companions"],
        )
        return Response(RegisterEntrySerializer(booking).data, status=status.HTTP_201_CREATED)
