"""A date's own theme ("This week: employing a PA"), set by the organisation's staff and the
date's hosts."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.events.occurrences import DateThemeSerializer, OccurrenceDetailSerializer
from events.selectors import occurrence_detail
from events.services.themes import set_date_theme


class DateThemeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["events"],
        summary="Set or take away one date's theme (staff and the date's hosts)",
        description="Nobody is notified; the date's feeds show the theme in its title.",
        request=DateThemeSerializer,
        responses={200: OccurrenceDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def patch(self, request, pk: int):
        occurrence = occurrence_detail(occurrence_id=pk, viewer=request.user)
        if occurrence is None:
            raise Http404
        incoming = DateThemeSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        occurrence = set_date_theme(
            editor=request.user,
            occurrence=occurrence,
            theme=data.get("theme", occurrence.theme),
            description=data.get("description", occurrence.theme_description),
        )
        return Response(OccurrenceDetailSerializer(occurrence, context={"request": request}).data)
