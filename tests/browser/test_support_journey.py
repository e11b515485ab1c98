"""Connecting people in a real browser, two people at once, with axe-core on every page: a member
filters the directory to an advisor who uses BSL, opens their profile and asks them for help
with a support plan; the advisor is told, finds it in "My help" and accepts; both open the
private conversation and each sees the other's message; the member starts a plan from the
request and writes a section, the advisor (now their planning partner) comments, the member
resolves the comment and opens the page to print.

The private conversation is the live chat, which needs WebSockets, so this uses the chat
journey's server: uvicorn serving the ASGI application in a thread of the test process.
"""

import re

import pytest
from playwright.sync_api import expect

from community.models import Notification
from community.support.models import Plan, PlanComment, SupportRequest
from community.support.services.listings import update_listing
from tests.browser import test_chat_journey as chat_journey
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.browser.test_chat_journey import sign_in
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, theme

# The chat journey's file-backed SQLite, which the server's threads can share: pytest finds a
# fixture by its name in this module.
database_for_threads = chat_journey.database_for_threads

QUESTION = "I want to employ a PA and need help writing my support plan. I use BSL."
ABOUT_ME = "I live in Halifax with my partner. I am Deaf and I use BSL every day."
COMMENT = "Could you say what a good morning looks like for you?"


@pytest.fixture
def live_server(database_for_threads):
    """The chat journey's ASGI server in place of pytest-django's WSGI one: the conversation
    is live chat over WebSockets."""
    server = chat_journey.AsgiLiveServer()
    server.start()
    yield server
    server.stop()


def make_people():
    """Two listed advisors of one organisation, only one of whom uses BSL, and a member."""
    organisation = OrganisationFactory(name="Calder Valley Deaf Advocacy", area="calderdale")
    employing = theme("employing-a-pa", "Employing a personal assistant (PA)")
    planning = theme("support-planning", "Support planning")
    signing = advisor_of(organisation, display_name="Signing Sam")
    speaking = advisor_of(organisation, display_name="Speaking Pat")
    for person, languages in ((signing, ["bfi", "en"]), (speaking, ["en"])):
        update_listing(
            person=person,
            listed=True,
            specialisms=[employing, planning],
            languages=languages,
            areas=["calderdale"],
            ways_to_talk=["chat"],
            availability="Tuesday mornings",
        )
    member = PersonFactory(display_name="Rosa Budget")
    return member, signing


def main(page):
    return page.get_by_role("main")


def heading(page):
    return page.get_by_role("heading", level=1)


def send(page, text: str) -> None:
    page.locator("#chat-body").fill(text)
    page.locator("#chat-body").press("Enter")


