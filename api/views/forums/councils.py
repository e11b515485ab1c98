"""What councils have agreed: the list (filtered by council and by what it was for), and one
answered question's decision, which the asker, a trained advisor or a moderator adds, changes or
removes (forums.services.councils, through forums.permissions)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.forums.councils import (
    CouncilDecisionFilterSerializer,
    CouncilDecisionSerializer,
    CouncilDecisionWriteSerializer,
    TopicCouncilDecisionSerializer,
)
from api.shared.forums import visible_topic
from forums.models import CouncilDecision, Topic
from forums.selectors.councils import council_decision_for, council_decisions, present_decision
from forums.services.councils import (
    change_council_decision,
    record_council_decision,
    remove_council_decision,
)

TOPIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
RULES = (
    "Only once the question has an accepted answer (else `question_not_answered`), by the "
    "asker, a trained advisor or a moderator (else `not_allowed`). A question asked without a "
    "name is the asker's (and moderators') alone."
)


@extend_schema(tags=["forums"])
class CouncilDecisionList(GenericAPIView):
    serializer_class = CouncilDecisionSerializer
    pagination_class = NumberedPages
    queryset = CouncilDecision.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="What councils have agreed, newest year first",
        description=(
            "Decisions on answered questions you can read. Never the asker's name; `council` "
            "is null when the question was asked without a name and its asker did not choose "
            "to show it, and such decisions are left out when you filter by `council`."
        ),
        parameters=[CouncilDecisionFilterSerializer],
        responses={200: CouncilDecisionSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        filters = CouncilDecisionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        decisions = council_decisions(
            viewer=request.user, council=data.get("council", ""), what_for=data.get("for", "")
        )
        page = self.paginate_queryset(decisions)
        for decision in page:
            present_decision(decision)
        return self.get_paginated_response(CouncilDecisionSerializer(page, many=True).data)


def _topic_decision_data(request, topic: Topic) -> dict:
    decision = council_decision_for(viewer=request.user, topic=topic)
    if decision is None:
        raise NotFound("Nobody has said what the council decided about this question yet.")
    return TopicCouncilDecisionSerializer(decision).data


@extend_schema(tags=["forums"])
class TopicCouncilDecision(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="What the council decided about one answered question",
        parameters=[TOPIC_ID],
        responses={200: TopicCouncilDecisionSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(_topic_decision_data(request, visible_topic(request, pk)))

    @extend_schema(
        summary="Add what the council decided",
        description=RULES + " One per question: `council_decision_exists` if there is one.",
        parameters=[TOPIC_ID],
        request=CouncilDecisionWriteSerializer,
        responses={
            201: TopicCouncilDecisionSerializer,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def post(self, request, pk):
        topic = visible_topic(request, pk)
        sent = CouncilDecisionWriteSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        record_council_decision(person=request.user, topic=topic, **sent.validated_data)
        return Response(_topic_decision_data(request, topic), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change what the council decided",
        description=RULES + " Send only what changes.",
        parameters=[TOPIC_ID],
        request=CouncilDecisionWriteSerializer(partial=True),
        responses={200: TopicCouncilDecisionSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def patch(self, request, pk):
        topic = visible_topic(request, pk)
        sent = CouncilDecisionWriteSerializer(data=request.data, partial=True)
        sent.is_valid(raise_exception=True)
        change_council_decision(person=request.user, topic=topic, **sent.validated_data)
        return Response(_topic_decision_data(request, topic))

    @extend_schema(
        summary="Remove what the council decided",
        description=RULES,
        parameters=[TOPIC_ID],
        responses={204: None, **error_responses(400, 401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        remove_council_decision(person=request.user, topic=visible_topic(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
