"""Issue 13's journey in real Chromium, with axe-core on every page: a member types the gym
question and is offered the existing topic; an advisor who knows about the theme is told of the
waiting question, says "I'm answering this" and answers; the member accepts the answer and adds
what Calderdale decided; the council page lists it."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from community.support.models import Listing
from forums.models import Topic
from forums.services.answers import accept_answer
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.browser.test_forum_journey import can_log_in
from tests.browser.test_journeys import account_nav, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    theme,
)
from tests.forums.factories import CategoryFactory

GYM_TOPIC = "Using my direct payment for a gym membership"
QUESTION = "Can I use my direct payment to pay for a gym membership?"
DETAILS = "My physio says swimming would help my back. I live in Calderdale."
ANSWER = "Often yes, when it meets an outcome in your support plan. Ask your social worker."


def _the_forum():
    """A theme'd category with an answered gym topic in it, and another about paying family."""
    category = CategoryFactory(
        name="Using your direct payment",
        slug="using-your-direct-payment",
        description="What a direct payment can pay for.",
        theme=theme("using-direct-payments", "Using direct payments"),
    )
    asker, helper = PersonFactory(), PersonFactory()
    gym = start_topic(
        author=asker,
        category=category,
        title=GYM_TOPIC,
        body="Has anyone had a gym or pool membership agreed?",
    )
    accept_answer(person=asker, post=post_reply(author=helper, topic=gym, body="Mine was."))
    start_topic(
        author=helper,
        category=category,
        title="Can I pay my daughter to be my PA?",
        body="She helps me most mornings.",
    )
    return category


def _advisor_who_knows(category):
    organisation = OrganisationFactory(name="Calder Valley Collective", verified=True)
    advisor = can_log_in(advisor_of(organisation, email="bev@example.org", display_name="Bev T"))
    listing, _ = Listing.objects.get_or_create(person=advisor)
    listing.specialisms.add(category.theme)
    return advisor


def test_gym_question_is_matched_answered_by_a_told_advisor_and_its_council_decision_listed(
    open_page,
):
    category = outside_event_loop(_the_forum)
    advisor = outside_event_loop(_advisor_who_knows, category)
    member = can_log_in(PersonFactory(email="wren@example.org", display_name="Wren"))
    this_year = str(timezone.localdate().year)

    # The member types the gym question and is offered the existing topic first.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    page.goto("/forums/new/")
    check_accessibility(page)
    page.get_by_label("Your question or topic in one sentence").fill(QUESTION)
    page.get_by_label("Which theme is it about?").select_option(label="Using your direct payment")
    page.get_by_role("button", name="Continue").click()
    suggestions = page.get_by_role("region", name="Questions like yours")
    expect(suggestions).to_be_visible()
    offered = suggestions.get_by_role("link")
    expect(offered.first).to_have_text(GYM_TOPIC)
    expect(suggestions).to_contain_text("Answered")
    check_accessibility(page)

    # Her council is not in that topic, so she asks, for an advisor's answer.
    page.get_by_role("radio", name=re.compile("^A question")).check()
    page.get_by_label("Say more").fill(DETAILS)
    page.get_by_label("Ask for an advisor's answer").check()
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(page)
    topic = Topic.objects.get(title=QUESTION)
    assert topic.wants_advisor

    # The advisor is told, says "I'm answering this", and answers.
    advisor_page = open_page()
    advisor_page.goto("/")
    check_accessibility(advisor_page)
    log_in(advisor_page, email=advisor.email, password=DEFAULT_PASSWORD)
    notifications = account_nav(advisor_page).get_by_role("link", name=re.compile("^Notifications"))
    expect(notifications).to_have_accessible_name("Notifications, 1 unread")
    notifications.click()
    check_accessibility(advisor_page)
    advisor_page.get_by_role("link", name=re.compile("asked for an advisor's answer")).click()
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(advisor_page)
    advisor_page.get_by_role("button", name="I'm answering this").click()
    expect(advisor_page.get_by_role("main")).to_contain_text("You said you are answering this")
    expect(advisor_page.locator("#answering")).to_contain_text("Bev T is answering this")
    check_accessibility(advisor_page)
    advisor_page.get_by_label("Your reply").fill(ANSWER)
    advisor_page.get_by_role("button", name="Post your reply").click()
    expect(
        advisor_page.get_by_role("alert").filter(has_text="Your reply is posted")
    ).to_be_visible()
    check_accessibility(advisor_page)

    # The member sees someone is on it, then marks the answer.
    page.goto(f"{topic.get_absolute_url()}?page=1")
    check_accessibility(page)
    page.get_by_role("article", name="Reply 1 from Bev T").get_by_role(
        "button", name=re.compile("^Mark as answer")
    ).click()
    expect(page.get_by_role("alert").filter(has_text="Marked as the answer")).to_be_visible()
    check_accessibility(page)

    # She adds what Calderdale decided.
    page.get_by_role("link", name="Add what the council decided").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What did the council decide?")
    check_accessibility(page)
    page.get_by_label("Which council?").select_option(label="Calderdale")
    page.get_by_role("radio", name="Agreed", exact=True).check()
    page.get_by_label("Which year?").fill(this_year)
    page.get_by_label("What was it for?").fill("gym membership")
    page.get_by_role("button", name="Add it").click()
    decision = page.locator("#council-decision")
    expect(decision).to_contain_text(f"Calderdale agreed in {this_year}")
    expect(decision).to_contain_text("gym membership")
    check_accessibility(page)

    # The council page lists it, linked to her question, without her name.
    page.goto("/forums/councils/")
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Calderdale")
    expect(main.get_by_role("link", name=QUESTION)).to_be_visible()
    expect(main).not_to_contain_text("Wren")
    main.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(page)
