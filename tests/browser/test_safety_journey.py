"""The safety journeys in a real browser, with axe-core on every page.

1. A member reports a reply because they are worried about someone's safety and is shown who
   can help now; a moderator finds the case at the top of the queue marked urgent, hides the
   reply with a reason; the reply is gone for the member, the audit log has the reason, and the
   member's reports say what happened.
2. A new account's first topic waits for a moderator: its author sees it marked, another member
   does not see it; a moderator approves it from the queue and then everyone sees it.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from community.models import AuditLogEntry
from community.safety.models import Case
from community.safety.visibility import Visibility
from forums.models import Post, Topic
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.browser.test_forum_journey import can_log_in
from tests.browser.test_journeys import account_nav, log_in
from tests.factories import DEFAULT_PASSWORD, PersonFactory, theme
from tests.forums.factories import CategoryFactory

CATEGORY = "Employing a personal assistant"
QUESTION = "How do I pay my PA when I am in hospital?"
DETAILS = "I am going into hospital next week. Do I still pay my PA while I am away?"
WORRYING_REPLY = "I stopped paying mine and nobody noticed. Nobody checks on me any more."
NOTE = "This person sounds alone and may not be safe. Please check on them."
HIDE_REASON = "Hidden while we check on the person who wrote it."
NEW_TITLE = "Does the council pay for PA training?"
NEW_DETAILS = "I have just started with direct payments. Who pays when my PA goes on a course?"
APPROVE_REASON = "A welcome first question. Thank you for asking."


def _category():
    return CategoryFactory(
        name=CATEGORY,
        slug="employing-a-pa",
        description="Finding, hiring and paying a personal assistant (PA).",
        theme=theme(),
    )


def _moderator():
    return can_log_in(
        PersonFactory(email="moe@example.org", display_name="Moe the moderator", is_moderator=True)
    )


def _a_worrying_reply():
    category = _category()
    topic = start_topic(
        author=PersonFactory(display_name="Marigold"),
        category=category,
        title=QUESTION,
        body=DETAILS,
    )
    post_reply(author=PersonFactory(display_name="Sam"), topic=topic, body=WORRYING_REPLY)
    member = can_log_in(PersonFactory(email="wren@example.org", display_name="Wren"))
    return member.email, _moderator().email, topic.get_absolute_url()


def test_a_safety_report_shows_urgent_help_and_a_moderator_hides_the_reply(open_page):
    member_email, moderator_email, topic_url = outside_event_loop(_a_worrying_reply)

    # The member reports the reply from the topic page.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=member_email, password=DEFAULT_PASSWORD)
    page.goto(topic_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(page)
    reply = page.get_by_role("article", name="Reply 1 from Sam")
    expect(reply).to_contain_text(WORRYING_REPLY)
    reply.get_by_role("link", name="Report this post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a concern")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text(WORRYING_REPLY)
    page.get_by_role("radio", name="Worried about someone's safety").check()
    page.get_by_label("Tell us more").fill(NOTE)
    page.get_by_role("button", name="Send the report").click()

    # Straight away: who can help now, whatever the moderators do.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    check_accessibility(page)
    urgent_help = page.get_by_role("region", name="If someone needs help now, do not wait for us")
    expect(urgent_help).to_contain_text("999")
    expect(urgent_help).to_contain_text("Samaritans")
    expect(urgent_help).to_contain_text("116 123")
    expect(urgent_help).to_contain_text("85258")

    # A moderator finds it first in the queue, marked urgent.
    moderator = open_page()
    moderator.goto("/")
    check_accessibility(moderator)
    log_in(moderator, email=moderator_email, password=DEFAULT_PASSWORD)
    account_nav(moderator).get_by_role("link", name="Moderation").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderation")
    check_accessibility(moderator)
    first_case = moderator.locator(".card-list > li").first
    expect(first_case).to_contain_text("Urgent")
    expect(first_case).to_contain_text("Worried about someone's safety: 1 report")
    first_case.get_by_role("link").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text(re.compile("^Urgent: "))
    check_accessibility(moderator)
    expect(moderator.get_by_role("region", name="Reports")).to_contain_text(NOTE)

    # Without a reason the form says so and keeps the choice.
    moderator.get_by_role("radio", name="Hide it").check()
    moderator.get_by_role("button", name="Do it").click()
    expect(moderator.get_by_role("alert")).to_contain_text("Write the reason")
    check_accessibility(moderator)
    expect(moderator.get_by_role("radio", name="Hide it")).to_be_checked()
    moderator.get_by_label("Reason").fill(HIDE_REASON)
    moderator.get_by_role("button", name="Do it").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderation")
    expect(
        moderator.get_by_text("Hidden. The person who wrote it has been told why.")
    ).to_be_visible()
    check_accessibility(moderator)
    expect(moderator.get_by_role("main")).to_contain_text("There is nothing waiting")
    assert Post.objects.get(number=2).visibility == Visibility.HIDDEN

    # The member no longer sees the reply.
    page.goto(topic_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    check_accessibility(page)
    expect(page.get_by_role("main")).not_to_contain_text(WORRYING_REPLY)

    # The audit log has the action and its reason.
    moderator.get_by_role("main").get_by_role("link", name="Audit log").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Audit log")
    check_accessibility(moderator)
    entry = moderator.get_by_role("row").filter(has_text="safety.case.hide")
    expect(entry).to_contain_text("Moe the moderator")
    expect(entry).to_contain_text(f"Reason: {HIDE_REASON}")
    assert AuditLogEntry.objects.filter(action="safety.case.hide").count() == 1

    # The member is told what happened, and their reports say so too.
    notifications = account_nav(page).get_by_role("link", name=re.compile("^Notifications"))
    expect(notifications).to_have_accessible_name("Notifications, 1 unread")
    notifications.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    check_accessibility(page)
    # The reason is for the author; the reporter is told only what was done.
    expect(page.get_by_role("main")).not_to_contain_text(HIDE_REASON)
    page.get_by_role("link", name=re.compile("^You reported a")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reports")
    check_accessibility(page)
    expect(page.get_by_role("main")).to_contain_text("Worried about someone's safety")
    expect(page.get_by_role("main")).to_contain_text("A moderator hid it.")


def _a_new_account():
    _category()
    newcomer = can_log_in(
        PersonFactory(email="nell@example.org", display_name="Nell", date_joined=timezone.now())
    )
    other = can_log_in(
        PersonFactory(
            email="wren@example.org",
            display_name="Wren",
            date_joined=timezone.now() - datetime.timedelta(days=400),
        )
    )
    return newcomer.email, other.email, _moderator().email


def test_a_new_accounts_topic_waits_until_a_moderator_approves_it(open_page):
    newcomer_email, other_email, moderator_email = outside_event_loop(_a_new_account)
    category_url = "/forums/c/employing-a-pa/"

    # The new account starts a topic; it is marked as waiting.
    page = open_page()
    page.goto("/")
    check_accessibility(page)
    log_in(page, email=newcomer_email, password=DEFAULT_PASSWORD)
    page.goto(category_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(CATEGORY)
    check_accessibility(page)
    page.get_by_role("link", name="Ask a question here").click()
    check_accessibility(page)
    page.get_by_label("Your question or topic in one sentence").fill(NEW_TITLE)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Say more")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("radio", name=re.compile("^A question")).check()
    page.get_by_label("Say more").fill(NEW_DETAILS)
    page.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    check_accessibility(page)
    expect(page.locator(".waiting-note").first).to_contain_text("Waiting for a moderator")
    topic = Topic.objects.get()
    assert topic.visibility == Visibility.WAITING
    assert Case.objects.get().waiting_approval

    # Another member does not see it.
    other = open_page()
    other.goto("/")
    check_accessibility(other)
    log_in(other, email=other_email, password=DEFAULT_PASSWORD)
    other.goto(category_url)
    expect(other.get_by_role("heading", level=1)).to_have_text(CATEGORY)
    check_accessibility(other)
    expect(other.get_by_role("main")).not_to_contain_text(NEW_TITLE)

    # A moderator approves it from the queue, with a reason.
    moderator = open_page()
    moderator.goto("/")
    check_accessibility(moderator)
    log_in(moderator, email=moderator_email, password=DEFAULT_PASSWORD)
    account_nav(moderator).get_by_role("link", name="Moderation").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Moderation")
    check_accessibility(moderator)
    case = moderator.locator(".card-list > li").filter(has_text=NEW_TITLE)
    expect(case).to_contain_text("waiting for approval")
    case.get_by_role("link").click()
    check_accessibility(moderator)
    moderator.get_by_role("radio", name=re.compile("^Approve it")).check()
    moderator.get_by_label("Reason").fill(APPROVE_REASON)
    moderator.get_by_role("button", name="Do it").click()
    expect(moderator.get_by_text("Approved. It is now shown to everyone.")).to_be_visible()
    check_accessibility(moderator)

    # Now the other member sees it, and its author no longer sees it marked.
    other.goto(category_url)
    check_accessibility(other)
    other.get_by_role("main").get_by_role("link", name=NEW_TITLE).click()
    expect(other.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    check_accessibility(other)
    expect(other.get_by_role("main")).to_contain_text(NEW_DETAILS)
    page.reload()
    check_accessibility(page)
    expect(page.get_by_role("main")).not_to_contain_text("Waiting for a moderator")
