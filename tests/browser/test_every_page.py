"""Every page the URL configuration can produce, with the demo community seeded, as a visitor, a
member, an advisor, organisation staff and a moderator, plus the error states (forms sent empty or
wrong, searches that find nothing, pages that do not exist with debugging off).

On each page: axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules, and no sideways scrolling at
320 CSS pixels (an old phone, or 400% zoom) nor at 640 (a 1280 pixel screen at 200% zoom).
Pages a role may not open are visited too: the refusal and "not found" pages must pass as well.

The walk goes through config.urls itself: a pattern is either visited (its arguments filled from
the seeded data, see ARGUMENTS) or skipped with a reason (SKIPPED). A new pattern that is neither
fails test_every_url_pattern_is_visited_or_skipped_with_a_reason, so no new page can be missed.

It is fast on purpose: one tab per role, and axe runs once per page each role lands on (a redirect
to the log-in page is checked once, not once per page that sends a visitor there). Failures are
collected and listed together at the end.
"""

import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from playwright.sync_api import Error, Page

from community.chat.models import Message, Room
from community.demo import data
from community.models import Membership, Organisation, User
from community.safety.models import Case, Report
from community.support.models import Plan, PlanComment, PlanningSession, SupportRequest
from events.models import AccessRequest, Booking, Event, Occurrence, WaitingListEntry
from events.models.importing import ImportJob
from events.models.reminders import ReminderPreference
from events.models.subscriptions import CalendarSubscription
from forums.models import Category, Post, SynonymGroup, Topic
from tests.browser.accessibility import AXE_OPTIONS, describe
from tests.browser.support import outside_event_loop

NARROW = 320  # an old phone, or a desktop browser at 400%
ZOOMED = 640  # a 1280 pixel wide screen at 200%
MISSING = 999_999  # an id nothing has: the "not found" page

# Patterns not visited, and why. Keys are URL names, or a namespace followed by a colon.
SKIPPED: dict[str, str] = {
    "api:": "the JSON API, not pages (its own tests pin its answers)",
    "admin:": "Django's admin beyond its index is Django's, not ours (the index is visited)",
    "event_feed": "an .ics calendar file, not a page",
    "organisation_feed": "an .ics calendar file, not a page",
    "personal_feed": "an .ics calendar file, not a page",
    "events_register_csv": "a .csv download, not a page",
    "plan_download": "a file download (text or Word), not a page",
    "my_data_download": "a .zip download, not a page",
    "events_import_progress": "a JSON progress answer polled by the import page's script",
    "account_confirm_email": "allauth: needs a key from a real e-mail (see test_journeys)",
    "account_reset_password_from_key": "allauth: needs a key from a real e-mail",
    "account_confirm_login_code": "allauth: only reachable in a log-in-by-code flow, switched off",
    "account_request_reauthentication_code": "allauth: log-in-by-code flow, switched off",
    "account_confirm_reauthentication_code": "allauth: log-in-by-code flow, switched off",
}
ADMIN_INDEX = "admin:index"


def _skip_reason(name: str) -> str | None:
    if name == ADMIN_INDEX:
        return None
    for key, reason in SKIPPED.items():
        if name == key or (key.endswith(":") and name.startswith(key)):
            return reason
    return None


