""" "Download my data": the request, the zip the task worker builds, telling the person, expiry."""

import datetime
import io
import json
import zipfile
from html.parser import HTMLParser

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.chat.models import Room
from community.chat.services.messages import post_message
from community.errors import CommunityError
from community.models import Notification
from community.periodic import registered_jobs
from community.safety import personal_data
from community.safety.exporting import (
    build_data_export,
    current_data_export,
    delete_expired_data_exports,
    downloadable_data_export,
    request_data_export,
)
from community.safety.models import DataExport
from community.safety.personal_data import PersonalData, registered_personal_data
from community.services.notifications import notify
from forums.services.posts import post_reply
from tests.factories import PersonFactory
from tests.safety.seeding import REAL_NAME, _uuid, person_with_everything

pytestmark = pytest.mark.django_db

MADE = datetime.datetime(2026, 12, 5, 10, 0, tzinfo=datetime.UTC)


def _nothing_to_erase(erasure):
    return None


def entry(name, export, title=None, order=100):
    return PersonalData(
        name=name, title=title or name.title(), export=export, erase=_nothing_to_erase, order=order
    )


def notes(person):
    """A test entry that reads the database once, however many rows: like a real one."""
    return list(
        Notification.objects.filter(recipient=person)
        .order_by("pk")
        .values("message", "created", "read_at")
    )


@pytest.fixture
def only_registered(monkeypatch):
    """Swap the registry for the given entries for one test; the real one comes back after."""

    def register(*entries):
        monkeypatch.setattr(personal_data, "_registered", {})
        for one in entries:
            personal_data.register_personal_data(one)

    return register


def ask_and_build(person, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        export = request_data_export(person=person)
    export.refresh_from_db()
    return export


def opened(export: DataExport) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(bytes(export.archive)))


