"""'This helped', accepted answers, and the 'Waiting for an advisor' list."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from community.errors import NotAllowed
from forums.errors import ForumError
from forums.models import Reaction, Topic
from forums.selectors import topic_page, waiting_for_advisor
from forums.services.answers import accept_answer, clear_answer
from forums.services.posts import delete_post, post_reply
from forums.services.reactions import mark_helped, unmark_helped
from forums.services.topics import start_topic
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, theme
from tests.forums.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(asker, category):
    return start_topic(
        author=asker,
        category=category,
        title="Can I pay my daughter as my PA?",
        body="She lives with me.",
        wants_advisor=True,
    )


def test_one_this_helped_per_person_however_often_they_say_it(question, replier, asker):
    post = post_reply(author=replier, topic=question, body="Ask your council in writing.")
    mark_helped(person=asker, post=post)
    mark_helped(person=asker, post=post)
    mark_helped(person=PersonFactory(), post=post)

    post.refresh_from_db()
    assert post.helped_count == 2
    assert Reaction.objects.filter(post=post, person=asker).count() == 1
    with pytest.raises(IntegrityError):
        Reaction.objects.create(person=asker, post=post)


def test_taking_back_this_helped_lowers_the_count(question, replier, asker):
    post = post_reply(author=replier, topic=question, body="Ask your council.")
    mark_helped(person=asker, post=post)
    unmark_helped(person=asker, post=post)
    unmark_helped(person=asker, post=post)
    post.refresh_from_db()
    assert post.helped_count == 0


def test_nobody_marks_their_own_post_and_visitors_cannot_mark(question, replier):
    post = post_reply(author=replier, topic=question, body="Ask your council.")
    with pytest.raises(ForumError) as own:
        mark_helped(person=replier, post=post)
    with pytest.raises(NotAllowed):
        mark_helped(person=AnonymousUser(), post=post)
    assert own.value.code == "own_post"


def test_the_asker_chooses_one_answer_and_choosing_again_replaces_it(question, asker, replier):
    first = post_reply(author=replier, topic=question, body="Yes")
    second = post_reply(author=PersonFactory(), topic=question, body="Yes, in exceptional cases")

    accept_answer(person=asker, post=first)
    topic = accept_answer(person=asker, post=second)

    assert topic.accepted_answer == second and topic.is_answered
    page = topic_page(viewer=replier, topic=Topic.objects.get(pk=question.pk))
    assert page.answer.pk == second.pk
    assert [p.is_answer for p in page.posts] == [False, False, True]


def test_only_the_asker_or_a_moderator_chooses_the_answer(question, replier, moderator):
    reply = post_reply(author=replier, topic=question, body="Yes")
    with pytest.raises(NotAllowed):
        accept_answer(person=replier, post=reply)
    accept_answer(person=moderator, post=reply)
    assert Topic.objects.get(pk=question.pk).is_answered


def test_discussions_have_no_answers_and_the_opening_post_is_not_one(asker, category, replier):
    discussion = TopicFactory(category=category, author=asker, kind=Topic.Kind.DISCUSSION)
    reply = post_reply(author=replier, topic=discussion, body="I agree")
    with pytest.raises(NotAllowed):
        accept_answer(person=asker, post=reply)
    question = TopicFactory(category=category, author=asker)
    with pytest.raises(ForumError):
        accept_answer(person=asker, post=question.posts.get())


def test_removing_the_answer_or_clearing_it_makes_the_topic_unanswered(question, asker, replier):
    reply = post_reply(author=replier, topic=question, body="Yes")
    accept_answer(person=asker, post=reply)
    delete_post(deleted_by=replier, post=reply)
    assert not Topic.objects.get(pk=question.pk).is_answered

    another = post_reply(author=replier, topic=question, body="Yes, really")
    accept_answer(person=asker, post=another)
    clear_answer(person=asker, topic=Topic.objects.get(pk=question.pk))
    assert Topic.objects.get(pk=question.pk).accepted_answer is None


def test_a_question_waits_for_an_advisor_until_a_verified_advisor_replies(
    question, advisor, replier
):
    assert list(waiting_for_advisor(viewer=advisor)) == [question]
    post_reply(author=replier, topic=question, body="Not an advisor, but...")
    assert list(waiting_for_advisor(viewer=advisor)) == [question]
    post_reply(author=advisor, topic=question, body="As an advisor: yes, with agreement.")
    assert list(waiting_for_advisor(viewer=advisor)) == []


def test_advisors_from_unverified_organisations_do_not_count(question, advisor):
    unverified = advisor_of(OrganisationFactory(verified=False))
    post_reply(author=unverified, topic=question, body="I think so")
    assert list(waiting_for_advisor(viewer=advisor)) == [question]


def test_the_waiting_list_is_oldest_first_and_filters_by_theme(asker, advisor):
    pa = CategoryFactory(theme=theme("employing-a-pa"))
    money = CategoryFactory(theme=theme("managing-the-money", "Managing the money"))
    older = start_topic(
        author=asker, category=pa, title="Holiday pay for my PA", body="?", wants_advisor=True
    )
    newer = start_topic(
        author=asker, category=money, title="Prepaid card refused", body="?", wants_advisor=True
    )
    start_topic(author=asker, category=money, title="Not asking an advisor", body="?")

    assert list(waiting_for_advisor(viewer=advisor)) == [older, newer]
    assert list(waiting_for_advisor(viewer=advisor, theme="managing-the-money")) == [newer]


def test_only_advisors_planning_partners_and_moderators_see_the_waiting_list(
    question, replier, moderator
):
    with pytest.raises(NotAllowed):
        waiting_for_advisor(viewer=replier)
    with pytest.raises(NotAllowed):
        waiting_for_advisor(viewer=AnonymousUser())
    assert list(waiting_for_advisor(viewer=moderator)) == [question]
