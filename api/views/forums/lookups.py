"""Finding what a request names, as the requester may see it: hidden things are simply not found."""

from rest_framework.exceptions import NotFound

from forums.models import Category, Post, Topic
from forums.selectors import category_for, post_for, topic_for


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
