"""The live chat in a real browser, two people at once, with axe-core on every state of every page
(and again at 320 CSS pixels wide): a booked member and an advisor talk in a drop-in's room and
see each other's messages arrive live; the member asks to talk privately, the advisor sees them
join the queue live and takes them, and both end up in the private conversation; there the
member's connection drops while the advisor keeps writing, the member writes while offline, and
once back the member has every message once and their own message is stored and shown once.

pytest-django's live server speaks WSGI, which has no WebSockets, so `live_server` is replaced
here by uvicorn serving the ASGI application in a thread of the test process: the same settings
(the test database, the in-memory channel layer or Redis, the fast password hasher) and the
same process, so what a page does over HTTP reaches the sockets as it does in production.
"""

import datetime
import socket
import sqlite3
import threading
import time

import pytest
import uvicorn
from django.conf import settings
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.db import connections
from django.test import Client
from django.test.utils import modify_settings
from django.utils import timezone
from playwright.sync_api import expect

from community.chat.models import Message, QueueEntry, Room
from config.asgi import application
from tests.browser.accessibility import check_accessibility
from tests.browser.support import outside_event_loop
from tests.chat.fixtures import make_drop_in

NARROW = {"width": 320, "height": 640}
ROOM_SOCKETS = "**/ws/rooms/**"
# Messages chat.js keeps until the server has stored them.
UNSENT_KEYS = (
    "() => Object.keys(localStorage).filter(key => key.startsWith('alongside:chat:unsent'))"
)


class AsgiLiveServer:
    """uvicorn in a thread on a free port; `url`, and the ALLOWED_HOSTS change pytest-django's
    `_live_server_helper` switches on for the test (the socket routes check the Origin)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self._live_server_modified_settings = modify_settings(ALLOWED_HOSTS={"append": "127.0.0.1"})
        config = uvicorn.Config(
            ASGIStaticFilesHandler(application),
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("uvicorn did not start", pytrace=False)
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(15)
        self.socket.close()


@pytest.fixture
def database_for_threads(transactional_db, tmp_path):
    """The test database, reachable from the server's threads.

    PostgreSQL (DATABASE_URL) already is: the test commits (a transactional test) and every
    thread opens its own connection. The default SQLite test database lives in memory, where
    connections from several threads trip over each other's table locks ("database table is
    locked", which waits for nothing); so for this test it is copied to a file, in WAL mode with
    a busy timeout as in production, and new connections in any thread open that file. The
    in-memory database is put back afterwards, untouched, for the rest of the session."""
    connection = connections["default"]
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "chat-journey.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    # Changed in place: every thread's connection reads this same dict, so a thread that kept
    # its (closed) connection object from before or after this test opens the right database.
    shared = connections.settings["default"]
    in_memory = shared["NAME"]
    shared["NAME"] = str(path)
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        shared["NAME"] = in_memory
        connections["default"] = connection  # never closed: that would drop the memory database


@pytest.fixture
def live_server(database_for_threads):
    """Replaces pytest-django's (WSGI) live server for this module; `open_page` uses it."""
    server = AsgiLiveServer()
    server.start()
    yield server
    server.stop()


def sign_in(page, person, base_url: str) -> None:
    """Give the tab the person's session cookie (logging in through the form is the account
    journey's business)."""

    def session_key():
        client = Client()
        client.force_login(person)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": outside_event_loop(session_key)}
    page.context.add_cookies([{**cookie, "url": base_url}])


def check_every_width(page) -> None:
    """axe at desktop width, then at 320 CSS pixels, where nothing may scroll sideways."""
    check_accessibility(page)
    desktop = page.viewport_size
    page.set_viewport_size(NARROW)
    try:
        check_accessibility(page)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{page.url} scrolls sideways at 320px: {width}px wide"
    finally:
        page.set_viewport_size(desktop)


def mark_page(page) -> None:
    """Leave a mark in the page's window: if it is still there later, the page never reloaded."""
    page.evaluate("() => { window.stillTheSamePage = true; }")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("() => window.stillTheSamePage === true"), f"{page.url} was reloaded"


def send(page, text: str) -> None:
    page.locator("#chat-body").fill(text)
    page.locator("#chat-body").press("Enter")


