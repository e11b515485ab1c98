"""Forum search (in people's own words: "PA" finds "personal assistant"), and topics like a
question while someone writes its title."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.forums.search import (
    SearchFilterSerializer,
    SearchHitSerializer,
    SearchTopicSerializer,
    SimilarFilterSerializer,
)
from api.shared.forums import visible_category
from forums.search import search, similar_topics

PAGE_SIZE = 20


@extend_schema(tags=["forums"])
class ForumSearch(APIView):
    @extend_schema(
        summary="Search topic titles and posts",
        description=(
            "Best matches first, 20 a page. Words that mean the same count as the same word "
            "(PA and personal assistant, respite and short break; moderators keep the list). "
            'All words must be found; "quoted words" as that phrase; -word leaves out. '
            "Snippets are escaped HTML with matches in `<mark>`. "
            "Members-only categories are searched only for signed-in members."
        ),
        parameters=[SearchFilterSerializer],
        responses={200: SearchHitSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request):
        filters = SearchFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        category = visible_category(request, data["category"]) if "category" in data else None
        hits = search(
            viewer=request.user,
            query=data["q"],
            category=category,
            answered=data["answered"],
            limit=PAGE_SIZE,
            offset=(data["page"] - 1) * PAGE_SIZE,
        )
        return Response(SearchHitSerializer(hits, many=True).data)


@extend_schema(tags=["forums"])
class SimilarTopics(APIView):
    @extend_schema(
        summary="Topics like a question being written",
        description=(
            "Up to 5 topics whose titles share the most words with `title` (counting words that "
            "mean the same, such as PA and personal assistant); among equally close ones, "
            "answered first. `is_answered` says which have an answer."
        ),
        parameters=[SimilarFilterSerializer],
        responses={200: SearchTopicSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        filters = SimilarFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        topics = similar_topics(title=filters.validated_data["title"], viewer=request.user)
        return Response(SearchTopicSerializer(topics, many=True).data)
