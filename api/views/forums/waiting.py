"""Questions waiting for an advisor's answer: for advisors, planning partners and moderators."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated

from api.pagination import NumberedPages
from api.serializers.errors import error_responses
from api.serializers.forums.answering import WaitingTopicSerializer
from api.shared.forums import visible_category
from forums.models import Topic
from forums.selectors import present_topics, waiting_for_advisor


class WaitingFilterSerializer(serializers.Serializer):
    theme = serializers.SlugField(required=False, help_text="A shared theme's slug.")
    category = serializers.SlugField(required=False, help_text="A category's slug.")


@extend_schema(tags=["forums"])
class WaitingForAdvisor(GenericAPIView):
    serializer_class = WaitingTopicSerializer
    pagination_class = NumberedPages
    permission_classes = [IsAuthenticated]
    queryset = Topic.objects.none()  # for the schema; rows come from the selector

    @extend_schema(
        summary="Questions waiting for an advisor, oldest first",
        description=(
            "Each question stays here until a verified advisor or planning partner replies. "
            "`answering`: the advisor who said they are answering it, if one did."
        ),
        parameters=[WaitingFilterSerializer],
        responses={200: WaitingTopicSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request):
        filters = WaitingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        category = visible_category(request, data["category"]) if "category" in data else None
        topics = waiting_for_advisor(
            viewer=request.user, theme=data.get("theme", ""), category=category
        )
        page = present_topics(self.paginate_queryset(topics), viewer=request.user)
        return self.get_paginated_response(WaitingTopicSerializer(page, many=True).data)
