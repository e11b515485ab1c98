"""Forum factories: real rows with believable defaults. `topic_with_replies` builds long topics
quickly (bulk) for query-count tests."""

import factory
from django.utils import timezone

from community.content import render_markdown
from forums.models import Category, Post, Topic
from tests.factories import PersonFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Employing a PA {n}")
    slug = factory.Sequence(lambda n: f"employing-a-pa-{n}")
    description = "Finding, hiring and paying a personal assistant."
    members_only = False


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic with its opening post (number 1), as start_topic would leave it."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    kind = Topic.Kind.QUESTION
    title = factory.Sequence(lambda n: f"Can I pay my daughter as my PA? ({n})")
    author = factory.SubFactory(PersonFactory)
    last_post_number = 1

    @factory.post_generation
    def opening(self, create, extracted, **kwargs):
        if create:
            body = extracted or "My council says no. Is that right?"
            Post.objects.create(
                topic=self, number=1, author=self.author, body=body, body_html=render_markdown(body)
            )


def add_replies(topic: Topic, count: int, author=None) -> list[Post]:
    """Append `count` replies in one insert and keep the topic's counters right."""
    author = author or PersonFactory()
    now = timezone.now()
    start = topic.last_post_number + 1
    posts = Post.objects.bulk_create(
        Post(
            topic=topic,
            number=number,
            author=author,
            body=f"Reply number {number}",
            body_html=f"<p>Reply number {number}</p>",
            created=now,
        )
        for number in range(start, start + count)
    )
    topic.last_post_number += count
    topic.reply_count += count
    topic.last_activity = now
    topic.save(update_fields=["last_post_number", "reply_count", "last_activity"])
    return posts
