"""“This helped”: one per person per post, never on your own post; the count is on the post."""

from django.db import IntegrityError, transaction
from django.db.models import F

from community.errors import NotAllowed
from community.models import User
from community.permissions import is_signed_in
from forums.errors import ForumError
from forums.freshness import topic_changed
from forums.models import Post, Reaction
from forums.permissions import can_mark_helped, is_author


def mark_helped(*, person: User, post: Post) -> Post:
    """Saying it twice counts once (the database holds one row per person and post)."""
    if not can_mark_helped(person, post):
        if is_author(person, post):
            raise ForumError("own_post", "You cannot mark your own post as helpful.")
        raise NotAllowed("Sign in to say a post helped you.")
    try:
        with transaction.atomic():
            Reaction.objects.create(person=person, post=post)
            Post.objects.filter(pk=post.pk).update(helped_count=F("helped_count") + 1)
            topic_changed(post.topic_id)
    except IntegrityError:
        pass  # already marked: still one
    post.refresh_from_db(fields=["helped_count"])
    return post


def unmark_helped(*, person: User, post: Post) -> Post:
    if not is_signed_in(person):
        raise NotAllowed("Sign in to change this.")
    with transaction.atomic():
        removed, _ = Reaction.objects.filter(person=person, post=post).delete()
        if removed:
            Post.objects.filter(pk=post.pk).update(helped_count=F("helped_count") - 1)
            topic_changed(post.topic_id)
    post.refresh_from_db(fields=["helped_count"])
    return post
