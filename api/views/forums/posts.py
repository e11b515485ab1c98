"""A topic's posts (cursor pages, oldest first), replying, editing, removing, history,
"This helped" and choosing the answer."""

from django.core.cache import cache
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.forums.posts import (
    HelpedSerializer,
    PostChangeSerializer,
    PostSerializer,
    ReplySerializer,
    RevisionSerializer,
    WrittenPostSerializer,
)
from api.serializers.forums.topics import TopicDetailSerializer
from api.shared.forums import topic_detail_data, urgent_help_for, visible_post, visible_topic
from community.visitors import is_plain_visitor
from forums.freshness import COPY_SECONDS, copy_key
from forums.models import Post
from forums.selectors import post_for, post_history, posts_for, present_posts
from forums.selectors.topic_pages import seen_topic
from forums.services.answers import accept_answer
from forums.services.posts import cannot_quote, delete_post, edit_post, post_reply
from forums.services.reactions import mark_helped, unmark_helped

# The query the list reads; any other would keep a copy per made-up address.
_KEPT_QUERIES = {"cursor", "page_size"}
TOPIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
POST_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class OldestFirstCursor(CursorPagination):
    """Posts in topic order; a reply added meanwhile never shifts the next page."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("number",)


def _one(request, post: Post) -> dict:
    """One post, presented for the requester, in the shape of the list."""
    shown = posts_for(viewer=request.user, topic=post.topic).get(pk=post.pk)
    return PostSerializer(present_posts([shown], viewer=request.user, topic=post.topic)[0]).data


@extend_schema(tags=["forums"])
class TopicPosts(GenericAPIView):
    serializer_class = PostSerializer
    pagination_class = OldestFirstCursor
    permission_classes = [IsAuthenticatedOrReadOnly]
    queryset = Post.objects.none()  # for the schema; rows come from the selector
    service_field_names = {"quote": "quote_id"}  # api.errors: the service's name, the client's

    @extend_schema(
        summary="A topic's posts, oldest first",
        parameters=[TOPIC_ID],
        responses={200: PostSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, pk):
        if not is_plain_visitor(request) or not set(request.GET) <= _KEPT_QUERIES:
            return self._posts(request, pk)
        # Kept for every plain visitor, as the topic page is (frontend.shared.visitor_pages);
        # the links to the next page are absolute, so the address is part of the key.
        key = copy_key(pk, f"api-posts|{request.build_absolute_uri()}")
        data = cache.get(key)
        if data is None:
            response = self._posts(request, pk)
            cache.set(key, response.data, COPY_SECONDS)
            return response
        return Response(data)

    def _posts(self, request, pk):
        # Only what listing its posts needs (visible_topic's reading state and unread counts
        # took longer to build than the list).
        topic = seen_topic(viewer=request.user, topic_id=pk)
        if topic is None:
            raise NotFound("We could not find that topic.")
        page = self.paginate_queryset(posts_for(viewer=request.user, topic=topic))
        shown = present_posts(page, viewer=request.user, topic=topic)
        return self.get_paginated_response(PostSerializer(shown, many=True).data)

    @extend_schema(
        summary="Reply in a topic",
        description=(
            "A closed topic answers 403 with code `topic_locked`. A new member's reply waits for "
            "a moderator: `visibility` is `waiting` and only they see it until it is approved."
        ),
        parameters=[TOPIC_ID],
        request=ReplySerializer,
        responses={201: WrittenPostSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        reply = ReplySerializer(data=request.data)
        reply.is_valid(raise_exception=True)
        topic = visible_topic(request, pk)
        quote_id = reply.validated_data.get("quote_id")
        quote = post_for(viewer=request.user, post_id=quote_id) if quote_id else None
        if quote_id and quote is None:
            raise cannot_quote()
        post = post_reply(
            author=request.user, topic=topic, body=reply.validated_data["body"], quote=quote
        )
        data = {**_one(request, post), "urgent_help": urgent_help_for(post)}
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["forums"])
class PostDetail(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(
        summary="One post",
        parameters=[POST_ID],
        responses={200: PostSerializer, **error_responses(404)},
    )
    def get(self, request, pk):
        return Response(_one(request, visible_post(request, pk)))

    @extend_schema(
        summary="Change a post (its author or a moderator); every version is kept",
        parameters=[POST_ID],
        request=PostChangeSerializer,
        responses={200: WrittenPostSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def patch(self, request, pk):
        change = PostChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        post = edit_post(
            editor=request.user, post=visible_post(request, pk), **change.validated_data
        )
        return Response({**_one(request, post), "urgent_help": urgent_help_for(post)})

    @extend_schema(
        summary="Remove a post (its author or a moderator); it shows as removed",
        parameters=[POST_ID],
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        delete_post(deleted_by=request.user, post=visible_post(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["forums"])
class PostHistory(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Every version of a post (its author and moderators)",
        parameters=[POST_ID],
        responses={200: RevisionSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request, pk):
        revisions = post_history(viewer=request.user, post=visible_post(request, pk))
        return Response(RevisionSerializer(revisions, many=True).data)


@extend_schema(tags=["forums"])
class PostHelped(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Say “This helped” (once per person; not on your own post)",
        parameters=[POST_ID],
        request=None,
        responses={200: HelpedSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        post = mark_helped(person=request.user, post=visible_post(request, pk))
        return Response(
            HelpedSerializer({"helped_count": post.helped_count, "helped_by_you": True}).data
        )

    @extend_schema(
        summary="Take back “This helped”",
        parameters=[POST_ID],
        responses={200: HelpedSerializer, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request, pk):
        post = unmark_helped(person=request.user, post=visible_post(request, pk))
        return Response(
            HelpedSerializer({"helped_count": post.helped_count, "helped_by_you": False}).data
        )


@extend_schema(tags=["forums"])
class PostAccept(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Choose this reply as the answer (the asker or a moderator)",
        description="Replaces any earlier answer.",
        parameters=[POST_ID],
        request=None,
        responses={200: TopicDetailSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def post(self, request, pk):
        topic = accept_answer(person=request.user, post=visible_post(request, pk))
        return Response(topic_detail_data(request, topic.pk))
