"""Topics: lists (latest, unanswered, answered, mine), starting one, one topic, and a person's own
relation to it (watching, how far they read, clearing the answer)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.forums.topics import (
    NewTopicResponseSerializer,
    NewTopicSerializer,
    ReadSerializer,
    ReadStateSerializer,
    TopicDetailSerializer,
    TopicFilterSerializer,
    TopicSerializer,
    WatchSerializer,
    WatchStateSerializer,
)
from api.shared.forums import (
    topic_detail_data,
    urgent_help_for,
    visible_category,
    visible_topic,
)
from forums.models import Topic
from forums.selectors import present_topics, topics_for
from forums.services.answers import clear_answer
from forums.services.reading import mark_topic_read
from forums.services.topics import start_topic
from forums.services.watching import unwatch_topic, watch_topic

TOPIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


@extend_schema(tags=["forums"])
class TopicList(GenericAPIView):
    serializer_class = TopicSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticatedOrReadOnly]
    queryset = Topic.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="Topics, newest activity first",
        description=(
            "`listing`: latest, unanswered (questions without an accepted answer), answered, "
            "or mine (started or replied to; signed in). `unread_count` is per person."
        ),
        parameters=[TopicFilterSerializer],
        responses={200: TopicSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        filters = TopicFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        category = visible_category(request, data["category"]) if "category" in data else None
        topics = topics_for(
            viewer=request.user,
            listing=data["listing"],
            category=category,
            theme=data.get("theme", ""),
        )
        page = present_topics(self.paginate_queryset(topics), viewer=request.user)
        return self.get_paginated_response(TopicSerializer(page, many=True).data)

    @extend_schema(
        summary="Start a topic (a question or a discussion)",
        request=NewTopicSerializer,
        description=(
            "A new member's topic waits for a moderator: `visibility` is `waiting` and only "
            "they see it until it is approved."
        ),
        responses={201: NewTopicResponseSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request):
        asked = NewTopicSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        topic = start_topic(
            author=request.user,
            category=visible_category(request, data.pop("category")),
            **data,
        )
        data = {**topic_detail_data(request, topic.pk), "urgent_help": urgent_help_for(topic)}
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["forums"])
class TopicDetail(APIView):
    @extend_schema(
        summary="One topic, with its question and accepted answer",
        description="Page through its posts at `/forums/topics/{id}/posts/`.",
        parameters=[TOPIC_ID],
        responses={200: TopicDetailSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(topic_detail_data(request, pk))


@extend_schema(tags=["forums"])
class TopicWatch(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Watch or mute a topic",
        parameters=[TOPIC_ID],
        request=WatchSerializer,
        responses={200: WatchStateSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def put(self, request, pk):
        choice = WatchSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        watch = watch_topic(
            person=request.user,
            topic=visible_topic(request, pk),
            level=choice.validated_data["level"],
        )
        return Response(WatchStateSerializer({"level": watch.level}).data)

    @extend_schema(
        summary="Stop watching or muting a topic",
        parameters=[TOPIC_ID],
        responses={204: None, **error_responses(401, 404, 429)},
    )
    def delete(self, request, pk):
        unwatch_topic(person=request.user, topic=visible_topic(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["forums"])
class TopicRead(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Record how far you have read a topic",
        parameters=[TOPIC_ID],
        request=ReadSerializer,
        responses={200: ReadStateSerializer, **error_responses(400, 401, 404, 429)},
    )
    def post(self, request, pk):
        read = ReadSerializer(data=request.data)
        read.is_valid(raise_exception=True)
        state = mark_topic_read(
            person=request.user,
            topic=visible_topic(request, pk),
            up_to=read.validated_data.get("up_to"),
        )
        return Response(ReadStateSerializer(state).data)


@extend_schema(tags=["forums"])
class TopicAnswer(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Un-mark the accepted answer (the asker or a moderator)",
        description="To choose an answer, POST to `/forums/posts/{id}/accept/`.",
        parameters=[TOPIC_ID],
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        clear_answer(person=request.user, topic=visible_topic(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
