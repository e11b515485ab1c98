"""The forum journey in a real browser, with axe-core on every page: a member asks a question
and asks for an advisor; an advisor finds it in "Waiting for an advisor" and replies (with their
badge); the member is told, opens the reply and marks it as the answer; the topic shows as
answered with the answer right under the question."""

import re

from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from forums.models import Topic
from forums.services.answers import accept_answer
from forums.services.posts import edit_post, post_reply
from forums.services.topics import start_topic
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.browser.test_journeys import account_nav, log_in
from tests.factories import (
    DEFAULT_PASSWORD,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    theme,
)
from tests.forums.factories import CategoryFactory

QUESTION = "Can I pay my daughter to be my PA?"
DETAILS = "My daughter lives with me. The council says family cannot be paid. Is that right?"
REPLY = (
    "Usually a family member who lives with you cannot be paid, but the council can agree to it "
    "when it is **necessary**. Ask them to look at your situation."
)
BADGE = "Trained advisor — Calder Valley Collective, since March 2025"


def can_log_in(person):
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


def test_ask_for_an_advisor_advisor_replies_member_marks_the_answer(open_page):
    CategoryFactory(
        name="Employing a personal assistant",
        slug="employing-a-pa",
        description="Finding, hiring and paying a personal assistant (PA).",
        theme=theme(),
    )
    member = can_log_in(PersonFactory(email="wren@example.org", display_name="Wren"))
    organisation = OrganisationFactory(name="Calder Valley Collective", verified=True)
    advisor = can_log_in(advisor_of(organisation, email="bev@example.org", display_name="Bev T"))

    # The member asks, starting from the forums.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member.email, password=DEFAULT_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forums").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forums")
    check_accessibility(page)
    page.get_by_role("link", name="Employing a personal assistant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employing a personal assistant")
    check_accessibility(page)
    page.get_by_role("link", name="Ask a question here").click()
    check_accessibility(page)
    page.get_by_label("Your question or topic in one sentence").fill(QUESTION)
    expect(page.get_by_label("Which theme is it about?")).to_have_value("employing-a-pa")
    page.get_by_role("button", name="Continue").click()

    # Nothing answered is like it yet, so the rest of the question.
    expect(page.get_by_label("Say more")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_label("Your question or topic in one sentence")).to_have_value(QUESTION)
    page.get_by_role("radio", name=re.compile("^A question")).check()
    page.get_by_label("Say more").fill(DETAILS)
    page.get_by_label("Ask for an advisor's answer").check()
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(page.get_by_role("alert").filter(has_text="Your topic is posted")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Asked for an advisor's answer")
    topic = Topic.objects.get()
    assert topic.wants_advisor and topic.author == member

    # The advisor finds it in "Waiting for an advisor" and replies.
    advisor_page = open_page()
    advisor_page.goto("/forums/")
    check_accessibility(advisor_page)
    log_in(advisor_page, email=advisor.email, password=DEFAULT_PASSWORD)
    advisor_page.goto("/forums/")
    check_accessibility(advisor_page)
    advisor_page.get_by_role("link", name="Waiting for an advisor").click()
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text("Waiting for an advisor")
    check_accessibility(advisor_page)
    advisor_page.get_by_role("main").get_by_role("link", name=QUESTION).click()
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(advisor_page)
    advisor_page.get_by_label("Your reply").fill(REPLY)
    advisor_page.get_by_role("button", name="Post your reply").click()
    expect(
        advisor_page.get_by_role("alert").filter(has_text="Your reply is posted")
    ).to_be_visible()
    check_accessibility(advisor_page)
    reply = advisor_page.get_by_role("article", name="Reply 1 from Bev T")
    expect(reply).to_contain_text(BADGE)
    expect(reply.locator("strong")).to_have_text("necessary")

    # The question has left the advisor's list.
    advisor_page.goto("/forums/waiting/")
    check_accessibility(advisor_page)
    expect(advisor_page.get_by_role("main")).not_to_contain_text(QUESTION)

    # The member is told: the header counts one unread notification.
    page.goto("/forums/")
    check_accessibility(page)
    notifications = account_nav(page).get_by_role("link", name=re.compile("^Notifications"))
    expect(notifications).to_have_accessible_name("Notifications, 1 unread")
    notifications.click()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile(r"Bev T replied in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(page).to_have_url(re.compile(r"#post-2$"))
    check_accessibility(page)

    # She marks the reply as the answer.
    page.get_by_role("article", name="Reply 1 from Bev T").get_by_role(
        "button", name=re.compile("^Mark as answer")
    ).click()
    expect(page.get_by_role("alert").filter(has_text="Marked as the answer")).to_be_visible()
    check_accessibility(page)
    main = page.get_by_role("main")
    expect(main.locator(".topic-header")).to_contain_text("Answered")
    # Shown once, where it sits in the conversation and marked; the question points to it.
    chosen = page.get_by_role("article", name=re.compile("^The answer, reply 1 from Bev T"))
    expect(chosen).to_contain_text("Chosen as the answer")
    expect(chosen).to_contain_text("Usually a family member who lives with you")
    expect(chosen).to_contain_text(BADGE)
    expect(main.get_by_text("Usually a family member who lives with you")).to_have_count(1)
    order = page.evaluate(
        """() => [...document.querySelectorAll('#post-1, #answer, #replies-title')]
                 .map(element => element.id)"""
    )
    assert order == ["post-1", "answer", "replies-title"]
    page.get_by_role("link", name="Go to the answer").click()
    expect(page).to_have_url(re.compile(r"#post-2$"))
    check_accessibility(page)

    # The category lists it as answered, for anyone.
    page.get_by_role("link", name="Back to Employing a personal assistant").click()
    check_accessibility(page)
    page.get_by_role("link", name="Answered", exact=True).click()
    check_accessibility(page)
    expect(page.get_by_role("main").get_by_role("link", name=QUESTION)).to_be_visible()


def _seed_a_forum():
    """A category with an answered question (edited, with an advisor's answer), an anonymous
    question, and a members-only category: enough for every forum page to have content."""
    category = CategoryFactory(
        name="Employing a personal assistant",
        slug="employing-a-pa",
        description="Finding, hiring and paying a personal assistant (PA).",
        theme=theme(),
    )
    CategoryFactory(name="Mental health", slug="mental-health", members_only=True)
    member = can_log_in(PersonFactory(email="wren@example.org", display_name="Wren"))
    advisor = can_log_in(
        advisor_of(
            OrganisationFactory(name="Calder Valley Collective", verified=True),
            email="bev@example.org",
            display_name="Bev T",
        )
    )
    topic = start_topic(
        author=member,
        category=category,
        title=QUESTION,
        body=DETAILS,
        wants_advisor=True,
    )
    post_reply(author=PersonFactory(display_name="Marigold"), topic=topic, body="Same here.")
    accept_answer(person=member, post=post_reply(author=advisor, topic=topic, body=REPLY))
    edit_post(editor=member, post=topic.posts.get(number=1), body=DETAILS + " Thank you.")
    start_topic(
        author=member,
        category=category,
        title="Holiday pay for my PA",
        body="How much holiday does a PA get?",
        anonymous=True,
        wants_advisor=True,
    )
    return member.email, advisor.email, topic.get_absolute_url(), topic.posts.get(number=1).pk


def test_every_forum_page_passes_axe_and_fits_a_320px_screen(open_page):
    """At 320 CSS pixels (an old phone, or 400% zoom), where layouts are most likely to break;
    the journey above checks the same pages at desktop size."""
    member_email, advisor_email, topic_url, opening_id = outside_event_loop(_seed_a_forum)
    size = {"width": 320, "height": 640}

    def visit(page, url):
        page.goto(url)
        check_accessibility(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= page.viewport_size["width"], f"{url} is {width}px wide"

    # A visitor who is not signed in.
    visitor = open_page(size)
    for url in ["/forums/", "/forums/c/employing-a-pa/", topic_url, "/forums/search/?q=daughter"]:
        visit(visitor, url)

    # A member: lists, the topic, and every form, with and without errors.
    member = open_page(size)
    visit(member, "/")
    log_in(member, email=member_email, password=DEFAULT_PASSWORD)
    for url in [
        "/forums/",
        "/forums/c/employing-a-pa/?show=answered",
        "/forums/c/mental-health/",
        f"{topic_url}?page=1",
        f"/forums/p/{opening_id}/edit/",
        f"/forums/p/{opening_id}/history/",
        f"/forums/p/{opening_id}/remove/",
        "/forums/search/?q=PA&answered=on",
        "/forums/new/",
    ]:
        visit(member, url)

    # The new-topic steps: an error, then the suggestions, then an error in the full form.
    member.get_by_role("button", name="Continue").click()
    expect(member.get_by_role("alert")).to_contain_text("There is a problem")
    check_accessibility(member)
    member.get_by_label("Your question or topic in one sentence").fill("Pay my daughter as a PA")
    member.get_by_label("Which theme is it about?").select_option("employing-a-pa")
    member.get_by_role("button", name="Continue").click()
    expect(member.get_by_role("region", name="Questions like yours")).to_contain_text(QUESTION)
    check_accessibility(member)
    member.get_by_role("button", name="Post it").click()
    expect(member.get_by_role("alert")).to_contain_text("Write a little more")
    check_accessibility(member)
    expect(member.get_by_label("Your question or topic in one sentence")).to_have_value(
        "Pay my daughter as a PA"
    )
    member.get_by_role("button", name="Save draft").click()
    expect(member.get_by_text("This is the draft you saved")).to_be_visible()
    check_accessibility(member)

    # A reply with a quote, and one with an error.
    visit(member, f"{topic_url}?page=1")
    member.get_by_role("article", name="Reply 1 from Marigold").get_by_role(
        "link", name=re.compile("^Quote")
    ).click()
    expect(member.get_by_label("Your reply")).to_contain_text("**Marigold** [wrote]")
    check_accessibility(member)
    member.get_by_label("Your reply").fill("")
    member.get_by_role("button", name="Post your reply").click()
    expect(member.get_by_role("alert")).to_contain_text("Write your reply")
    check_accessibility(member)

    # An advisor's list.
    advisor = open_page(size)
    visit(advisor, "/")
    log_in(advisor, email=advisor_email, password=DEFAULT_PASSWORD)
    visit(advisor, "/forums/waiting/")
    expect(advisor.get_by_role("main")).to_contain_text("Holiday pay for my PA")
    expect(advisor.get_by_role("main")).to_contain_text("Started by A member")


def _a_topic_to_reply_to():
    category = CategoryFactory(
        name="Employing a personal assistant",
        slug="employing-a-pa",
        description="Finding, hiring and paying a personal assistant (PA).",
    )
    topic = start_topic(
        author=PersonFactory(display_name="Marigold"),
        category=category,
        title=QUESTION,
        body=DETAILS,
    )
    member = can_log_in(PersonFactory(email="wren@example.org", display_name="Wren"))
    return member.email, topic.get_absolute_url()


def test_a_reply_being_typed_is_kept_as_a_draft_and_is_there_after_a_reload(open_page):
    member_email, topic_url = outside_event_loop(_a_topic_to_reply_to)
    typed = "My council agreed once I explained that she is the only one who can"

    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member_email, password=DEFAULT_PASSWORD)
    page.goto(topic_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(page)

    # Typing, then stopping: a few seconds later the draft is saved, and the page says so.
    page.get_by_label("Your reply").press_sequentially(typed[:20])
    page.get_by_label("Your reply").fill(typed)
    saved = page.get_by_role("status").filter(has_text="Draft saved at")
    expect(saved).to_have_text(re.compile(r"^Draft saved at \d\d:\d\d$"))
    check_accessibility(page)

    page.reload()
    expect(page.get_by_label("Your reply")).to_have_value(typed)
    expect(page.get_by_text("We kept your unsent reply")).to_be_visible()
    check_accessibility(page)
