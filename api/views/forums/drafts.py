"""Drafts kept on the server while someone writes: their one new-topic draft, and one reply
draft per topic. Posting the topic or reply clears it. The pages' autosave (drafts.js) saves here
too, with the session and the form's CSRF token."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.errors import error_responses
from api.serializers.forums.drafts import DraftChangeSerializer, DraftSerializer
from api.shared.forums import visible_topic
from forums.selectors import category_for, draft_for
from forums.services.drafts import discard_draft, save_draft

TOPIC_ID = OpenApiParameter("id", int, OpenApiParameter.PATH)
EMPTY_DRAFT = "A draft with neither a title nor any text is thrown away instead: 204."


class _DraftView(APIView):
    permission_classes = [IsAuthenticated]

    def topic(self, request, kwargs):
        return visible_topic(request, kwargs["pk"]) if "pk" in kwargs else None

    def get(self, request, **kwargs):
        draft = draft_for(person=request.user, topic=self.topic(request, kwargs))
        if draft is None:
            raise NotFound("There is no draft.")
        return Response(DraftSerializer(draft).data)

    def put(self, request, **kwargs):
        change = DraftChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        data = dict(change.validated_data)
        topic = self.topic(request, kwargs)
        category_slug = data.pop("category", None)
        # A category the writer cannot see (or that has gone) is dropped, never the text: this
        # is called while someone types, and what they typed must be kept.
        category = (
            category_for(viewer=request.user, slug=category_slug)
            if category_slug and not topic
            else None
        )
        draft = save_draft(person=request.user, topic=topic, category=category, **data)
        if draft is None:  # nothing typed: nothing kept, and any earlier draft is gone
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(DraftSerializer(draft).data)

    def delete(self, request, **kwargs):
        discard_draft(person=request.user, topic=self.topic(request, kwargs))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["forums"])
class NewTopicDraft(_DraftView):
    @extend_schema(
        summary="Your draft of a new topic",
        responses={200: DraftSerializer, **error_responses(401, 404)},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    @extend_schema(
        summary="Save your draft of a new topic",
        description=EMPTY_DRAFT,
        request=DraftChangeSerializer,
        responses={
            200: DraftSerializer,
            204: None,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def put(self, request, **kwargs):
        return super().put(request, **kwargs)

    @extend_schema(
        summary="Throw away your draft of a new topic",
        responses={204: None, **error_responses(401, 429)},
    )
    def delete(self, request, **kwargs):
        return super().delete(request, **kwargs)


@extend_schema(tags=["forums"])
class ReplyDraft(_DraftView):
    @extend_schema(
        summary="Your draft reply in a topic",
        parameters=[TOPIC_ID],
        responses={200: DraftSerializer, **error_responses(401, 404)},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    @extend_schema(
        summary="Save your draft reply in a topic",
        description=EMPTY_DRAFT,
        parameters=[TOPIC_ID],
        request=DraftChangeSerializer,
        responses={
            200: DraftSerializer,
            204: None,
            **error_responses(400, 401, 403, 404, 429),
        },
    )
    def put(self, request, **kwargs):
        return super().put(request, **kwargs)

    @extend_schema(
        summary="Throw away your draft reply",
        parameters=[TOPIC_ID],
        responses={204: None, **error_responses(401, 404, 429)},
    )
    def delete(self, request, **kwargs):
        return super().delete(request, **kwargs)
