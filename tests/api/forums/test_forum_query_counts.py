"""The number of SQL queries does not grow with the size of a topic or a list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.selectors import topic_for, topic_page
from forums.services.answers import accept_answer
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import CategoryFactory, TopicFactory, add_replies

pytestmark = pytest.mark.django_db

API = "/api/v1/forums"


def _topic_of(size: int, category, asker):
    """A question with `size` posts by several people (some advisors), answered."""
    topic = TopicFactory(category=category, author=asker)
    organisation = OrganisationFactory()
    people = [advisor_of(organisation) for _ in range(3)] + [PersonFactory() for _ in range(3)]
    per_person = (size - 1) // len(people)
    for person in people:
        add_replies(topic, per_person, author=person)
    add_replies(topic, size - 1 - per_person * len(people))
    answer = topic.posts.get(number=2)
    accept_answer(person=asker, post=answer)
    topic.refresh_from_db()
    return topic


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def reader(client, replier):
    client.force_login(replier)
    return client


@pytest.mark.parametrize("size", [10, 300])
def test_topic_detail_and_posts_take_the_same_queries_for_10_or_300_posts(
    reader, category, asker, size, django_assert_num_queries
):
    topic = _topic_of(size, category, asker)
    assert topic.last_post_number == size

    # session + user, topic (with read state), question+answer with their authors and badges,
    # watch
    with django_assert_num_queries(5):
        reader.get(f"{API}/topics/{topic.pk}/")
    # session + user, topic, page of posts (with "helped by you", authors and badges)
    with django_assert_num_queries(4):
        reader.get(f"{API}/topics/{topic.pk}/posts/")


def test_topic_page_selector_is_constant_too(category, asker, replier):
    small, large = _topic_of(10, category, asker), _topic_of(300, category, asker)
    counts = []
    for topic in (small, large):
        with CaptureQueriesContext(connection) as captured:
            page = topic_page(viewer=replier, topic=topic_for(viewer=replier, topic_id=topic.pk))
        counts.append(len(captured))
        assert page.answer is not None and page.posts
    assert counts[0] == counts[1] == 2


@pytest.mark.parametrize("topics", [2, 40])
def test_category_index_and_topic_list_queries_do_not_grow(
    reader, asker, topics, django_assert_num_queries
):
    categories = [CategoryFactory() for _ in range(3)]
    for number in range(topics):
        TopicFactory(category=categories[number % 3], author=asker, anonymous=number % 2 == 0)

    with django_assert_num_queries(3):
        reader.get(f"{API}/categories/")
    # session + user, count, page of topics (with read state)
    with django_assert_num_queries(4):
        reader.get(f"{API}/topics/")


def test_signed_out_topic_list_is_constant(client, category):
    for _ in range(5):
        add_replies(TopicFactory(category=category), 3)
    with CaptureQueriesContext(connection) as captured:
        client.get(f"{API}/topics/")
    assert len(captured) == 2
