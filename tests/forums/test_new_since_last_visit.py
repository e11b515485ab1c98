"""Unread that makes sense (issue 13 point 5): a topic someone never opened shows what is new to
them, counted from the visit to its category before this one (or from when they joined); topics
they opened keep counting from what they read. A visit lasts while they keep coming back."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums.models import CategoryVisit
from forums.selectors import topics_for
from forums.services.reading import mark_topic_read
from forums.services.visits import note_category_visit
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory, TopicFactory, add_replies

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _at(minutes: float):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


def _listed(person, topic):
    return topics_for(viewer=person).get(pk=topic.pk)


@pytest.fixture
def reader(db):
    with _at(-60 * 24):
        return PersonFactory(display_name="Reader Rae", date_joined=START - datetime.timedelta(1))


def test_a_topic_never_opened_is_new_when_started_since_they_joined(reader, category):
    with _at(0):
        topic = TopicFactory(category=category)
        add_replies(topic, 2)
    listed = _listed(reader, topic)
    assert (listed.is_new, listed.unread_count, listed.last_read_number) == (True, 3, None)


def test_a_topic_started_before_they_joined_shows_only_the_replies_since(category):
    with _at(-60):
        topic = TopicFactory(category=category)
        add_replies(topic, 4)
        newcomer = PersonFactory(date_joined=START - datetime.timedelta(minutes=30))
    with _at(0):
        add_replies(topic, 2)
    listed = _listed(newcomer, topic)
    assert (listed.is_new, listed.unread_count) == (False, 2)


def test_the_visit_under_way_keeps_its_marks_and_the_next_visit_counts_from_it(reader, category):
    with _at(0):
        old = TopicFactory(category=category)
    with _at(10):
        note_category_visit(person=reader, category=category)  # first visit: new since joining
        assert _listed(reader, old).is_new
    with _at(13):
        note_category_visit(person=reader, category=category)  # a reload: nothing written
        assert _listed(reader, old).is_new
    with _at(25):
        note_category_visit(person=reader, category=category)  # still this visit
        assert _listed(reader, old).is_new
    with _at(40):  # written after they left
        fresh = TopicFactory(category=category)
        add_replies(old, 1)
    with _at(120):
        note_category_visit(person=reader, category=category)  # back after an hour and a half
        old_listed, fresh_listed = _listed(reader, old), _listed(reader, fresh)
    # Since the last visit ended (minute 25): the reply on `old`, and `fresh`.
    assert (old_listed.is_new, old_listed.unread_count) == (False, 1)
    assert (fresh_listed.is_new, fresh_listed.unread_count) == (True, 1)
    visit = CategoryVisit.objects.get(person=reader, category=category)
    assert (visit.new_after, visit.last_seen) == (
        START + datetime.timedelta(minutes=25),
        START + datetime.timedelta(minutes=120),
    )


def test_a_visit_is_written_down_at_most_every_few_minutes(reader, category):
    with _at(0):
        note_category_visit(person=reader, category=category)
    for minute in (1, 2, 4):
        with _at(minute), CaptureQueriesContext(connection) as queries:
            note_category_visit(person=reader, category=category)
        assert len(queries) == 1  # read, nothing written
    with _at(6), CaptureQueriesContext(connection) as queries:
        note_category_visit(person=reader, category=category)
    assert len(queries) == 2
    visit = CategoryVisit.objects.get(person=reader, category=category)
    assert visit.last_seen == START + datetime.timedelta(minutes=6) and visit.new_after is None


def test_visitors_leave_no_visit(category):
    note_category_visit(person=AnonymousUser(), category=category)
    assert not CategoryVisit.objects.exists()


def test_a_topic_they_opened_counts_from_what_they_read_not_from_their_visit(reader, category):
    with _at(0):
        topic = TopicFactory(category=category)
        add_replies(topic, 3)
        mark_topic_read(person=reader, topic=topic, up_to=2)
    with _at(60):
        note_category_visit(person=reader, category=category)
    with _at(120):
        note_category_visit(person=reader, category=category)  # a new visit after minute 60
    listed = _listed(reader, topic)
    assert (listed.is_new, listed.unread_count, listed.first_unread_number) == (False, 2, 3)


def test_each_category_has_its_own_last_visit(reader, category):
    other = CategoryFactory()
    with _at(0):
        here, there = TopicFactory(category=category), TopicFactory(category=other)
        note_category_visit(person=reader, category=category)
    with _at(60):
        note_category_visit(person=reader, category=category)  # a later visit, here only
    assert not _listed(reader, here).is_new
    assert _listed(reader, there).is_new


@pytest.mark.parametrize("topic_count", [2, 12])
def test_the_list_with_visits_is_still_one_query(reader, topic_count):
    for number in range(topic_count):
        topic = TopicFactory(category=CategoryFactory())
        add_replies(topic, 2)
        if number % 2:
            mark_topic_read(person=reader, topic=topic, up_to=1)
        note_category_visit(person=reader, category=topic.category)
    with CaptureQueriesContext(connection) as queries:
        listed = list(topics_for(viewer=reader))
    assert len(queries) == 1
    assert sorted(topic.unread_count for topic in listed) == sorted([2, 3] * (topic_count // 2))