class PageReader(HTMLParser):
    """The readable page's headings and text, as a screen reader would meet them."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_heading = tag in {"h1", "h2"}
        if self._in_heading:
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag in {"h1", "h2"}:
            self._in_heading = False

    def handle_data(self, data):
        if self._in_heading:
            self.headings[-1] += data.strip()
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def read_page(archive: zipfile.ZipFile) -> PageReader:
    reader = PageReader()
    reader.feed(archive.read("index.html").decode())
    return reader


@time_machine.travel(MADE, tick=False)
def test_the_zip_has_a_readable_page_a_json_file_per_entry_and_a_readme(
    only_registered, django_capture_on_commit_callbacks
):
    person = PersonFactory(display_name="Rosa")
    only_registered(
        entry("diary", lambda p: [{"day": "2026-12-01", "note": "Rang the council"}], "Your diary"),
        entry("empty", lambda p: [], "Things you never did"),
    )
    export = ask_and_build(person, django_capture_on_commit_callbacks)

    assert export.state == DataExport.State.READY
    assert export.size == len(bytes(export.archive)) > 0
    archive = opened(export)
    assert sorted(archive.namelist()) == ["README.txt", "diary.json", "empty.json", "index.html"]
    assert json.loads(archive.read("diary.json")) == [
        {"day": "2026-12-01", "note": "Rang the council"}
    ]
    assert json.loads(archive.read("empty.json")) == []
    page = read_page(archive)
    assert page.headings == [
        "Your data from Alongside",
        "What is in it",
        "Your diary",
        "Things you never did",
    ]
    assert "This is everything Alongside holds about you on 5 December 2026" in page.words
    assert "Note Rang the council" in page.words and "Day 1 December 2026" in page.words
    assert "Nothing here." in page.words
    # Self-contained: nothing fetched from anywhere when it is opened.
    assert not {"script", "link", "img", "iframe"} & set(page.tags)
    readme = archive.read("README.txt").decode()
    assert "diary.json" in readme and "Your diary (1 item)" in readme


def test_the_page_escapes_everything_people_wrote(
    only_registered, django_capture_on_commit_callbacks
):
    person = PersonFactory(display_name="<b>Rosa</b>")
    written = '<script>alert("hi")</script> & <a href="x">link</a>'
    only_registered(entry("posts", lambda p: [{"body": written, "tags": [written]}]))
    archive = opened(ask_and_build(person, django_capture_on_commit_callbacks))
    page = archive.read("index.html").decode()
    assert "<script>" not in page and "<b>Rosa</b>" not in page and '<a href="x">' not in page
    assert "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp;" in page
    assert json.loads(archive.read("posts.json"))[0]["body"] == written


@time_machine.travel(MADE, tick=False)
def test_nested_values_dates_and_yes_or_no_are_shown_in_words(
    only_registered, django_capture_on_commit_callbacks
):
    row = {
        "starts": "2026-12-10T14:30:00+00:00",
        "access_needs": ["Step-free access", "BSL interpreter"],
        "event": {"title": "Paying a PA", "online": True},
        "cancelled_at": None,
        "companions": [],
    }
    only_registered(entry("bookings", lambda p: [row], "Places you booked"))
    page = read_page(opened(ask_and_build(PersonFactory(), django_capture_on_commit_callbacks)))
    words = page.words
    assert "Starts 10 December 2026, 14:30" in words
    assert "Access needs Step-free access BSL interpreter" in words
    assert "Event Title Paying a PA Online Yes" in words
    assert "Cancelled at Not given" in words and "Companions None" in words


def test_dates_the_app_forgot_to_turn_into_text_still_make_valid_json(
    only_registered, person, django_capture_on_commit_callbacks
):
    Notification.objects.create(recipient=person, kind="community.role_granted", message="Hi")
    only_registered(entry("notes", notes))
    archive = opened(ask_and_build(person, django_capture_on_commit_callbacks))
    [row] = json.loads(archive.read("notes.json"))
    assert row["message"] == "Hi" and row["read_at"] is None
    assert datetime.datetime.fromisoformat(row["created"]).tzinfo is not None


def test_the_person_is_told_on_the_site_and_by_email_when_it_is_ready(
    only_registered, person, django_capture_on_commit_callbacks
):
    only_registered(entry("notes", notes))
    with time_machine.travel(MADE, tick=False):
        ask_and_build(person, django_capture_on_commit_callbacks)
    told = Notification.objects.get(recipient=person, kind="safety.data_export_ready")
    assert told.message == (
        "The download of your data is ready. You can download it until 12 December 2026, 10:00."
    )
    assert told.url == "/account/my-data/"
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert "The download of your data is ready" in mail.outbox[0].body


@time_machine.travel(MADE, tick=False)
def test_the_download_lasts_for_the_configured_days(
    only_registered, person, settings, django_capture_on_commit_callbacks
):
    settings.DATA_EXPORT_DAYS = 2
    only_registered(entry("notes", notes))
    export = ask_and_build(person, django_capture_on_commit_callbacks)
    assert export.ready_at == MADE
    assert export.expires_at == MADE + datetime.timedelta(days=2)


def test_a_second_request_while_one_is_being_made_is_refused(person):
    first = request_data_export(person=person)  # not committed: the worker has not run
    with pytest.raises(CommunityError) as refused:
        request_data_export(person=person)
    assert refused.value.code == "export_in_progress"
    assert "We are already getting your download ready" in refused.value.message
    assert list(DataExport.objects.filter(person=person)) == [first]


def test_the_database_refuses_two_requests_being_made_at_once(person):
    DataExport.objects.create(person=person, token="one")
    with pytest.raises(Exception, match="UNIQUE|unique|duplicate"):
        DataExport.objects.create(person=person, token="two")


def test_a_new_request_replaces_the_ready_download(
    only_registered, person, django_capture_on_commit_callbacks
):
    only_registered(entry("notes", notes))
    old = ask_and_build(person, django_capture_on_commit_callbacks)
    new = ask_and_build(person, django_capture_on_commit_callbacks)
    assert new.token != old.token
    assert list(DataExport.objects.filter(person=person)) == [new]
    assert downloadable_data_export(person=person, token=old.token) is None
    assert downloadable_data_export(person=person, token=new.token) == new


def test_one_persons_request_does_not_touch_anothers(
    only_registered, person, django_capture_on_commit_callbacks
):
    only_registered(entry("notes", notes))
    theirs = ask_and_build(PersonFactory(), django_capture_on_commit_callbacks)
    ask_and_build(person, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(pk=theirs.pk, state=DataExport.State.READY).exists()
    assert downloadable_data_export(person=person, token=theirs.token) is None


def test_a_failing_entry_marks_the_download_failed_and_tells_the_person(
    only_registered, person, django_capture_on_commit_callbacks
):
    def broken(person):
        raise RuntimeError("an app's export has a bug")

    only_registered(entry("broken", broken))
    export = ask_and_build(person, django_capture_on_commit_callbacks)
    assert export.state == DataExport.State.FAILED
    assert Notification.objects.get(recipient=person).message == (
        "We could not make the download of your data. Please ask for it again."
    )
    # Failed, the person may ask again straight away.
    only_registered(entry("notes", notes))
    assert ask_and_build(person, django_capture_on_commit_callbacks).state == "ready"


def test_a_request_replaced_before_the_worker_ran_is_skipped(person):
    export = DataExport.objects.create(person=person, token="gone")
    export.delete()
    assert build_data_export.call(export_id=export.pk) == 0


@pytest.mark.parametrize("how_many", [3, 300])
def test_packaging_queries_do_not_grow_with_rows(
    only_registered, person, how_many, django_capture_on_commit_callbacks
):
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="community.role_granted", message=f"Note {n}")
        for n in range(how_many)
    )
    only_registered(entry("notes", notes), entry("more_notes", notes))
    with django_capture_on_commit_callbacks(execute=False):
        export = request_data_export(person=person)
    with CaptureQueriesContext(connection) as queries:
        assert build_data_export.call(export_id=export.pk) > 0
    # The request, one per entry, storing the zip and telling the person (with its
    # transaction's savepoints): the same for 3 rows or 300.
    assert len(queries) == 8, [query["sql"] for query in queries]
    archive = opened(DataExport.objects.get(pk=export.pk))
    assert len(json.loads(archive.read("more_notes.json"))) == how_many


def test_expired_downloads_cannot_be_had_and_the_periodic_job_deletes_them(
    only_registered, person, django_capture_on_commit_callbacks
):
    only_registered(entry("notes", notes))
    with time_machine.travel(MADE, tick=False):
        export = ask_and_build(person, django_capture_on_commit_callbacks)
    last_moment = MADE + datetime.timedelta(days=7) - datetime.timedelta(seconds=1)
    with time_machine.travel(last_moment, tick=False):
        assert downloadable_data_export(person=person, token=export.token) == export
        assert delete_expired_data_exports() == 0
    with time_machine.travel(MADE + datetime.timedelta(days=7), tick=False):
        assert downloadable_data_export(person=person, token=export.token) is None
        assert current_data_export(person=person) is None
        assert delete_expired_data_exports() == 1
    assert not DataExport.objects.exists()


def test_a_request_the_worker_never_finished_stops_blocking_a_new_one(person):
    with time_machine.travel(MADE, tick=False):
        stuck = request_data_export(person=person)
    with time_machine.travel(MADE + datetime.timedelta(hours=7), tick=False):
        delete_expired_data_exports()
        stuck.refresh_from_db()
        assert stuck.state == DataExport.State.FAILED
        assert request_data_export(person=person).state == DataExport.State.QUEUED


def test_deleting_expired_downloads_is_a_periodic_job():
    assert "safety.delete_expired_exports" in {job.name for job in registered_jobs()}


def test_the_downloads_themselves_are_registered_personal_data():
    [downloads] = [one for one in registered_personal_data() if one.name == "data_downloads"]
    assert downloads.models == ("safety.DataExport",)


# --- Over the real registrations: a person who has something of every kind ------------------


def build_for(person, django_capture_on_commit_callbacks) -> zipfile.ZipFile:
    return opened(ask_and_build(person, django_capture_on_commit_callbacks))


def test_the_export_holds_every_kind_of_data_for_a_person_who_has_them_all(
    django_capture_on_commit_callbacks,
):
    world = person_with_everything()
    person = world.person
    notify(recipient=person, kind="community.role_granted", message="You are now an advisor.")
    archive = build_for(person, django_capture_on_commit_callbacks)

    files = {name: json.loads(archive.read(f"{name}.json")) for name in _registered_names()}
    assert set(archive.namelist()) == {f"{name}.json" for name in files} | {
        "index.html",
        "README.txt",
    }
    every_word = json.dumps(files, ensure_ascii=False) + archive.read("index.html").decode()
    assert files["account"][0]["real_name"] == REAL_NAME
    assert "I care for my mum and manage her direct payment." in json.dumps(files["profile"])
    posts = json.dumps(files["posts"], ensure_ascii=False)
    # A post, its earlier version, and a reply in someone else's topic.
    assert "Is it allowed here?" in posts and "Is it allowed?" in posts
    assert "Our council said yes to mine." in posts
    chat = json.dumps(files["chat_messages"], ensure_ascii=False)
    assert "Hello from Jo" in chat and "Can we talk about payroll?" in chat
    bookings = json.dumps(files["bookings"], ensure_ascii=False)
    assert "I lip-read too." in bookings and "BSL interpreter" in bookings
    assert "You are now an advisor." in json.dumps(files["notifications"])
    support = json.dumps(files["support_requests"], ensure_ascii=False)
    assert "Could you help me write Mum's support plan?" in support
    assert "Mornings suit me best." in support
    plans = json.dumps(files["support_plans"], ensure_ascii=False)
    assert "Mum loves her garden." in plans  # the section, and its saved version
    assert "Could you say what a good day looks like?" in plans  # the partner's comment
    assert world.advisor.display_name in plans
    appointments = json.dumps(files["appointments"], ensure_ascii=False)
    assert "Jo's kitchen table" in appointments and "Planning session" in appointments
    for kind in (
        "account",
        "profile",
        "posts",
        "bookings",
        "chat_messages",
        "notifications",
        "support_requests",
        "support_plans",
        "appointments",
    ):
        assert files[kind], f"{kind} is empty"
    # Nothing private about the other people they talked with or booked beside.
    for other in (world.other, world.advisor):
        assert other.real_name not in every_word and other.email not in every_word

    page = read_page(archive)
    for one in registered_personal_data():
        assert one.title in page.headings
    assert "Hello from Jo" in page.words and "I lip-read too." in page.words
    assert "Mum loves her garden." in page.words


def test_building_the_real_export_costs_the_same_queries_with_more_of_everything(
    django_capture_on_commit_callbacks,
):
    world = person_with_everything()
    person = world.person
    first = _build_queries(person, django_capture_on_commit_callbacks)
    room = Room.objects.create(kind=Room.Kind.COMMUNITY, name="Direct payments")
    for n in range(5):
        post_reply(author=person, topic=world.shared_topic, body=f"Another thought {n}")
        post_message(author=person, room=room, body=f"Message {n}", client_id=_uuid(100 + n))
        notify(recipient=person, kind="community.role_granted", message=f"News {n}")
    assert _build_queries(person, django_capture_on_commit_callbacks) == first


def _build_queries(person, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=False):
        export = request_data_export(person=person)
    with CaptureQueriesContext(connection) as queries:
        build_data_export.call(export_id=export.pk)
    return len(queries)


def _registered_names() -> list[str]:
    return [one.name for one in registered_personal_data()]
