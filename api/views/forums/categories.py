"""Forum categories: the index with counts, one category, and watching or muting one."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.forums.categories import CategorySerializer
from api.serializers.forums.topics import WatchSerializer, WatchStateSerializer
from api.shared.forums import visible_category
from forums.selectors import categories_for
from forums.services.watching import unwatch_category, watch_category

SLUG = OpenApiParameter("slug", str, OpenApiParameter.PATH)


@extend_schema(tags=["forums"])
class CategoryList(APIView):
    @extend_schema(
        summary="Forum categories",
        description="Members-only categories are listed only for signed-in members.",
        responses={200: CategorySerializer(many=True)},
    )
    def get(self, request):
        return Response(CategorySerializer(categories_for(viewer=request.user), many=True).data)


@extend_schema(tags=["forums"])
class CategoryDetail(APIView):
    @extend_schema(
        summary="One forum category",
        parameters=[SLUG],
        responses={200: CategorySerializer, **error_responses(404)},
    )
    def get(self, request, slug):
        category = categories_for(viewer=request.user).filter(slug=slug).first()
        if category is None:
            visible_category(request, slug)  # raises the 404
        return Response(CategorySerializer(category).data)


@extend_schema(tags=["forums"])
class CategoryWatch(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Watch or mute a category",
        parameters=[SLUG],
        request=WatchSerializer,
        responses={200: WatchStateSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def put(self, request, slug):
        choice = WatchSerializer(data=request.data)
        choice.is_valid(raise_exception=True)
        watch = watch_category(
            person=request.user,
            category=visible_category(request, slug),
            level=choice.validated_data["level"],
        )
        return Response(WatchStateSerializer({"level": watch.level}).data)

    @extend_schema(
        summary="Stop watching or muting a category",
        parameters=[SLUG],
        responses={204: None, **error_responses(401, 404, 429)},
    )
    def delete(self, request, slug):
        unwatch_category(person=request.user, category=visible_category(request, slug))
        return Response(status=status.HTTP_204_NO_CONTENT)
