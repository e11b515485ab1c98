"""Questions reach advisors, on the pages (issue 13 point 3): "I'm answering this" on the topic
page, who is answering on the waiting list, and "Asked 20 minutes ago"."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from community.support.models import Listing
from forums.freshness import topic_changed
from forums.models import AnswerClaim
from forums.services.advisors import claim_question
from tests.factories import OrganisationFactory, advisor_of
from tests.factories import theme as make_theme
from tests.forums.factories import CategoryFactory, add_replies
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

WAITING = reverse("forums_waiting")
BUTTON = 'name="answering" value="yes"'
TAKE_BACK = 'name="answering" value="no"'


@pytest.fixture
def pa_category(db):
    return CategoryFactory(name="Employing a PA", slug="pas", theme=make_theme())


@pytest.fixture
def second_advisor(db):
    return advisor_of(OrganisationFactory(name="Leeds Carers"), display_name="Jo K")


@pytest.fixture
def waiting(asker, pa_category):
    return ask(asker, pa_category, title="Can I pay my daughter as my PA?", wants_advisor=True)


def _answering_url(topic) -> str:
    return reverse("forums_topic_answering", args=[topic.pk])


def _top_of(topic) -> str:
    return f"{topic.get_absolute_url()}?page=1"


# ---- The topic page ----


def test_an_advisor_is_offered_im_answering_this(advisor, waiting):
    page = signed_in(advisor).get(_top_of(waiting)).content.decode()
    assert BUTTON in page
    assert f'action="{_answering_url(waiting)}"' in page
    assert "I&#x27;m answering this" in page or "I'm answering this" in page


def test_members_visitors_and_the_asker_are_not_offered_it(
    member_client, client, asker, waiting, question
):
    for viewer in (member_client, client, signed_in(asker)):
        assert BUTTON not in viewer.get(_top_of(waiting)).content.decode()


def test_it_is_not_offered_on_a_question_that_did_not_ask_for_an_advisor(advisor, question):
    assert BUTTON not in signed_in(advisor).get(_top_of(question)).content.decode()


def test_pressing_it_tells_everyone_who_is_answering(advisor, waiting, client):
    advisor_client = signed_in(advisor)
    response = advisor_client.post(_answering_url(waiting), {"answering": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"{_top_of(waiting)}#answering"
    followed = page_text(advisor_client.get(response["Location"]))
    assert "You said you are answering this." in followed
    assert TAKE_BACK in advisor_client.get(_top_of(waiting)).content.decode()

    claimed_at = AnswerClaim.objects.get(topic=waiting).claimed_at
    with time_machine.travel(claimed_at + datetime.timedelta(minutes=10), tick=False):
        text = page_text(client.get(_top_of(waiting)))
    assert "Bev T is answering this (since 10 minutes ago" in text


def test_a_second_advisor_is_told_and_not_offered_the_button(advisor, second_advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    response = signed_in(second_advisor).get(_top_of(waiting))
    page = response.content.decode()
    assert BUTTON not in page and TAKE_BACK not in page
    text = page_text(response)
    assert "Bev T is answering this (since just now" in text
    assert "You can still reply if you have something to add." in text
    assert 'id="reply-title"' in page  # the reply form is still there


def test_a_second_advisor_pressing_it_late_is_told_who_was_first(advisor, second_advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    second = signed_in(second_advisor)
    response = second.post(_answering_url(waiting), {"answering": "yes"}, follow=True)
    assert "Bev T is already answering this question." in page_text(response)
    assert AnswerClaim.objects.filter(topic=waiting).count() == 1


def test_the_advisor_can_take_it_back(advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    advisor_client = signed_in(advisor)
    response = advisor_client.post(_answering_url(waiting), {"answering": "no"}, follow=True)
    text = page_text(response)
    assert "You are no longer answering this." in text
    assert "is answering this" not in text
    assert BUTTON in response.content.decode()


def test_a_member_pressing_it_is_refused(member_client, waiting):
    response = member_client.post(_answering_url(waiting), {"answering": "yes"})
    assert response.status_code == 403
    assert not AnswerClaim.objects.exists()


def test_signed_out_people_are_sent_to_log_in_and_get_is_refused(client, advisor, waiting):
    response = client.post(_answering_url(waiting), {"answering": "yes"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert signed_in(advisor).get(_answering_url(waiting)).status_code == 405


def test_a_hidden_question_cannot_be_claimed(advisor, db):
    assert signed_in(advisor).post("/forums/topics/999999/answering/").status_code == 404


@pytest.mark.parametrize("replies", [2, 40])
def test_topic_page_queries_for_an_advisor_do_not_grow(
    advisor, second_advisor, waiting, django_assert_num_queries, replies
):
    claim_question(advisor=advisor, topic=waiting)
    add_replies(waiting, replies)
    second = signed_in(second_advisor)
    second.get(_top_of(waiting))  # the first visit marks it read; count a later one
    # As drawn, not from a kept copy (frontend.shared.topic_copies).
    topic_changed(waiting.pk)
    # Session, person, topic (with the read mark, watch level and whether a reply draft
    # waits), posts (with "helped by you", authors and badges), the claim, the trained-role
    # check, the header's unread counts (chat, notifications). Nothing newly read: no write.
    with django_assert_num_queries(8):
        assert second.get(_top_of(waiting)).status_code == 200


# ---- The waiting list ----


def test_the_waiting_list_says_how_long_ago_a_question_was_asked(advisor, waiting):
    advisor_client = signed_in(advisor)
    with time_machine.travel(waiting.created + datetime.timedelta(seconds=20), tick=False):
        text = page_text(advisor_client.get(WAITING))
    assert "Asked just now" in text and "0 minutes" not in text
    with time_machine.travel(waiting.created + datetime.timedelta(minutes=20), tick=False):
        assert "Asked 20 minutes ago" in page_text(advisor_client.get(WAITING))
    with time_machine.travel(waiting.created + datetime.timedelta(days=3, hours=5), tick=False):
        assert "Asked 3 days ago" in page_text(advisor_client.get(WAITING))


def test_the_waiting_list_shows_who_is_answering(advisor, second_advisor, waiting, asker):
    other = ask(asker, waiting.category, title="Nobody is answering me yet", wants_advisor=True)
    claim = claim_question(advisor=advisor, topic=waiting)
    with time_machine.travel(claim.claimed_at + datetime.timedelta(minutes=10), tick=False):
        page = signed_in(second_advisor).get(WAITING)
    text = page_text(page)
    assert "Bev T is answering this (since 10 minutes ago" in text
    assert "minutes ago</time>)</li>" in page.content.decode()
    assert text.count("is answering this") == 1
    assert other.title in text


def test_a_claim_leaves_the_waiting_list_with_the_advisors_reply(advisor, waiting):
    claim_question(advisor=advisor, topic=waiting)
    answer(advisor, waiting)
    text = page_text(signed_in(advisor).get(WAITING))
    assert waiting.title not in text and "is answering this" not in text


@pytest.mark.parametrize("how_many", [2, 12])
def test_waiting_list_queries_with_claims_do_not_grow(
    asker, pa_category, django_assert_num_queries, how_many, rate_limits
):
    rate_limits(topic="100/600")
    organisation = OrganisationFactory()
    advisors = [advisor_of(organisation) for _ in range(how_many)]
    for number, person in enumerate(advisors):
        topic = ask(asker, pa_category, title=f"Waiting question {number}", wants_advisor=True)
        claim_question(advisor=person, topic=topic)
    advisor_client = signed_in(advisors[0])
    # As without claims: who is answering comes in the page's own query.
    with django_assert_num_queries(8):
        response = advisor_client.get(WAITING)
    assert page_text(response).count("is answering this") == how_many


# ---- Choosing how to hear ----


def test_advisors_can_choose_how_they_hear_of_questions_a_daily_digest_at_first(advisor):
    response = signed_in(advisor).get(reverse("notification_settings"))
    text = page_text(response)
    assert "When someone asks for an advisor's answer about something you know about" in text
    page = response.content.decode()
    assert re.search(r'name="forums__question_for_advisors" value="digest"[^>]*checked', page)
    assert re.search(r'name="forums__question_waiting_long" value="email"[^>]*checked', page)


def test_a_listing_is_not_needed_to_answer(advisor, waiting):
    """Being told needs a specialism in the directory; saying "I'm answering this" needs only
    the trained role."""
    assert not Listing.objects.filter(person=advisor).exists()
    assert signed_in(advisor).post(_answering_url(waiting), {"answering": "yes"}).status_code == 302
    assert AnswerClaim.objects.get(topic=waiting).advisor == advisor
    assert timezone.now() - AnswerClaim.objects.get().claimed_at < datetime.timedelta(minutes=1)
