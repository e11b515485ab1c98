"""Seeding the forum benchmark's posts in PostgreSQL itself: a million posts written through
Django would take most of the benchmark's time limit, so topics go in with bulk_create (their
columns follow the model) and their posts are made by one INSERT … SELECT per batch, bodies of
random words from the benchmark's vocabulary, each post an hour after the one before."""

import random

POSTS_PER_TOPIC = 20
TOPICS_PER_BATCH = 5_000

_POSTS = """
INSERT INTO forums_post (topic_id, number, author_id, body, body_html, created, helped_count,
                         visibility)
SELECT topic.id, number, authors.ids[1 + floor(random() * array_length(authors.ids, 1))::int],
       made.body, '<p>' || made.body || '</p>', topic.created + number * interval '1 hour', 0,
       'shown'
FROM forums_topic AS topic
CROSS JOIN generate_series(1, %(per_topic)s) AS number
CROSS JOIN (SELECT %(authors)s::bigint[] AS ids, %(words)s::text[] AS words) AS authors
CROSS JOIN LATERAL (
    -- `0 * number` ties the words to each post: without it PostgreSQL makes one body for all.
    SELECT string_agg(authors.words[1 + floor(random() * array_length(authors.words, 1))::int
                                    + 0 * word], ' ') AS body
    FROM generate_series(1, 25 + floor(random() * 66)::int + 0 * number) AS word
) AS made
WHERE topic.id = ANY(%(topics)s)
"""


def seed_posts(count: int, *, categories: list, people: dict, words: list[str]) -> int:
    """About `count` posts in topics of POSTS_PER_TOPIC, spread over the last three years.
    Returns how many were made."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from forums.models import Topic

    now = timezone.now()
    authors = [person.pk for person in people["all"]]
    made = 0
    while made < count:
        topics_now = max(1, min(TOPICS_PER_BATCH, (count - made) // POSTS_PER_TOPIC))
        with transaction.atomic():
            topics = Topic.objects.bulk_create(
                Topic(
                    category=random.choice(categories),
                    title=" ".join(random.choices(words, k=6)).capitalize(),
                    author=random.choice(people["members"]),
                    created=(started := now - timedelta(days=random.uniform(30, 1100))),
                    last_activity=started + timedelta(hours=POSTS_PER_TOPIC),
                    last_post_number=POSTS_PER_TOPIC,
                    reply_count=POSTS_PER_TOPIC - 1,
                )
                for _ in range(topics_now)
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    _POSTS,
                    {
                        "per_topic": POSTS_PER_TOPIC,
                        "authors": authors,
                        "words": words,
                        "topics": [topic.pk for topic in topics],
                    },
                )
        made += topics_now * POSTS_PER_TOPIC
    return made