def test_find_a_bsl_advisor_ask_accept_talk_and_plan_together(open_page, live_server):
    member, advisor = outside_event_loop(make_people)

    # The member filters the directory to advisors who use BSL.
    member_page = open_page()
    sign_in(member_page, member, live_server.url)
    member_page.goto("/advisors/")
    expect(heading(member_page)).to_have_text("Find an advisor")
    check_accessibility(member_page)
    member_page.get_by_label("Language").select_option(label="British Sign Language (BSL)")
    member_page.get_by_role("button", name="Show advisors").click()
    expect(member_page).to_have_url(re.compile(r"language=bfi"))
    check_accessibility(member_page)
    expect(main(member_page)).to_contain_text("Signing Sam")
    expect(main(member_page)).not_to_contain_text("Speaking Pat")

    # Their profile, and "ask for help" from it.
    main(member_page).get_by_role("link", name="Signing Sam", exact=True).click()
    expect(heading(member_page)).to_contain_text("Signing Sam")
    check_accessibility(member_page)
    main(member_page).get_by_role("link", name=re.compile(r"^Ask .*for help")).first.click()
    expect(heading(member_page)).to_have_text("Ask for help")
    check_accessibility(member_page)
    expect(main(member_page)).to_contain_text("Your request goes to Signing Sam")
    member_page.get_by_role("radio", name="Help with a support plan").check()
    member_page.get_by_label("Language you would like to use").select_option(
        label="British Sign Language (BSL)"
    )
    member_page.get_by_label("Your question").fill(QUESTION)
    member_page.get_by_role("button", name="Send my request").click()
    request = SupportRequest.objects.get(member=member)
    expect(member_page).to_have_url(f"{live_server.url}/support/requests/{request.pk}/")
    expect(main(member_page)).to_contain_text("Your request is sent to Signing Sam")
    check_accessibility(member_page)
    assert request.advisor_id == advisor.pk and request.wants == SupportRequest.Wants.PLAN
    assert request.language == "bfi"

    # The advisor is told, and finds it in "My help".
    advisor_page = open_page()
    sign_in(advisor_page, advisor, live_server.url)
    advisor_page.goto("/notifications/")
    check_accessibility(advisor_page)
    expect(main(advisor_page)).to_contain_text("Rosa Budget")
    advisor_page.goto("/my-help/")
    expect(heading(advisor_page)).to_have_text("My help")
    check_accessibility(advisor_page)
    expect(main(advisor_page)).to_contain_text("Rosa Budget")
    main(advisor_page).locator(f"a[href='/support/requests/{request.pk}/']").first.click()
    expect(main(advisor_page)).to_contain_text(QUESTION)
    check_accessibility(advisor_page)

    # Accepting opens the private conversation.
    advisor_page.get_by_role("button", name="Take this request").click()
    check_accessibility(advisor_page)
    request.refresh_from_db()
    assert request.state == SupportRequest.State.ACCEPTED and request.room_id is not None
    conversation = f"/chat/rooms/{request.room_id}/"
    main(advisor_page).get_by_role("link", name="Open the private conversation").click()
    expect(advisor_page).to_have_url(f"{live_server.url}{conversation}")
    expect(advisor_page.locator("#chat-status")).to_have_text("Connected")
    check_accessibility(advisor_page)

    # The member is told, and the request page now leads to the conversation.
    assert Notification.objects.filter(
        recipient=member, kind="support.request_accepted", url=f"/support/requests/{request.pk}/"
    ).exists()
    member_page.reload()
    expect(main(member_page)).to_contain_text("Signing Sam")
    check_accessibility(member_page)
    main(member_page).get_by_role("link", name="Open the private conversation").click()
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    check_accessibility(member_page)

    # Each sees the other's message.
    send(advisor_page, "Hello Rosa, I am Sam. Happy to help with your plan.")
    expect(member_page.locator("#chat-messages")).to_contain_text("Happy to help with your plan")
    send(member_page, "Thank you Sam! Shall we start the plan?")
    expect(advisor_page.locator("#chat-messages")).to_contain_text("Shall we start the plan?")
    check_accessibility(member_page)
    check_accessibility(advisor_page)

    # The member starts a plan from the request, and writes "About me".
    member_page.goto(f"/support/requests/{request.pk}/")
    check_accessibility(member_page)
    member_page.get_by_role("button", name="Start your support plan").click()
    plan = Plan.objects.get(request=request)
    expect(member_page).to_have_url(f"{live_server.url}/plans/{plan.pk}/")
    check_accessibility(member_page)
    assert plan.owner_id == member.pk and plan.partner_id == advisor.pk
    main(member_page).get_by_role("link", name="Edit “About me”").click()
    check_accessibility(member_page)
    member_page.get_by_label("About me").fill(ABOUT_ME)
    main(member_page).get_by_role("button", name="Save").click()
    expect(member_page).to_have_url(re.compile(rf"/plans/{plan.pk}/"))
    expect(main(member_page)).to_contain_text(ABOUT_ME)
    check_accessibility(member_page)

    # The partner reads it and comments.
    advisor_page.goto(f"/plans/{plan.pk}/")
    expect(main(advisor_page)).to_contain_text(ABOUT_ME)
    check_accessibility(advisor_page)
    advisor_page.get_by_label("Which part is it about?").select_option(label="About me")
    advisor_page.get_by_label("Your comment").fill(COMMENT)
    main(advisor_page).get_by_role("button", name="Add your comment").click()
    expect(main(advisor_page)).to_contain_text(COMMENT)
    check_accessibility(advisor_page)
    comment = PlanComment.objects.get(plan=plan)
    assert comment.author_id == advisor.pk and comment.resolved_at is None

    # The member resolves it.
    member_page.reload()
    expect(main(member_page)).to_contain_text(COMMENT)
    check_accessibility(member_page)
    # (Screen readers hear "Mark as resolved: comment from Signing Sam".)
    main(member_page).get_by_role(
        "button", name="Mark as resolved: comment from Signing Sam", exact=True
    ).click()
    check_accessibility(member_page)
    comment.refresh_from_db()
    assert comment.resolved_at is not None and comment.resolved_by_id == member.pk

    # And opens the clean page to print.
    main(member_page).get_by_role("link", name="Print this plan").click()
    expect(member_page).to_have_url(f"{live_server.url}/plans/{plan.pk}/print/")
    expect(member_page.get_by_role("heading", level=1)).to_contain_text(plan.title)
    expect(member_page.get_by_role("main")).to_contain_text(ABOUT_ME)
    check_accessibility(member_page)
