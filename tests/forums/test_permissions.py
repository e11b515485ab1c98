"""Who may do what in the forums: the role × action matrix, one row per rule."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forums import permissions
from forums.models import Post
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.factories import CategoryFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROLES = ("visitor", "member", "author", "moderator", "advisor", "closed")


@pytest.fixture
def people():
    author = PersonFactory()
    return {
        "visitor": AnonymousUser(),
        "member": PersonFactory(),
        "author": author,
        "moderator": PersonFactory(is_moderator=True),
        "advisor": advisor_of(OrganisationFactory()),
        "closed": PersonFactory(is_active=False),
    }


@pytest.fixture
def things(people):
    public = TopicFactory(category=CategoryFactory(), author=people["author"])
    private = TopicFactory(category=CategoryFactory(members_only=True), author=people["author"])
    reply = Post.objects.create(
        topic=public, number=2, author=PersonFactory(), body="Reply", body_html="<p>Reply</p>"
    )
    return {"public": public, "private": private, "own": public.posts.get(number=1), "reply": reply}


#                                     visitor member author moderator advisor closed
MATRIX = {
    "view public topic":              (1,      1,     1,     1,        1,      1),
    "view members-only topic":        (0,      1,     1,     1,        1,      0),
    "start a topic":                  (0,      1,     1,     1,        1,      0),
    "reply":                          (0,      1,     1,     1,        1,      0),
    "edit own opening post":          (0,      0,     1,     1,        0,      0),
    "remove the opening post":        (0,      0,     1,     1,        0,      0),
    "see its history":                (0,      0,     1,     1,        0,      0),
    "mark the opening post helpful":  (0,      1,     0,     1,        1,      0),
    "choose the answer":              (0,      0,     1,     1,        0,      0),
    "see anonymous authors":          (0,      0,     0,     1,        0,      0),
    "see waiting for an advisor":     (0,      0,     0,     1,        1,      0),
}  # fmt: skip


def _ask(action, person, things):
    public, private, own = things["public"], things["private"], things["own"]
    return {
        "view public topic": lambda: permissions.can_view_topic(person, public),
        "view members-only topic": lambda: permissions.can_view_topic(person, private),
        "start a topic": lambda: permissions.can_start_topic(person, public.category),
        "reply": lambda: permissions.can_reply(person, public),
        "edit own opening post": lambda: permissions.can_edit_post(person, own),
        "remove the opening post": lambda: permissions.can_delete_post(person, own),
        "see its history": lambda: permissions.can_see_post_history(person, own),
        "mark the opening post helpful": lambda: permissions.can_mark_helped(person, own),
        "choose the answer": lambda: permissions.can_accept_answer(person, public),
        "see anonymous authors": lambda: permissions.can_see_anonymous_author(person),
        "see waiting for an advisor": lambda: permissions.can_see_waiting_for_advisor(person),
    }[action]()


@pytest.mark.parametrize("action", list(MATRIX))
def test_each_role_may_do_exactly_what_the_matrix_says(action, people, things):
    allowed = {role: _ask(action, people[role], things) for role in ROLES}
    assert allowed == {role: bool(flag) for role, flag in zip(ROLES, MATRIX[action], strict=True)}


def test_nobody_edits_a_removed_post(people, things):
    from django.utils import timezone

    things["own"].deleted_at = timezone.now()
    assert not permissions.can_edit_post(people["author"], things["own"])
    assert not permissions.can_edit_post(people["moderator"], things["own"])
