import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from community.demo import data
from community.models import Notification, User
from forums.models import Category, Post, Topic
from forums.selectors import categories_for, topic_page, waiting_for_advisor

pytestmark = pytest.mark.django_db


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=_Discard())


def test_the_demo_forum_is_seeded_once(demo):
    counts = (Category.objects.count(), Topic.objects.count(), Post.objects.count())
    call_command("seed_demo", stdout=_Discard())
    assert (Category.objects.count(), Topic.objects.count(), Post.objects.count()) == counts
    assert counts[0] == 10 and counts[1] >= 5


def test_the_demo_forum_tells_nobody_about_old_conversations(demo):
    assert not Notification.objects.filter(kind__startswith="forums.").exists()


def test_the_demo_has_an_answer_a_waiting_question_and_a_members_only_category(demo):
    advisor = User.objects.get(email=data.ORGANISATION_PEOPLE[1].email)
    answered = Topic.objects.get(title="Can I pay my daughter to be my PA?", is_answered=True)
    assert answered.accepted_answer.author.display_name == "Bev T"
    waiting = list(waiting_for_advisor(viewer=advisor))
    assert [t.title for t in waiting] == [
        "My council wants receipts for everything — is that right?"
    ]
    assert "mental-health" not in {c.slug for c in categories_for(viewer=AnonymousUser())}


def test_the_demo_anonymous_question_shows_a_member(demo):
    topic = Topic.objects.get(anonymous=True)
    page = topic_page(viewer=User.objects.get(email=data.MEMBERS[0].email), topic=topic)
    assert page.posts[0].author_name == "A member"


def test_every_demo_category_has_believable_topics_with_replies(demo):
    for category in Category.objects.all():
        topics = Topic.objects.filter(category=category, reply_count__gt=0)
        assert topics.count() >= 1, category.slug
    started = Topic.objects.filter(category__slug="getting-started", reply_count__gt=0)
    assert started.count() >= 2
    for topic in Topic.objects.filter(reply_count__gt=0):
        numbers = list(topic.posts.order_by("number").values_list("number", "created"))
        assert [n for n, _ in numbers] == list(range(1, len(numbers) + 1))
        times = [created for _, created in numbers]
        assert times == sorted(times), topic.title
