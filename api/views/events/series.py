"""A repeating event changed as a whole, for organisers: a new rule from a date on (with a
preview of what it does), skipping several dates at once, ending it early. The rules are the
events services'; these views parse, call one, and answer."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.events.series import (
    EndSeriesSerializer,
    SeriesChangeSerializer,
    SeriesDatesCancelledSerializer,
    SeriesPlanSerializer,
    SkipDatesSerializer,
)
from events.models import Event, Occurrence, Series
from events.recurrence import repeats_in_words
from events.selectors import event_detail
from events.series_plans import NewRule, SeriesPlan, plan_series_change
from events.services.series_changes import change_series, end_series, skip_dates

ERRORS = error_responses(400, 401, 403, 404, 429)


def _series_of(request: Request, slug: str) -> Series:
    event = event_detail(slug=slug, viewer=request.user)
    if event is None:
        raise Http404
    try:
        return event.series
    except Event.series.RelatedObjectDoesNotExist:
        raise Http404("This event does not repeat.") from None


def series_body(series: Series) -> dict:
    return {
        **vars(series),
        "occurrences": series.occurrences.count(),
        "repeats_in_words": repeats_in_words(
            rule=series.rule, until=series.until, count=series.count
        ),
    }


def _cancelled(occurrence: Occurrence, booked: int) -> dict:
    return {"id": occurrence.pk, "start": occurrence.start, "booked": booked}


def _dates_cancelled(cancelled: list[Occurrence], series: Series) -> Response:
    """The answer of skip and end: the dates they cancelled, and the series as it is now."""
    body = {
        "cancelled": [_cancelled(o, o.places_taken) for o in cancelled],
        "series": series_body(series),
    }
    return Response(SeriesDatesCancelledSerializer(body).data)


def plan_body(plan: SeriesPlan, series: Series, *, preview: bool) -> dict:
    return {
        "preview": preview,
        "from_date": plan.new_rule.from_date,
        "repeats_in_words": plan.new_rule.in_words(),
        "moved": [
            {
                "id": change.occurrence.pk,
                "was": change.occurrence.start,
                "start": change.start,
                "end": change.end,
                "booked": len(change.people),
            }
            for change in plan.moved
        ],
        "cancelled": [_cancelled(c.occurrence, len(c.people)) for c in plan.cancelled],
        "added": plan.added,
        "people_affected": plan.people_affected,
        "series": series_body(series),
    }


class SeriesChangeView(APIView):
    permission_classes = [IsAuthenticated]
    # The services' names for inputs, as this endpoint's clients send them.
    service_field_names = {"duration": "duration_minutes"}

    @extend_schema(
        tags=["events"],
        summary="Change how the event repeats from a date on (time, days, length, end)",
        description=(
            "Dates on a day the new rule keeps move to the new time, bookings kept; dates on a "
            "day it drops are cancelled and the people booked are offered the nearest new date. "
            "Everyone booked is told. With `preview` nothing changes: the answer says what would."
        ),
        request=SeriesChangeSerializer,
        responses={200: SeriesPlanSerializer, **ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        series = _series_of(request, slug)
        incoming = SeriesChangeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        preview = data.pop("preview")
        new_rule = NewRule(**data)
        if preview:
            plan = plan_series_change(viewer=request.user, series=series, new_rule=new_rule)
        else:
            plan = change_series(editor=request.user, series=series, new_rule=new_rule)
            series.refresh_from_db()
        return Response(SeriesPlanSerializer(plan_body(plan, series, preview=preview)).data)


class SeriesSkipView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["events"],
        summary="Skip several dates of a repeating event, or every bank holiday in England",
        request=SkipDatesSerializer,
        responses={200: SeriesDatesCancelledSerializer, **ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        series = _series_of(request, slug)
        incoming = SkipDatesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        skipped = skip_dates(
            editor=request.user,
            series=series,
            dates=data["dates"],
            bank_holidays_too=data["bank_holidays"],
            reason=data["reason"],
        )
        return _dates_cancelled(skipped.cancelled, skipped.series)


class SeriesEndView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["events"],
        summary="End a repeating event after a date: later dates are cancelled",
        request=EndSeriesSerializer,
        responses={200: SeriesDatesCancelledSerializer, **ERRORS},
    )
    def post(self, request: Request, slug: str) -> Response:
        series = _series_of(request, slug)
        incoming = EndSeriesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ended = end_series(editor=request.user, series=series, **incoming.validated_data)
        return _dates_cancelled(ended.cancelled, ended.series)