def shown_ids(page) -> list[int]:
    return [
        int(value)
        for value in page.locator("#chat-messages .chat-message[data-id]").evaluate_all(
            "nodes => nodes.map(node => node.getAttribute('data-id'))"
        )
    ]


class CuttableSockets:
    """The room sockets of one tab, through Playwright's WebSocket routing, so that a test can
    cut them as a dropped network would (Chromium's offline mode refuses new WebSockets but
    keeps open ones open), or lose what the server sends for a while."""

    def __init__(self, page):
        self.page = page
        self.open: list[tuple] = []
        self.deaf = False  # drop what the server sends, as a connection dying mid-message does
        page.route_web_socket(ROOM_SOCKETS, self.route)

    def route(self, ws) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda message: None if self.deaf else ws.send(message))
        self.open.append((ws, server))

    def cut(self) -> None:
        self.page.context.set_offline(True)
        for ws, server in self.open:
            server.close()
            ws.close()
        self.open.clear()
        self.deaf = False

    def restore(self) -> None:
        self.page.context.set_offline(False)


def test_drop_in_chat_private_talk_and_a_dropped_connection(open_page, live_server):
    start = (timezone.now() + datetime.timedelta(minutes=5)).replace(microsecond=0)
    drop_in = outside_event_loop(make_drop_in, start=start, members=1)
    member, advisor = drop_in.member, drop_in.advisor
    room_address = f"/chat/drop-ins/{drop_in.occurrence.pk}/"

    # Both open the drop-in's room, from the address e-mails link to.
    member_page = open_page()
    member_sockets = CuttableSockets(member_page)
    sign_in(member_page, member, live_server.url)
    member_page.goto(room_address)
    expect(member_page).to_have_url(f"{live_server.url}/chat/rooms/{drop_in.room.pk}/")
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    check_every_width(member_page)

    advisor_page = open_page()
    sign_in(advisor_page, advisor, live_server.url)
    advisor_page.goto(room_address)
    expect(advisor_page.locator("#chat-status")).to_have_text("Connected")
    expect(advisor_page.locator("#chat-queue-count")).to_have_text(
        "Nobody is waiting to talk privately."
    )
    check_every_width(advisor_page)

    # Each sees the other's message arrive, without reloading.
    mark_page(member_page)
    mark_page(advisor_page)
    send(member_page, "Hello, does anyone know about respite budgets?")
    expect(advisor_page.locator("#chat-messages")).to_contain_text("respite budgets")
    send(advisor_page, "Hello! Yes, ask away.")
    expect(member_page.locator("#chat-messages")).to_contain_text("Yes, ask away.")
    assert_not_reloaded(member_page)
    assert_not_reloaded(advisor_page)
    check_every_width(member_page)
    check_every_width(advisor_page)

    # The member asks to talk privately; the advisor sees them waiting, live.
    member_page.get_by_role("button", name="Ask to talk privately").click()
    expect(member_page.locator("#chat-queue-place")).to_have_text("You are number 1 in the queue.")
    expect(member_page.get_by_role("button", name="Leave the queue")).to_be_visible()
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    check_every_width(member_page)
    mark_page(member_page)

    expect(advisor_page.locator("#chat-queue-count")).to_have_text(
        "1 person is waiting to talk privately."
    )
    expect(advisor_page.locator("#chat-queue-list")).to_contain_text(f"1. {member.display_name}")
    assert_not_reloaded(advisor_page)
    check_every_width(advisor_page)

    # The advisor takes them, and goes straight to the private conversation.
    advisor_page.get_by_role("button", name=f"Talk to {member.display_name}").click()
    expect(advisor_page.get_by_role("heading", level=1)).to_have_text(
        f"Conversation with {member.display_name}"
    )
    entry = QueueEntry.objects.get(room=drop_in.room, person=member)
    conversation = entry.conversation
    assert entry.taken_by_id == advisor.pk and conversation.kind == Room.Kind.PRIVATE
    expect(advisor_page).to_have_url(f"{live_server.url}/chat/rooms/{conversation.pk}/")
    expect(advisor_page.locator("#chat-status")).to_have_text("Connected")
    check_every_width(advisor_page)

    # The member is told live, and follows the link.
    ready_link = member_page.get_by_role(
        "link", name=f"Go to your private conversation with {advisor.display_name}"
    )
    expect(ready_link).to_be_visible()
    assert_not_reloaded(member_page)
    check_every_width(member_page)
    ready_link.click()
    expect(member_page.get_by_role("heading", level=1)).to_have_text(
        f"Conversation with {advisor.display_name}"
    )
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    check_every_width(member_page)

    send(advisor_page, "Hello, it is just the two of us now.")
    expect(member_page.locator("#chat-messages")).to_contain_text("just the two of us")
    mark_page(member_page)

    # The member's connection drops; the advisor keeps writing, the member writes too.
    member_sockets.cut()
    expect(member_page.locator("#chat-status")).to_have_text(
        "Offline — your messages will be sent when you are back"
    )
    for number in range(1, 4):
        send(advisor_page, f"Point {number} about respite budgets.")
        expect(advisor_page.locator("#chat-messages")).to_contain_text(f"Point {number} about")
    offline_text = "Sorry, my connection dropped. Can I use it for a short break?"
    send(member_page, offline_text)
    pending = member_page.locator(".chat-message--pending")
    expect(pending).to_contain_text(offline_text)
    expect(pending).to_contain_text("Waiting to send…")
    expect(member_page.locator("#chat-messages")).not_to_contain_text("Point 1 about")

    assert not Message.objects.filter(body=offline_text).exists()

    # Back online: everything arrives, once; the waiting message is sent, once.
    member_sockets.restore()
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    expect(advisor_page.locator("#chat-messages")).to_contain_text(offline_text)
    expect(member_page.locator(".chat-message--pending")).to_have_count(0)
    stored = list(
        Message.objects.filter(room=conversation).order_by("pk").values_list("pk", flat=True)
    )
    assert len(stored) == 5
    expect(member_page.locator("#chat-messages .chat-message[data-id]")).to_have_count(5)
    assert shown_ids(member_page) == stored
    assert Message.objects.filter(room=conversation, body=offline_text).count() == 1
    expect(advisor_page.locator("#chat-messages .chat-message[data-id]")).to_have_count(5)
    assert shown_ids(advisor_page) == stored
    assert_not_reloaded(member_page)
    check_every_width(member_page)
    check_every_width(advisor_page)

    # The connection dies just after the member sends: the message is stored, but the reply
    # saying so never comes. Back online, it is shown once and stored once.
    member_sockets.deaf = True
    unsure_text = "Did my last message get through?"
    send(member_page, unsure_text)
    expect(advisor_page.locator("#chat-messages")).to_contain_text(unsure_text)
    expect(member_page.locator(".chat-message--pending")).to_contain_text("Sending…")
    member_sockets.cut()
    member_sockets.restore()
    expect(member_page.locator("#chat-status")).to_have_text("Connected")
    expect(member_page.locator(".chat-message--pending")).to_have_count(0)
    expect(member_page.locator("#chat-messages .chat-message[data-id]")).to_have_count(6)
    assert Message.objects.filter(room=conversation, body=unsure_text).count() == 1
    stored = list(
        Message.objects.filter(room=conversation).order_by("pk").values_list("pk", flat=True)
    )
    assert shown_ids(member_page) == stored
    expect(advisor_page.locator("#chat-messages .chat-message[data-id]")).to_have_count(6)
    assert shown_ids(advisor_page) == stored
    assert member_page.evaluate(UNSENT_KEYS) == []


def test_status_says_connected_again_after_a_short_offline_spell_the_socket_survives(
    open_page, live_server
):
    start = (timezone.now() + datetime.timedelta(minutes=5)).replace(microsecond=0)
    drop_in = outside_event_loop(make_drop_in, start=start, members=1)
    page = open_page()
    sign_in(page, drop_in.member, live_server.url)
    page.goto(drop_in.room.get_absolute_url())
    expect(page.locator("#chat-status")).to_have_text("Connected")
    check_accessibility(page)

    page.context.set_offline(True)  # Chromium keeps open WebSockets open
    expect(page.locator("#chat-status")).to_have_text(
        "Offline — your messages will be sent when you are back"
    )
    page.context.set_offline(False)
    send(page, "Still here?")
    expect(page.locator("#chat-messages .chat-message[data-id]")).to_have_count(1)
    assert page.evaluate(UNSENT_KEYS) == []  # the socket carried the message: it is connected
    expect(page.locator("#chat-status")).to_have_text("Connected", timeout=2_000)
