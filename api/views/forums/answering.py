"""A trained advisor's "I'm answering this" on a question for an advisor's answer."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.forums.answering import AnsweringStateSerializer, answering_data
from api.shared.forums import visible_topic
from forums.selectors.waiting import answering_state
from forums.services.advisors import claim_question, withdraw_claim

TOPIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


def _state(request, topic) -> dict:
    state = answering_state(viewer=request.user, topic=topic)
    claim = state.claim
    answering = None
    if claim is not None:
        answering = answering_data(
            advisor_id=claim.advisor_id,
            display_name=claim.advisor.display_name,
            since=claim.claimed_at,
        )
    return AnsweringStateSerializer(
        {"answering": answering, "can_claim": state.can_claim, "can_withdraw": state.can_withdraw}
    ).data


@extend_schema(tags=["forums"])
class TopicAnswering(APIView):
    def get_permissions(self):
        if self.request.method == "DELETE":
            return [IsAuthenticated()]
        return [IsAuthenticatedOrReadOnly()]

    @extend_schema(
        summary="Who is answering a question for an advisor's answer",
        description=(
            "A trained advisor says they are answering a question so that two do not write "
            "the same thing. It shows until they reply, take it back, or two days pass."
        ),
        parameters=[TOPIC_ID],
        responses={200: AnsweringStateSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(_state(request, visible_topic(request, pk)))

    @extend_schema(
        summary="Say you are answering a question (trained advisors)",
        description=(
            "`someone_is_answering` (400) when another advisor said it first; saying it again "
            "yourself keeps the time you first said it."
        ),
        parameters=[TOPIC_ID],
        request=None,
        responses={201: AnsweringStateSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        topic = visible_topic(request, pk)
        claim_question(advisor=request.user, topic=topic)
        return Response(_state(request, topic), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Take back that you are answering a question",
        parameters=[TOPIC_ID],
        responses={204: None, **error_responses(400, 401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        withdraw_claim(advisor=request.user, topic=visible_topic(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
