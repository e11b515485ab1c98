"""Support plans: the member's own plan, which they change section by section (every version
kept), comments from their planning partner, who else may read it, and planning sessions.
A plan someone may not see answers 404 `not_found`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.support.plans import (
    CommentSerializer,
    NewCommentSerializer,
    NewPlanSerializer,
    NewSessionSerializer,
    NewShareSerializer,
    OrganisationAccessSerializer,
    PartnerChoiceSerializer,
    PlanDetailSerializer,
    PlanRevisionSerializer,
    PlanSerializer,
    ResolveSerializer,
    SectionEditSerializer,
    SectionSerializer,
    SessionSerializer,
    ShareSerializer,
)
from api.shared.chat import active_person
from api.shared.support import visible_plan
from community.errors import CommunityError, NotAllowed
from community.support import plan_permissions
from community.support.models import Plan, PlanRevision, PlanSection
from community.support.plan_selectors import plans_for, section_history
from community.support.selectors import request_for
from community.support.services.plans import (
    book_planning_session,
    cancel_planning_session,
    comment_on_plan,
    edit_section,
    remove_partner,
    resolve_comment,
    set_organisation_can_see,
    set_partner,
    share_plan,
    start_plan,
    unshare_plan,
)

PLAN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
PART = OpenApiParameter(
    "part", str, OpenApiParameter.PATH, enum=PlanSection.Part.values, description="Which section."
)
HIDDEN = "A plan you may not see answers 404 `not_found`."
NOT_OWNER = "Only the member whose plan it is decides who may read it."
NOT_OWNER_PARTNER = "Only the member whose plan it is chooses their planning partner."


def _parts(plan: Plan) -> dict[int, str]:
    return {section.pk: section.part for section in plan.sections.all()}


def detail_data(request, plan: Plan) -> dict:
    viewer = request.user
    plan.can = {
        "edit": plan_permissions.can_edit_plan(viewer, plan),
        "comment": plan_permissions.can_comment_on_plan(viewer, plan),
        "share": plan_permissions.can_share_plan(viewer, plan),
        "book_session": plan_permissions.can_book_planning_session(viewer, plan),
    }
    plan.planning_sessions = plan.sessions.all()
    context = {"parts": _parts(plan), "viewer": viewer}
    return PlanDetailSerializer(plan, context=context).data


def _section(plan: Plan, part: str) -> PlanSection:
    section = next((s for s in plan.sections.all() if s.part == part), None)
    if section is None:
        raise NotFound("That plan has no such section.")
    return section


@extend_schema(tags=["support"])
class PlanList(GenericAPIView):
    serializer_class = PlanSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = Plan.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="Plans you have a part in: your own, as planning partner, and shared with you",
        responses={200: PlanSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        plans = (
            plans_for(person=request.user)
            .select_related("organisation")
            .order_by("-updated", "-pk")
        )
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(PlanSerializer(page, many=True).data)

    @extend_schema(
        summary="Start a support plan",
        description=(
            "With `request_id`, from your request for help with a support plan once someone "
            "has taken it: they become your planning partner (starting again from the same "
            "request gives the same plan). Refusals: `unknown_request` (400), `not_allowed` "
            "(403)."
        ),
        request=NewPlanSerializer,
        responses={201: PlanDetailSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        incoming = NewPlanSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        support_request = None
        if data.get("request_id"):
            support_request = request_for(viewer=request.user, request_id=data["request_id"])
            if support_request is None:
                raise CommunityError(
                    "unknown_request", "We could not find that request.", field="request_id"
                )
        plan = start_plan(owner=request.user, request=support_request, title=data["title"])
        return Response(
            detail_data(request, visible_plan(request, plan.pk)), status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["support"])
class PlanDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="One plan: its sections, comments and planning sessions",
        description=HIDDEN,
        parameters=[PLAN_ID],
        responses={200: PlanDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(detail_data(request, visible_plan(request, pk)))


@extend_schema(tags=["support"])
class SectionEdit(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Change one section of your plan",
        description=f"The member only. Every saved version is kept. {HIDDEN}",
        parameters=[PLAN_ID, PART],
        request=SectionEditSerializer,
        responses={200: SectionSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def put(self, request, pk, part):
        incoming = SectionEditSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = visible_plan(request, pk)
        _section(plan, part)
        section = edit_section(
            person=request.user, plan=plan, part=part, body=incoming.validated_data["body"]
        )
        return Response(SectionSerializer(section).data)


@extend_schema(tags=["support"])
class SectionHistory(GenericAPIView):
    serializer_class = PlanRevisionSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = PlanRevision.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="Every saved version of one section, newest first",
        description=HIDDEN,
        parameters=[PLAN_ID, PART],
        responses={200: PlanRevisionSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request, pk, part):
        plan = visible_plan(request, pk)
        _section(plan, part)
        page = self.paginate_queryset(section_history(viewer=request.user, plan=plan, part=part))
        return self.get_paginated_response(PlanRevisionSerializer(page, many=True).data)


@extend_schema(tags=["support"])
class PlanComments(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Comment on a plan (its member, planning partner, or people it is shared with)",
        description=(
            'Leave `part` out (or "") to comment on the plan as a whole. The member is told. '
            f"{HIDDEN}"
        ),
        parameters=[PLAN_ID],
        request=NewCommentSerializer,
        responses={201: CommentSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = NewCommentSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = comment_on_plan(
            person=request.user, plan=visible_plan(request, pk), **incoming.validated_data
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class CommentResolve(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Mark a comment as dealt with, or open it again (the member)",
        description=HIDDEN,
        parameters=[PLAN_ID, OpenApiParameter("comment_id", int, OpenApiParameter.PATH)],
        request=ResolveSerializer,
        responses={200: CommentSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk, comment_id):
        incoming = ResolveSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = visible_plan(request, pk)
        comment = next((c for c in plan.comments.all() if c.pk == comment_id), None)
        if comment is None:
            raise NotFound("We could not find that comment.")
        comment = resolve_comment(
            person=request.user, comment=comment, resolved=incoming.validated_data["resolved"]
        )
        return Response(CommentSerializer(comment, context={"parts": _parts(plan)}).data)


@extend_schema(tags=["support"])
class PlanShares(APIView):
    permission_classes = [IsAuthenticated]
    service_field_names = {"person": "person_id"}

    @extend_schema(
        summary="Who else may read your plan (the member)",
        description=f"{NOT_OWNER} Anyone else: 403 `not_allowed`. {HIDDEN}",
        parameters=[PLAN_ID],
        responses={200: ShareSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        plan = visible_plan(request, pk)
        if not plan_permissions.can_share_plan(request.user, plan):
            raise NotAllowed(NOT_OWNER)
        return Response(ShareSerializer(plan.shares.all(), many=True).data)

    @extend_schema(
        summary="Let someone read your plan (and comment, if you choose)",
        description=f"They are told. Sharing again changes `can_comment`. {HIDDEN}",
        parameters=[PLAN_ID],
        request=NewShareSerializer,
        responses={201: ShareSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = NewShareSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = visible_plan(request, pk)
        share = share_plan(
            owner=request.user,
            plan=plan,
            person=active_person(incoming.validated_data["person_id"], "person_id"),
            can_comment=incoming.validated_data["can_comment"],
        )
        return Response(ShareSerializer(share).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class PlanShareDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Stop someone reading your plan",
        description=f"{NOT_OWNER} {HIDDEN}",
        parameters=[PLAN_ID, OpenApiParameter("person_id", int, OpenApiParameter.PATH)],
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk, person_id):
        plan = visible_plan(request, pk)
        if not plan_permissions.can_share_plan(request.user, plan):
            raise NotAllowed(NOT_OWNER)
        share = next((s for s in plan.shares.all() if s.person_id == person_id), None)
        if share is None:
            raise NotFound("That person cannot read this plan.")
        unshare_plan(owner=request.user, plan=plan, person=share.person)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["support"])
class PlanPartner(APIView):
    permission_classes = [IsAuthenticated]
    service_field_names = {"person": "person_id"}

    @extend_schema(
        summary="Choose your planning partner, or a new one (the member)",
        description=(
            "They must be in the directory: a trained planning partner or advisor, listed and "
            "not paused (`not_a_helper`, 400; keeping the partner you have is fine), and not "
            "kept apart from you (`blocked`, 400). The partner before loses sight of the plan at "
            "once, and sessions still to come with them are cancelled. They are told. "
            f"{NOT_OWNER_PARTNER} Anyone else: 403 `not_allowed`. "
            f"{HIDDEN}"
        ),
        parameters=[PLAN_ID],
        request=PartnerChoiceSerializer,
        responses={200: PlanDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def put(self, request, pk):
        incoming = PartnerChoiceSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        plan = self._own_plan(request, pk)
        person = active_person(incoming.validated_data["person_id"], "person_id")
        set_partner(owner=request.user, plan=plan, person=person)
        return Response(detail_data(request, visible_plan(request, pk)))

    @extend_schema(
        summary="Stop your planning partner seeing your plan (the member)",
        description=(
            "They lose sight of it at once; sessions still to come with them are cancelled. "
            "Their organisation's staff lose sight of it too (`organisation_can_see` turns off; "
            "the member can turn it on again: `PUT …/organisation-access/`). "
            f"With no partner, nothing changes. {NOT_OWNER_PARTNER} {HIDDEN}"
        ),
        parameters=[PLAN_ID],
        request=None,
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        remove_partner(owner=request.user, plan=self._own_plan(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _own_plan(self, request, pk) -> Plan:
        plan = visible_plan(request, pk)
        if not plan_permissions.can_change_partner(request.user, plan):
            raise NotAllowed(NOT_OWNER_PARTNER)
        return plan


@extend_schema(tags=["support"])
class PlanOrganisationAccess(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Let your partner's organisation's staff read the plan, or not (the member)",
        description=(
            f"Only the member decides. Others who can see the plan: 403 `not_allowed`. {HIDDEN}"
        ),
        parameters=[PLAN_ID],
        request=OrganisationAccessSerializer,
        responses={200: PlanDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def put(self, request, pk):
        incoming = OrganisationAccessSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        set_organisation_can_see(
            owner=request.user,
            plan=visible_plan(request, pk),
            allowed=incoming.validated_data["organisation_can_see"],
        )
        return Response(detail_data(request, visible_plan(request, pk)))


@extend_schema(tags=["support"])
class PlanSessions(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Book a planning session (the member or their planning partner)",
        description=(
            "A one-to-one appointment in both your calendar feeds; the other is told. "
            f"Refusals (400): `not_partner`, `invalid_time`, `blocked`. {HIDDEN}"
        ),
        parameters=[PLAN_ID],
        request=NewSessionSerializer,
        responses={201: SessionSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        incoming = NewSessionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        session = book_planning_session(
            person=request.user, plan=visible_plan(request, pk), **incoming.validated_data
        )
        data = SessionSerializer(session, context={"viewer": request.user}).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SessionCancel(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Call off a planning session",
        description=f"It stays in both calendar feeds, marked cancelled. {HIDDEN}",
        parameters=[PLAN_ID, OpenApiParameter("session_id", int, OpenApiParameter.PATH)],
        request=None,
        responses={200: SessionSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk, session_id):
        plan = visible_plan(request, pk)
        session = next((s for s in plan.sessions.all() if s.pk == session_id), None)
        if session is None:
            raise NotFound("We could not find that planning session.")
        session = cancel_planning_session(person=request.user, session=session)
        return Response(SessionSerializer(session, context={"viewer": request.user}).data)
