"""While a member types a new question's title, questions like it appear, answered ones marked
(with JavaScript); the same help is the "Questions like yours" step without it."""

from playwright.sync_api import expect

from forums.services.answers import accept_answer
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.browser.test_forum_journey import can_log_in
from tests.browser.test_journeys import log_in
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.forums.factories import CategoryFactory


def _answered_question(category, asker, helper):
    topic = start_topic(
        author=asker,
        category=category,
        title="Can I pay my daughter to be my personal assistant?",
        body="She lives with me. What does the council allow?",
    )
    reply = post_reply(author=helper, topic=topic, body="Sometimes, if the council agrees.")
    accept_answer(person=asker, post=reply)
    return topic


def test_typing_a_title_shows_questions_like_it_with_answered_ones_marked(open_page):
    category = CategoryFactory(name="Employing a personal assistant", slug="employing-a-pa")
    asker, helper = PersonFactory(), PersonFactory()
    outside_event_loop(_answered_question, category, asker, helper)
    member = can_log_in(PersonFactory(email="robin@example.org", display_name="Robin"))

    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    page.goto("/forums/new/")
    check_accessibility(page)
    page.get_by_label("Your question or topic in one sentence").press_sequentially(
        "Paying my daughter as a personal assistant", delay=10
    )
    suggestions = page.get_by_role("region", name="Questions like yours")
    expect(suggestions).to_be_visible()
    expect(
        suggestions.get_by_role("link", name="Can I pay my daughter to be my personal assistant?")
    ).to_be_visible()
    expect(suggestions).to_contain_text("Answered")
    expect(page.get_by_role("status").filter(has_text="like yours")).to_have_count(1)
    check_accessibility(page)
