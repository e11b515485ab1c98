"""Real-Chromium journeys: the system `chromium` driven by Playwright against pytest-django's
live server, with axe-core on every page.

No browser found means the tests are skipped, unless REQUIRE_BROWSER=1 (as in CI), which turns
that into a failure so a missing browser can never pass silently.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.browser.accessibility import without_fragment

HERE = Path(__file__).parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
# Browsers ask for these on their own; a missing one is not a broken page.
IGNORED_PATHS = ("/favicon.ico",)


# How long a test's end waits for the live server to finish the requests still in flight.
REQUESTS_FINISH_SECONDS = 5


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    """CHROMIUM_PATH if set (and only it), else the system Chromium."""
    chosen = os.environ.get("CHROMIUM_PATH")
    candidates = (
        [chosen]
        if chosen
        else ["/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    )
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _no_browser(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """Chromium, launched once per test module.

    Playwright's sync API keeps an event loop running in the test's thread for as long as it is
    open. While it is, Django must be told that ORM calls from this thread are fine (tests read
    the outbox and make people between browser steps), and code that reaches `async_to_sync`
    must run elsewhere (see support.outside_event_loop). Module scope closes both again before
    the rest of the suite runs, so no other test inherits the loop or the relaxed check.
    """
    path = chromium_path()
    if path is None:
        _no_browser(
            f"no Chromium at CHROMIUM_PATH={os.environ['CHROMIUM_PATH']}"
            if os.environ.get("CHROMIUM_PATH")
            else "no Chromium found: install the `chromium` package or set CHROMIUM_PATH"
        )
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        _no_browser("the Playwright Python package is not installed")

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                launched = playwright.chromium.launch(
                    executable_path=path, headless=True, args=CHROMIUM_ARGS
                )
            except Error as error:
                _no_browser(f"Chromium at {path} would not start: {error.message}")
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _requests_in_flight() -> bool:
    # socketserver names each request's thread after the method it runs.
    return any(
        "process_request_thread" in thread.name and thread.is_alive()
        for thread in threading.enumerate()
    )


@pytest.fixture(autouse=True)
def _requests_finish_before_the_database_empties(request):
    """A test can end while the live server is still answering the page's last request (under
    load, a page the browser was leaving). Emptying the database then fails on SQLite ("table is
    locked") and leaves rows behind for the next test. Taking the live server here means this
    waits, after the tabs are closed, before the database is emptied."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("live_server")
    yield
    deadline = time.monotonic() + REQUESTS_FINISH_SECONDS
    while _requests_in_flight() and time.monotonic() < deadline:
        time.sleep(0.05)


class PageProblems:
    """What went wrong in the page beyond what the test asserts: broken static files, scripts
    or styles refused by our Content Security Policy, and pages nobody ran axe on."""

    def __init__(self, origin: str):
        self.origin = origin
        self.broken: list[str] = []
        self.csp: list[str] = []
        self.unchecked: list[str] = []  # pages left without an axe run
        self.showing: str | None = None  # the page in the tab now, until axe has run on it

    def on_response(self, response) -> None:
        # Pages may answer 400 or 404 on purpose; the files a page needs never should.
        url = response.url
        if (
            response.status >= 400
            and response.request.resource_type != "document"
            and url.startswith(self.origin)
            and not url.removeprefix(self.origin).startswith(IGNORED_PATHS)
        ):
            self.broken.append(f"{response.status} {url}")

    def on_request_failed(self, request) -> None:
        if request.url.startswith(self.origin):
            self.broken.append(f"failed {request.url}: {request.failure}")

    def on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp.append(message.text)

    def on_navigated(self, frame) -> None:
        if frame.parent_frame is None and frame.url.startswith(self.origin):
            url = without_fragment(frame.url)
            if url == self.showing:  # a jump to #somewhere on the same page
                return
            self.left_page()
            self.showing = url

    def checked(self) -> None:
        self.showing = None

    def left_page(self) -> None:
        if self.showing is not None:
            self.unchecked.append(self.showing)
        self.showing = None

    def report(self) -> list[str]:
        lines = []
        self.left_page()
        if self.unchecked:
            lines.append("pages shown without check_accessibility(page) on them:")
            lines += [f"  {url}" for url in self.unchecked]
        if self.broken:
            lines.append("requests that failed:")
            lines += [f"  {line}" for line in self.broken]
        if self.csp:
            lines.append("Content Security Policy violations:")
            lines += [f"  {line}" for line in self.csp]
        return lines


@pytest.fixture
def open_page(browser, live_server):
    """Open a fresh tab with its own cookies (a new person), pointed at the live server.

    After the test, every tab must have had axe run on every page it showed, and no request or
    Content Security Policy check may have failed in it."""
    opened = []

    def open_one(viewport: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport or DESKTOP,
            locale="en-GB",
            timezone_id="Europe/London",
        )
        context.set_default_timeout(10_000)
        tab = context.new_page()
        tab.problems = PageProblems(live_server.url)
        tab.on("response", tab.problems.on_response)
        tab.on("requestfailed", tab.problems.on_request_failed)
        tab.on("console", tab.problems.on_console)
        tab.on("framenavigated", tab.problems.on_navigated)
        opened.append((context, tab))
        return tab

    yield open_one
    problems = []
    for context, tab in opened:
        context.close()
        problems += tab.problems.report()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def page(open_page):
    """A fresh tab at desktop size."""
    return open_page()


@pytest.fixture
def narrow_page(open_page):
    """A fresh tab 320 CSS pixels wide: an old phone, or a desktop browser zoomed to 400%."""
    return open_page({"width": 320, "height": 640})
