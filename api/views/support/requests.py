"""Support requests: asking for help (one advisor, or an organisation's team), your own
requests, one request, and what the people involved can do with it. Every action answers with
the request as it is now."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.support.requests import (
    AskedForHelpSerializer,
    AskForHelpSerializer,
    DidItHelpSerializer,
    HandOverSerializer,
    ReassignSerializer,
    SupportRequestDetailSerializer,
    SupportRequestSerializer,
)
from api.shared.chat import active_person
from api.shared.support import themes_named, visible_request, with_relations
from community.errors import CommunityError
from community.models import Organisation
from community.safety.signposting import urgent_help
from community.support import permissions
from community.support.models import SupportRequest
from community.support.selectors import my_requests
from community.support.services.requests import (
    accept_request,
    answer_did_it_help,
    ask_for_help,
    close_request,
    hand_over_request,
    reassign_request,
    send_again,
    withdraw_request,
)
from events.selectors import occurrence_detail
from forums.selectors.topics import topic_for

REQUEST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
ACTION_RESPONSES = {200: SupportRequestDetailSerializer, **error_responses(400, 401, 403, 404, 429)}
HIDDEN = (
    "A request you may not see answers 404 `not_found`: only the member, the advisor it went "
    "to, the organisation's helpers while it waits for its team, and the organisation's staff "
    "see it. One hidden by moderation is the member's and the staff's only."
)


def detail_data(
    request, support_request: SupportRequest, serializer=SupportRequestDetailSerializer
) -> dict:
    viewer = request.user
    support_request.can = {
        "accept": permissions.can_accept_request(viewer, support_request),
        "withdraw": permissions.can_withdraw_request(viewer, support_request),
        "close": permissions.can_close_request(viewer, support_request),
        "hand_over": permissions.can_hand_over_request(viewer, support_request),
        "reassign": permissions.can_reassign_request(viewer, support_request),
        "did_it_help": permissions.can_answer_did_it_help(viewer, support_request),
        "send_again": permissions.can_send_again(viewer, support_request),
    }
    return serializer(support_request, context={"request": request}).data


def _or_refused(found, code: str, message: str, field: str):
    if found is None:
        raise CommunityError(code, message, field=field)
    return found


def _ask_for_help(request, data: dict) -> SupportRequest:
    """Turns ids and slugs into the things they name, as the member may see them."""
    viewer = request.user
    advisor = organisation = specialism = topic = occurrence = None
    if data.get("advisor_id"):
        advisor = active_person(data["advisor_id"], "advisor_id")
    if data.get("organisation"):
        organisation = _or_refused(
            Organisation.objects.filter(slug=data["organisation"]).first(),
            "unknown_organisation", "We could not find that organisation.", "organisation",
        )  # fmt: skip
    if data.get("specialism"):
        specialism = themes_named([data["specialism"]], "specialism")[0]
    if data.get("topic_id"):
        topic = _or_refused(
            topic_for(viewer=viewer, topic_id=data["topic_id"]),
            "unknown_topic", "We could not find that forum question.", "topic_id",
        )  # fmt: skip
    if data.get("occurrence_id"):
        occurrence = _or_refused(
            occurrence_detail(occurrence_id=data["occurrence_id"], viewer=viewer),
            "unknown_date", "We could not find that drop-in date.", "occurrence_id",
        )  # fmt: skip
    return ask_for_help(
        member=viewer,
        body=data["body"],
        wants=data["wants"],
        advisor=advisor,
        organisation=organisation,
        specialism=specialism,
        way_to_talk=data["way_to_talk"],
        area=data["area"],
        language=data["language"],
        access_needs=data["access_needs"],
        topic=topic,
        occurrence=occurrence,
    )


@extend_schema(tags=["support"])
class SupportRequestList(GenericAPIView):
    serializer_class = SupportRequestSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = SupportRequest.objects.none()  # for the schema; rows come from the selector
    service_field_names = {
        "advisor": "advisor_id",
        "topic": "topic_id",
        "occurrence": "occurrence_id",
    }

    @extend_schema(
        summary="Your own requests for help, newest first",
        responses={200: SupportRequestSerializer(many=True), **error_responses(401)},
    )
    def get(self, request):
        page = self.paginate_queryset(with_relations(my_requests(member=request.user)))
        data = SupportRequestSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Ask for help: send a request to one advisor or to an organisation's team",
        description=(
            "Send `advisor_id` or `organisation`. The advisor (or the team's advisors and "
            "planning partners, and its staff) are told. If nobody takes it in 14 days it "
            "expires and you are told. When the words suggest the member may be at risk, "
            "`urgent_help` lists where to get help now (show it) and moderators are told; "
            "otherwise it is null. Refusals (400): `no_one_to_send_to`, `paused`, "
            "`blocked`, `unknown_person`, `unknown_organisation`, `unknown_specialism`, "
            "`unknown_topic`, `unknown_date`."
        ),
        request=AskForHelpSerializer,
        responses={201: AskedForHelpSerializer, **error_responses(400, 401, 403, 429)},
    )
    def post(self, request):
        incoming = AskForHelpSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        asked = _ask_for_help(request, incoming.validated_data)
        shown = visible_request(request, asked.pk)
        shown.urgent_help = urgent_help(shown.organisation) if asked.urgent_help else None
        data = detail_data(request, shown, serializer=AskedForHelpSerializer)
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"])
class SupportRequestDetail(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="One request, with what you can do with it",
        description=HIDDEN,
        parameters=[REQUEST_ID],
        responses={200: SupportRequestDetailSerializer, **error_responses(401, 404)},
    )
    def get(self, request, pk):
        return Response(detail_data(request, with_relations([visible_request(request, pk)])[0]))


class _RequestAction(APIView):
    """POST with the request's id; the subclass's `act` calls one service."""

    permission_classes = [IsAuthenticated]
    incoming_class = None

    def post(self, request, pk):
        data = {}
        if self.incoming_class is not None:
            incoming = self.incoming_class(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
        done = self.act(request, visible_request(request, pk), data)
        return Response(detail_data(request, done))

    def act(self, request, support_request: SupportRequest, data: dict) -> SupportRequest:
        raise NotImplementedError


def _action(summary: str, description: str, incoming=None):
    return extend_schema(
        tags=["support"],
        summary=summary,
        description=f"{description} {HIDDEN}",
        parameters=[REQUEST_ID],
        request=incoming,
        responses=ACTION_RESPONSES,
    )


class RequestAccept(_RequestAction):
    @_action(
        "Take a request (advisors and planning partners)",
        "Opens a private conversation with the member (see `conversation`) and tells them. "
        "If someone else took it first: 400 `wrong_state`.",
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        return accept_request(person=request.user, request=support_request)


class RequestWithdraw(_RequestAction):
    @_action("Withdraw your request", "While it is open or someone is helping.")
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        return withdraw_request(member=request.user, request=support_request)


class RequestClose(_RequestAction):
    @_action(
        "Close a request someone is helping with",
        'The member or their advisor. The member is asked "Did this help?".',
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        return close_request(person=request.user, request=support_request)


class RequestHandOver(_RequestAction):
    incoming_class = HandOverSerializer

    @_action(
        "Hand a request to your organisation's staff (its advisor)",
        "When it needs more than your training covers, or you are worried about the "
        "member's safety. The staff are told, with your note; the member does not see it.",
        HandOverSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        return hand_over_request(
            person=request.user, request=support_request, reason=data["reason"], note=data["note"]
        )


class RequestReassign(_RequestAction):
    incoming_class = ReassignSerializer
    service_field_names = {"helper": "helper_id"}

    @_action(
        "Give a request to one of your advisors or planning partners (organisation staff)",
        "They are told, and must accept it before the conversation starts.",
        ReassignSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        helper = active_person(data["helper_id"], "helper_id")
        return reassign_request(staff=request.user, request=support_request, helper=helper)


class RequestDidItHelp(_RequestAction):
    incoming_class = DidItHelpSerializer

    @_action(
        'Answer "Did this help?" (the member, once it is closed)',
        "`helped` is true or false; add a note if you like.",
        DidItHelpSerializer,
    )
    def post(self, request, pk):
        return super().post(request, pk)

    def act(self, request, support_request, data):
        return answer_did_it_help(
            member=request.user, request=support_request, helped=data["helped"], note=data["note"]
        )


@extend_schema(tags=["support"])
class RequestSendAgain(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Send an expired or withdrawn request again",
        description=f"A new open request with the same answers. {HIDDEN}",
        parameters=[REQUEST_ID],
        request=None,
        responses={201: SupportRequestDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        again = send_again(member=request.user, request=visible_request(request, pk))
        shown = visible_request(request, again.pk)
        return Response(detail_data(request, shown), status=status.HTTP_201_CREATED)