def url_patterns() -> dict[str, list[str]]:
    """Every named pattern in config.urls, by name (namespaced as reverse() wants it), with the
    names of the arguments it needs."""
    found: dict[str, list[str]] = {}

    def walk(resolver: URLResolver, namespace: str | None) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace
                walk(entry, f"{namespace}:{inner}" if namespace and inner else inner or namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                found.setdefault(name, list(entry.pattern.regex.groupindex))

    walk(get_resolver(), None)
    return found


# ---- The seeded data each pattern's arguments come from ----


@dataclass
class Seeded:
    """The demo community, and one object of every kind a page is about."""

    member: User
    advisor: User
    staff: User
    moderator: User
    organisation: Organisation
    category: Category
    topic: Topic
    post: Post
    event: Event
    occurrence: Occurrence
    booking: Booking
    waiting: WaitingListEntry
    room: Room
    drop_in_room: Room
    message: Message
    plan: Plan
    comment: PlanComment
    planning_session: PlanningSession
    request: SupportRequest
    case: Case
    report: Report
    membership: Membership
    import_job: ImportJob
    subscription: CalendarSubscription
    reminder_token: str
    access_request: AccessRequest | None


def _by_email(email: str) -> User:
    return User.objects.get(email__iexact=email)


def seed() -> Seeded:
    call_command("seed_demo", stdout=_Quiet())
    member = _by_email(data.MEMBERS[0].email)
    staff = _by_email(data.ORGANISATION_PEOPLE[0].email)
    advisor = _by_email(data.ORGANISATION_PEOPLE[1].email)
    organisation = Membership.objects.filter(person=staff, active=True).first().organisation
    booking = (
        Booking.objects.filter(person=member, status=Booking.Status.CONFIRMED).first()
        or Booking.objects.filter(status=Booking.Status.CONFIRMED).first()
    )
    occurrence = (
        Occurrence.objects.filter(event__organisation=organisation, bookings__isnull=False)
        .order_by("start")
        .first()
        or booking.occurrence
    )
    plan = Plan.objects.first()
    room = Room.objects.filter(occurrence__isnull=True).order_by("pk").first()
    return Seeded(
        member=member,
        advisor=advisor,
        staff=staff,
        moderator=_by_email(data.MODERATOR_EMAIL),
        organisation=organisation,
        category=Category.objects.order_by("pk").first(),
        topic=Topic.objects.order_by("pk").first(),
        post=Post.objects.order_by("pk").first(),
        event=occurrence.event,
        occurrence=occurrence,
        booking=booking,
        waiting=WaitingListEntry.objects.first(),
        room=room,
        drop_in_room=Room.objects.filter(occurrence__isnull=False).first() or room,
        message=Message.objects.order_by("pk").first(),
        plan=plan,
        comment=PlanComment.objects.filter(plan=plan).first(),
        planning_session=PlanningSession.objects.filter(plan=plan).first(),
        request=SupportRequest.objects.order_by("pk").first(),
        case=Case.objects.order_by("pk").first(),
        report=Report.objects.order_by("pk").first(),
        membership=Membership.objects.filter(organisation=organisation, active=True)
        .exclude(person=staff)
        .first(),
        import_job=ImportJob.objects.create(
            organisation=organisation, created_by=staff, filename="dates.ics", source=""
        ),
        subscription=CalendarSubscription.objects.create(
            organisation=organisation, address="https://calendar.example/dates.ics"
        ),
        reminder_token=ReminderPreference.objects.get_or_create(person=member)[0].unsubscribe_token,
        access_request=AccessRequest.objects.filter(
            booking__occurrence__event__organisation=organisation
        ).first(),
    )


class _Quiet:
    def write(self, text):
        pass

    def flush(self):
        pass


def _event(s: Seeded) -> dict:
    return {"slug": s.event.slug}


def _date(s: Seeded) -> dict:
    return {"slug": s.event.slug, "occurrence_id": s.occurrence.pk}


def _org(s: Seeded) -> dict:
    return {"org_slug": s.organisation.slug}


def _org_slug(s: Seeded) -> dict:
    return {"slug": s.organisation.slug}


def _post(s: Seeded) -> dict:
    return {"post_id": s.post.pk}


def _room(s: Seeded) -> dict:
    return {"room_id": s.room.pk}


def _plan(s: Seeded) -> dict:
    return {"plan_id": s.plan.pk}


def _request(s: Seeded) -> dict:
    return {"request_id": s.request.pk}


# How to fill each pattern's arguments from the seeded data.
ARGUMENTS: dict[str, Callable[[Seeded], dict]] = {
    "forums_category": lambda s: {"slug": s.category.slug},
    "forums_category_watch": lambda s: {"slug": s.category.slug},
    "forums_topic_short": lambda s: {"topic_id": s.topic.pk},
    "forums_reply": lambda s: {"topic_id": s.topic.pk},
    "forums_topic_watch": lambda s: {"topic_id": s.topic.pk},
    "forums_topic": lambda s: {"topic_id": s.topic.pk, "slug": s.topic.slug},
    "forums_post": _post,
    "forums_post_edit": _post,
    "forums_post_history": _post,
    "forums_post_delete": _post,
    "forums_post_helped": _post,
    "forums_post_answer": _post,
    "forums_topic_answering": lambda s: {"topic_id": s.topic.pk},
    "forums_synonym_change": lambda s: {"group_id": SynonymGroup.objects.order_by("pk")[0].pk},
    "forums_synonym_remove": lambda s: {"group_id": SynonymGroup.objects.order_by("pk")[0].pk},
    # The demo's answered question, which has a council decision.
    "forums_council_decision": lambda s: {
        "topic_id": Topic.objects.filter(is_answered=True).order_by("pk").first().pk
    },
    "events_booking_cancel": lambda s: {"booking_id": s.booking.pk},
    "events_booking_edit": lambda s: {"booking_id": s.booking.pk},
    "events_waiting_leave": lambda s: {"entry_id": s.waiting.pk},
    "events_offer": lambda s: {"entry_id": s.waiting.pk},
    "events_give_back": lambda s: {"token": s.booking.give_back_token},
    "events_reminders_stop": lambda s: {"token": s.reminder_token},
    "events_dashboard": _org,
    "events_create": _org,
    "events_import": _org,
    "events_import_address": _org,
    "events_import_stop": lambda s: {**_org(s), "subscription_id": s.subscription.pk},
    "events_import_preview": lambda s: {**_org(s), "job_id": s.import_job.pk},
    "events_access_requests": _org,
    "events_access_answer": lambda s: {
        **_org(s),
        "request_id": s.access_request.pk if s.access_request else MISSING,
    },
    "events_detail": _event,
    "events_edit": _event,
    "events_cancel": _event,
    "events_series": _event,
    "events_series_change": _event,
    "events_series_skip": _event,
    "events_series_end": _event,
    "events_add_date": _event,
    "events_book": _date,
    "events_occurrence_move": _date,
    "events_occurrence_change": _date,
    "events_occurrence_cancel": _date,
    "events_occurrence_theme": _date,
    "events_register": _date,
    "events_occurrence_note": _date,
    "events_book_for_someone": _date,
    "events_walk_in": _date,
    "events_mark_attendance": lambda s: {**_date(s), "booking_id": s.booking.pk},
    "chat_room": _room,
    "chat_hand_on": _room,
    "chat_mute": _room,
    "chat_queue_join": lambda s: {"room_id": s.drop_in_room.pk},
    "chat_queue_leave": lambda s: {"room_id": s.drop_in_room.pk},
    "chat_queue_take": lambda s: {"room_id": s.drop_in_room.pk},
    "chat_message_edit": lambda s: {"message_id": s.message.pk},
    "chat_message_remove": lambda s: {"message_id": s.message.pk},
    "chat_drop_in": lambda s: {"occurrence_id": s.drop_in_room.occurrence_id or s.occurrence.pk},
    "chat_start": lambda s: {"person_id": s.advisor.pk},
    "chat_block": lambda s: {"person_id": s.advisor.pk},
    "chat_unblock": lambda s: {"person_id": s.advisor.pk},
    "plan": _plan,
    "plan_print": _plan,
    "plan_section_edit": lambda s: {**_plan(s), "part": "about_me"},
    "plan_section_history": lambda s: {**_plan(s), "part": "about_me"},
    "plan_comment": _plan,
    "plan_comment_resolve": lambda s: {
        **_plan(s),
        "comment_id": s.comment.pk if s.comment else MISSING,
    },
    "plan_sharing": _plan,
    "plan_share_remove": lambda s: {**_plan(s), "person_id": s.advisor.pk},
    "plan_organisation_can_see": _plan,
    "plan_partner": _plan,
    "plan_partner_remove": _plan,
    "plan_session_book": _plan,
    "plan_session_cancel": lambda s: {
        **_plan(s),
        "session_id": s.planning_session.pk if s.planning_session else MISSING,
    },
    "support_request": _request,
    "support_request_accept": _request,
    "support_request_withdraw": _request,
    "support_request_close": _request,
    "support_request_hand_over": _request,
    "support_request_reassign": _request,
    "support_request_did_it_help": _request,
    "support_request_send_again": _request,
    "organisation_support": _org_slug,
    "organisation_support_pause": lambda s: {**_org_slug(s), "person_id": s.advisor.pk},
    "report_sent": lambda s: {"report_id": s.report.pk},
    "report_concern": lambda s: {"kind": "post", "object_id": s.post.pk},
    "moderation_case": lambda s: {"case_id": s.case.pk},
    "moderation_person": lambda s: {"person_id": s.member.pk},
    "moderation_thing": lambda s: {"kind": s.case.kind, "object_id": s.case.object_id},
    "organisation": _org_slug,
    "organisation_edit": _org_slug,
    "organisation_grant_role": _org_slug,
    "organisation_revoke_role": lambda s: {**_org_slug(s), "membership_id": s.membership.pk},
    "person": lambda s: {"pk": s.advisor.pk},
}


def every_path(seeded: Seeded) -> list[str]:
    paths = []
    for name, arguments in url_patterns().items():
        if _skip_reason(name) is not None:
            continue
        kwargs = ARGUMENTS[name](seeded) if arguments else {}
        paths.append(reverse(name, kwargs=kwargs))
    return paths


def test_every_url_pattern_is_visited_or_skipped_with_a_reason():
    """A new page must join the sweep: fill its arguments in ARGUMENTS, or say in SKIPPED why
    it is not a page."""
    unhandled = [
        name
        for name, arguments in url_patterns().items()
        if arguments and _skip_reason(name) is None and name not in ARGUMENTS
    ]
    assert not unhandled, f"patterns neither visited nor skipped: {unhandled}"
    stale = [name for name in ARGUMENTS if name not in url_patterns()]
    assert not stale, f"ARGUMENTS names patterns that no longer exist: {stale}"


# ---- In the browser ----

# axe-core is put in every page as it loads (an init script, parsed once per page and not sent
# over the wire each time), then run with the same WCAG options as every other browser test.
AXE_SOURCE = Axe().axe_script
RUN_AXE = "options => axe.run(document, options).then(results => results.violations)"


@dataclass
class Sweep:
    """One tab for one role, and everything found wrong in it."""

    page: Page
    role: str
    checked: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    visits: int = 0
    actions: list[str] = field(default_factory=list)  # POST only: a GET answers 405

    def visit(self, path: str) -> None:
        # The actions that only take a form sent to them (POST) answer a plain GET with an empty
        # 405, which Chromium replaces with its own error page: ask first, without a tab.
        started = time.monotonic()
        asked = self.page.request.get(path, max_redirects=0)
        if asked.status == 405:
            self.actions.append(path)
            return
        self.page.set_viewport_size({"width": NARROW, "height": 640})
        try:
            response = self.page.goto(path)
        except Error as error:
            self.failures.append(f"[{self.role}] {path}: did not open ({error.message})")
            return
        self.visits += 1
        status = response.status if response else 0
        if status >= 500:
            self.failures.append(f"[{self.role}] {path}: answered {status}")
        self.check(f"{path} ({status})", status)
        if os.environ.get("SWEEP_TIMES"):
            with open(os.environ["SWEEP_TIMES"], "a") as out:
                out.write(f"{time.monotonic() - started:.2f} {self.role} {path}\n")

    def check(self, label: str, status: int = 200) -> None:
        """axe once per page this role lands on (refusals and "not found" pages once per kind:
        they share one template); the widths on every visit."""
        page = self.page
        page.wait_for_load_state("load")
        where = f"{status}" if status in (403, 404) else page.url.split("#")[0].split("?")[0]
        landed = f"{where} {page.title()}"
        if landed not in self.checked:
            self.checked.add(landed)
            violations = page.evaluate(RUN_AXE, AXE_OPTIONS)
            if violations:
                self.failures.append(f"[{self.role}] {label}: " + describe(page.url, violations))
        for width in (NARROW, ZOOMED):
            page.set_viewport_size({"width": width, "height": 640})
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            if wide > width:
                self.failures.append(
                    f"[{self.role}] {label}: scrolls sideways at {width}px ({wide}px wide)"
                )
        page.set_viewport_size({"width": NARROW, "height": 640})


def _session_cookie(person: User) -> str:
    client = Client()
    client.force_login(person)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _tab(browser, live_server, person: User | None) -> Page:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": NARROW, "height": 640},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(script=AXE_SOURCE)
    if person is not None:
        cookie = outside_event_loop(_session_cookie, person)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
    return context.new_page()


def _sweep_as(browser, live_server, seeded: Seeded, roles: dict[str, User | None]) -> list[str]:
    failures: list[str] = []
    paths = every_path(seeded)
    for role, person in roles.items():
        tab = _tab(browser, live_server, person)
        sweep = Sweep(tab, role)
        for path in paths:
            sweep.visit(path)
        sweep.visit(f"/no-such-page-{role}/")
        failures += sweep.failures
        tab.context.close()
    return failures


def _fail_if_any(failures: list[str]) -> None:
    if failures:
        pytest.fail(f"{len(failures)} problem(s):\n" + "\n".join(failures), pytrace=False)


@pytest.fixture
def seeded(live_server) -> Seeded:
    return outside_event_loop(seed)


def test_every_page_as_a_visitor_and_a_member(browser, live_server, seeded):
    _fail_if_any(
        _sweep_as(browser, live_server, seeded, {"visitor": None, "member": seeded.member})
    )


def test_every_page_as_an_advisor_and_organisation_staff(browser, live_server, seeded):
    _fail_if_any(
        _sweep_as(browser, live_server, seeded, {"advisor": seeded.advisor, "staff": seeded.staff})
    )


def test_every_page_as_a_moderator_and_the_error_states(browser, live_server, seeded):
    failures = _sweep_as(browser, live_server, seeded, {"moderator": seeded.moderator})
    _fail_if_any(failures + _error_states(browser, live_server, seeded))


# ---- Error states: forms sent empty or wrong, searches that find nothing ----


def _send(page: Page, button: str | re.Pattern) -> None:
    page.get_by_role("main").get_by_role("button", name=button).first.click()


def _error_states(browser, live_server, seeded: Seeded) -> list[str]:
    """Forms sent empty or wrong, searches that find nothing, a page that is not there."""
    failures: list[str] = []

    visitor = Sweep(_tab(browser, live_server, None), "visitor, error states")
    visitor.page.goto(reverse("account_signup"))
    _send(visitor.page, re.compile("sign up", re.I))
    visitor.check("sign-up sent empty")
    visitor.page.goto(reverse("account_login"))
    visitor.page.get_by_label(re.compile(r"^e-?mail", re.I)).fill("nobody@example.org")
    visitor.page.get_by_label("Password", exact=True).fill("wrong-password-here")
    _send(visitor.page, re.compile("^log in", re.I))
    visitor.check("log-in with a wrong password")
    visitor.page.goto(reverse("account_reset_password"))
    visitor.page.get_by_label(re.compile(r"e-?mail", re.I)).fill("not an address")
    _send(visitor.page, re.compile("reset|send", re.I))
    visitor.check("password reset with a wrong address")
    visitor.visit(reverse("forums_search") + "?q=zzqqxxnothinglikethis")
    visitor.visit(reverse("events") + "?q=zzqqxxnothinglikethis")
    visitor.visit(reverse("advisors") + "?q=zzqqxxnothinglikethis")
    visitor.visit(f"/forums/t/{MISSING}/nothing/")
    failures += visitor.failures

    member = Sweep(_tab(browser, live_server, seeded.member), "member, error states")
    for name, kwargs, button in (
        ("forums_new_topic", {}, re.compile(r"^(post it|continue)$", re.I)),
        ("forums_reply", {"topic_id": seeded.topic.pk}, re.compile("reply|post", re.I)),
        ("ask_for_help", {}, re.compile("send|ask", re.I)),
        ("my_profile", {}, re.compile("save", re.I)),
    ):
        member.page.goto(reverse(name, kwargs=kwargs))
        form = member.page.get_by_role("main").locator("form[method=post]").last
        for field_ in form.locator("input[type=text], input[type=email], textarea").all():
            if field_.is_visible() and field_.is_editable():
                field_.fill("")
        try:
            _send(member.page, button)
        except Exception as error:
            member.failures.append(f"[member] {name}: could not send the form empty ({error})")
            continue
        member.check(f"{name} sent empty")
    failures += member.failures

    staff = Sweep(_tab(browser, live_server, seeded.staff), "staff, error states")
    for name, kwargs, button in (
        ("events_create", _org(seeded), re.compile("save|create|add", re.I)),
        ("organisation_edit", _org_slug(seeded), re.compile("save", re.I)),
    ):
        staff.page.goto(reverse(name, kwargs=kwargs))
        try:
            _send(staff.page, button)
        except Exception as error:
            staff.failures.append(f"[staff] {name}: could not send the form empty ({error})")
            continue
        staff.check(f"{name} sent empty")
    failures += staff.failures
    return failures


def test_the_seed_has_a_verified_address_for_each_role(live_server, seeded):
    """The sweep signs people in by session: their addresses must be verified, or allauth
    would send them to the 'confirm your e-mail' page instead of the page asked for."""
    people = [seeded.member, seeded.advisor, seeded.staff, seeded.moderator]
    verified = outside_event_loop(
        lambda: EmailAddress.objects.filter(user__in=people, verified=True).count()
    )
    assert verified == len(people)
