"""Finding what a forum request names, as the requester may see it (hidden things are simply not
found), and one topic presented in full for the requester."""

from rest_framework.exceptions import NotFound

from api.serializers.forums.topics import TopicDetailSerializer
from community.safety import signposting
from forums.models import Category, Post, Topic
from forums.selectors import (
    category_for,
    first_unread_post_number,
    opening_and_answer,
    post_for,
    present_topics,
    topic_for,
    watch_level_for,
)


def visible_category(request, slug: str) -> Category:
    category = category_for(viewer=request.user, slug=slug)
    if category is None:
        raise NotFound("We could not find that category.")
    return category


def visible_topic(request, topic_id: int) -> Topic:
    topic = topic_for(viewer=request.user, topic_id=topic_id)
    if topic is None:
        raise NotFound("We could not find that topic.")
    return topic


def visible_post(request, post_id: int) -> Post:
    post = post_for(viewer=request.user, post_id=post_id)
    if post is None:
        raise NotFound("We could not find that post.")
    return post


def urgent_help_for(written: Topic | Post) -> list[dict] | None:
    """The `urgent_help` of a create or edit response: where to get help now when the services
    noted words that suggest risk (`urgent_help` on what they return), else None."""
    return signposting.urgent_help() if getattr(written, "urgent_help", False) else None


def topic_detail_data(request, topic_id: int) -> dict:
    """One topic with its question, accepted answer and the requester's own state, as the topic
    endpoint answers it (starting a topic and choosing an answer answer the same)."""
    topic = visible_topic(request, topic_id)
    opening, answer = opening_and_answer(viewer=request.user, topic=topic)
    present_topics([topic], viewer=request.user)
    topic.opening_post, topic.answer = opening, answer
    topic.first_unread_post_number = first_unread_post_number(viewer=request.user, topic=topic)
    topic.watch_level = watch_level_for(person=request.user, topic=topic)
    return TopicDetailSerializer(topic).data
