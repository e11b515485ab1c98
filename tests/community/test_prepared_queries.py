"""A prepared query (community.prepared_queries) gives exactly what its queryset gives, for any
values, in one query each time, with its SQL made once; the session store and the person
lookup built on it behave as Django's own."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.models import Membership, User
from community.prepared_queries import PreparedQuery
from community.selectors import badge_memberships
from community.sessions import SessionStore
from forums.models import Post
from forums.selectors.authors import with_author_badges
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import TopicFactory, add_replies

pytestmark = pytest.mark.django_db


def _posts(topic_id: int, start: int, end: int, at: datetime.datetime):
    return with_author_badges(
        Post.objects.filter(Q(number__gte=start, number__lt=end) | Q(number=1), topic_id=topic_id)
        .select_related("author")
        .order_by("number"),
        at=at,
    )


def _fields(post: Post) -> dict:
    return {
        **{key: value for key, value in vars(post).items() if not key.startswith("_")},
        "author": vars(post.author) and post.author.display_name,
    }


def test_rows_are_those_of_the_queryset_for_every_value(category):
    advisor = advisor_of(OrganisationFactory(verified=True))
    topics = [TopicFactory(category=category) for _ in range(2)]
    for topic in topics:
        add_replies(topic, 6, author=advisor)
        add_replies(topic, 6)
    prepared = PreparedQuery(_posts)
    now = timezone.now()
    for topic in topics:
        for start, end in [(2, 5), (5, 12), (12, 40)]:
            expected = [_fields(post) for post in _posts(topic.pk, start, end, now)]
            got = [_fields(post) for post in prepared.run(
                topic_id=topic.pk, start=start, end=end, at=now
            )]  # fmt: skip
            assert got == expected and got


def test_a_moment_is_a_value_like_any_other():
    advisor = advisor_of(OrganisationFactory(verified=True))
    now = timezone.now()
    User.objects.filter(pk=advisor.pk).update(suspended_until=now + datetime.timedelta(days=2))

    def badges(person_id: int, at: datetime.datetime):
        return badge_memberships(at=at).filter(person_id=person_id)

    prepared = PreparedQuery(badges)
    assert prepared.run(person_id=advisor.pk, at=now) == []
    later = now + datetime.timedelta(days=3)
    assert [m.pk for m in prepared.run(person_id=advisor.pk, at=later)] == [
        Membership.objects.get(person=advisor).pk
    ]


def test_grouped_counts_and_flat_lists_come_out_as_from_the_queryset():
    people = [PersonFactory(display_name=f"Person {n}") for n in range(3)]

    def named(first: int, last: int):
        return (
            User.objects.filter(pk__gte=first, pk__lte=last)
            .order_by()
            .values("is_active")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )

    prepared = PreparedQuery(named)
    assert prepared.run(first=people[0].pk, last=people[2].pk) == [3]
    assert prepared.run(first=people[1].pk, last=people[1].pk) == [1]


def test_each_run_is_one_query_and_the_sql_is_made_once():
    person = PersonFactory()
    prepared = PreparedQuery(lambda pk: User.objects.filter(pk=pk))
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert prepared.run(pk=person.pk)[0] == person
        assert len(queries) == 1
    assert len(prepared._idle) == 1


def test_a_value_the_query_does_not_use_is_refused():
    prepared = PreparedQuery(lambda pk, unused: User.objects.filter(pk=pk))
    with pytest.raises(ImproperlyConfigured, match="unused"):
        prepared.run(pk=1, unused=2)
    with pytest.raises(TypeError):
        PreparedQuery(lambda pk: User.objects.filter(pk=pk)).run(id=1)


@pytest.mark.django_db(transaction=True)
def test_runs_on_other_threads_use_their_own_connection():
    people = [PersonFactory() for _ in range(4)]
    prepared = PreparedQuery(lambda pk: User.objects.filter(pk=pk))
    found = {}

    def look(person):
        try:
            found[person.pk] = prepared.run(pk=person.pk)[0].pk
        finally:
            connections.close_all()

    threads = [threading.Thread(target=look, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {person.pk: person.pk for person in people}


def test_the_session_store_loads_a_live_session_and_forgets_an_expired_one():
    store = SessionStore()
    store["colour"] = "green"
    store.create()
    assert SessionStore(session_key=store.session_key).load() == {"colour": "green"}
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(session_key=store.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_a_person_by_id_is_found_as_django_finds_them():
    person = PersonFactory()
    people = get_user_model().objects
    assert people.get(pk=person.pk) == person
    assert people.get(pk=str(person.pk)) == person
    with pytest.raises(User.DoesNotExist):
        people.get(pk=person.pk + 1000)
    # Other lookups, and a relation's manager (which must keep its own filter), are Django's.
    assert people.get(email=person.email) == person
    group = Group.objects.create(name="Readers")
    with pytest.raises(User.DoesNotExist):
        group.user_set.get(pk=person.pk)
    group.user_set.add(person)
    assert group.user_set.get(pk=person.pk) == person
