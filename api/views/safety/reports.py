"""Report a concern, and your own reports with what happened to each."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.safety.reports import (
    ReportCreatedSerializer,
    ReportInSerializer,
    ReportSerializer,
)
from community.safety import reports, selectors, signposting
from community.safety.models import Report


@extend_schema(tags=["safety"])
class ReportList(GenericAPIView):
    serializer_class = ReportSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = Report.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="Your reports, newest first, with what happened",
        responses={200: ReportSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.reports_made_by(person=request.user))
        for report in page:
            report.outcome_words = selectors.outcome_words(report.case)
        return self.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        summary="Report a concern about a post, topic, chat message, profile, event or request",
        description=(
            "Moderators look at it; the person reported is not told who reported them. Reason "
            "`safety` tells moderators and the organisation's staff at once, and the answer's "
            "`urgent_help` lists where to get help now: show it to the reporter first. "
            "Refusals (400): `unknown_kind`, `not_found` (nothing you can see has that id), "
            "`own_content`, `already_reported`, `invalid_reason`, `note_too_long`; "
            "429 `too_fast`."
        ),
        request=ReportInSerializer,
        responses={201: ReportCreatedSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        incoming = ReportInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        report = reports.report_concern(reporter=request.user, **incoming.validated_data)
        case = report.case
        help_now = None
        if report.reason == Report.Reason.SAFETY:
            help_now = signposting.urgent_help(case.organisation)
        created = {
            "id": report.pk,
            "kind": case.kind,
            "object_id": case.object_id,
            "reason": report.reason,
            "urgent": case.urgent,
            "urgent_help": help_now,
        }
        return Response(ReportCreatedSerializer(created).data, status=status.HTTP_201_CREATED)
