"""The moderation queue and tools: open cases, one case, acting on a case or a person, and the
audit log. Moderators see everything; an organisation's staff see their own organisation's
cases; acting on people and reading the audit log are for moderators."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.safety.moderation import (
    AuditEntrySerializer,
    AuditFilterSerializer,
    CaseActionSerializer,
    CaseDetailSerializer,
    CaseFilterSerializer,
    CaseSerializer,
    PersonActionSerializer,
    PersonStateSerializer,
)
from api.shared.safety import present_cases
from community.models import AuditLogEntry, User
from community.safety import moderation, permissions, restrictions, selectors

CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
PERSON_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="The person's id.")
QUEUE_ONLY = "Only moderators and organisation staff can see the moderation queue."


def _queue_viewer(request):
    if not permissions.can_see_queue(request.user):
        raise PermissionDenied(QUEUE_ONLY)
    return request.user


def _case_detail(request, case_id: int) -> dict:
    case = selectors.case_for_viewer(viewer=request.user, case_id=case_id)
    if case is None:
        raise Http404("No such case.")
    present_cases([case])
    case.actions = moderation.actions_allowed(actor=request.user, case=case)
    return CaseDetailSerializer(case).data


@extend_schema(tags=["safety"])
class CaseList(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Open cases you may see: urgent first, then oldest (the 50 most pressing)",
        parameters=[CaseFilterSerializer],
        responses={200: CaseSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        viewer = _queue_viewer(request)
        chosen = CaseFilterSerializer(data=request.query_params)
        chosen.is_valid(raise_exception=True)
        cases = selectors.queue_for(
            viewer=viewer,
            urgent_only=chosen.validated_data.get("urgent", False),
            kind=chosen.validated_data.get("kind", ""),
        )
        return Response(CaseSerializer(present_cases(cases), many=True).data)


@extend_schema(tags=["safety"])
class CaseDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="One case: the thing, every report, and what you may do",
        description="A case you may not see answers 404 `not_found`.",
        parameters=[CASE_ID],
        responses={200: CaseDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        _queue_viewer(request)
        return Response(_case_detail(request, pk))


@extend_schema(tags=["safety"])
class CaseAction(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Act on a case: hide, restore, remove, approve, decline, dismiss, lock, unlock, "
        "move",
        description=(
            "The reason is shown to the person who wrote it; reporters learn the outcome in "
            "words; the audit log records it. Staff may not `move`. Refusals (400): "
            "`reason_needed`, `unknown_action`, `case_closed`, `not_waiting`, `not_for_waiting`, "
            "`not_for_this_kind`; 403 `not_allowed`; 404 for a case you may not see."
        ),
        parameters=[CASE_ID],
        request=CaseActionSerializer,
        responses={200: CaseDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        viewer = _queue_viewer(request)
        case = selectors.case_for_viewer(viewer=viewer, case_id=pk)
        if case is None:
            raise Http404("No such case.")
        incoming = CaseActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        moderation.act_on_case(actor=viewer, case=case, **incoming.validated_data)
        return Response(_case_detail(request, pk))


@extend_schema(tags=["safety"])
class PersonAction(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Act on a person: warn, suspend, ban, lift, remove everything they posted",
        description=(
            "Moderators only (403 `not_allowed`). The person is told, with the reason; a "
            "suspended or banned person is refused everywhere at once. Refusals (400): "
            "`reason_needed`, `days_needed` (suspend needs 1 to 365 days), `unknown_action`."
        ),
        parameters=[PERSON_ID],
        request=PersonActionSerializer,
        responses={200: PersonStateSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        if not permissions.can_act_on_people(request.user):
            raise PermissionDenied("Only moderators can act on people.")
        person = User.objects.filter(pk=pk).first()
        if person is None:
            raise Http404("No such person.")
        incoming = PersonActionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        restrictions.act_on_person(actor=request.user, person=person, **incoming.validated_data)
        person.refresh_from_db()
        return Response(PersonStateSerializer(person).data)


@extend_schema(tags=["safety"])
class AuditLog(GenericAPIView):
    serializer_class = AuditEntrySerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = AuditLogEntry.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="The audit log, newest first (moderators)",
        description="Read-only: nobody can change or delete an entry.",
        parameters=[AuditFilterSerializer],
        responses={200: AuditEntrySerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request):
        if not permissions.can_read_audit_log(request.user):
            raise PermissionDenied("Only moderators can read the audit log.")
        chosen = AuditFilterSerializer(data=request.query_params)
        chosen.is_valid(raise_exception=True)
        filters = dict(chosen.validated_data)
        if "actor" in filters:
            filters["actor_id"] = filters.pop("actor")
        entries = selectors.audit_log_for(viewer=request.user, **filters)
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(AuditEntrySerializer(page, many=True).data)
