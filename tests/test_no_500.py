"""No input gets a 500 (issue 15, point 5): a NUL character, which PostgreSQL cannot store, and
JSON nested deeper than the parser can follow each get a clear answer: a form error that keeps
what was typed, a 404, or a JSON 400 with a code. Run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...): PostgreSQL is where a NUL breaks."""

import datetime

import pytest
from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from community.chat.models import Message
from community.safety.models import Case
from events.models import ImportJob
from events.selectors import feed_token_for
from events.services.series import create_series
from forums.models import Draft, Post
from forums.services.topics import start_topic
from tests.chat.fixtures import book, make_drop_in
from tests.chat.sockets import write
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, staff_of
from tests.forums.factories import CategoryFactory
from tests.frontend.conftest import page_text, signed_in

pytestmark = pytest.mark.django_db

NUL = "\x00"


# ---- A NUL character in a form ----


def test_a_nul_in_a_reply_is_a_form_error_that_keeps_the_text(asker, question):
    client = signed_in(asker)
    response = client.post(
        reverse("forums_reply", args=[question.pk]), {"body": f"Thank you{NUL} so much"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This text has a hidden character we cannot store" in page_text(response)
    # The message is tied to the box, and the box keeps every word (a browser shows the NUL
    # as a marker, which tells the person where it is).
    assert 'aria-describedby="id_body_helptext id_body_error"' in page
    assert f">\nThank you{NUL} so much</textarea>" in page
    assert Post.objects.filter(topic=question).count() == 1


def test_saving_a_reply_draft_with_a_nul_keeps_the_text_without_it(asker, question):
    client = signed_in(asker)
    response = client.post(
        reverse("forums_reply", args=[question.pk]),
        {"body": f"Half{NUL} written", "action": "save_draft"},
    )
    assert response.status_code == 302
    assert Draft.objects.get(person=asker, topic=question).body == "Half written"


@pytest.mark.parametrize("action", ["post", "save_draft"])
def test_a_nul_anywhere_in_a_new_topic_is_never_a_500(asker, category, action):
    client = signed_in(asker)
    response = client.post(
        reverse("forums_new_topic"),
        {
            "title": f"Paying my{NUL} daughter as a PA",
            "category": f"{category.slug}{NUL}",
            "kind": f"question{NUL}",
            "body": f"My council{NUL} says no.",
            "action": action,
        },
    )
    assert response.status_code in {302, 400}
    draft = Draft.objects.get(person=asker, kind=Draft.Kind.NEW_TOPIC)
    assert NUL not in draft.title + draft.body + str(draft.options)
    assert draft.body == "My council says no."


def test_a_nul_in_a_new_topic_title_is_an_error_next_to_the_title(asker, category):
    response = signed_in(asker).post(
        reverse("forums_new_topic"),
        {
            "title": f"Paying my{NUL} daughter as a PA",
            "category": category.slug,
            "kind": "question",
            "body": "My council says no.",
        },
    )
    assert response.status_code == 400
    assert "This text has a hidden character we cannot store" in page_text(response)
    assert "Paying my" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/accounts/login/", {"login": f"rosa{NUL}@example.org", "password": f"pass{NUL}"}),
        (
            "/accounts/signup/",
            {"email": f"new{NUL}@example.org", "password1": "x", "password2": "x"},
        ),
        ("/accounts/password/reset/", {"email": f"rosa{NUL}@example.org"}),
        ("/admin/login/", {"username": f"rosa{NUL}@example.org", "password": "x"}),
    ],
)
def test_a_nul_in_the_account_forms_is_a_form_error(client, url, fields):
    response = client.post(url, fields)
    assert response.status_code in {200, 400}
    assert "This text has a hidden character we cannot store" in page_text(response)


# ---- A NUL character in an address ----


@pytest.mark.parametrize(
    "url",
    [
        # PostgreSQL refuses to look these up (a 500 before); SQLite finds nothing.
        "/calendar/abc%00def.ics",
        "/events/%00.ics",
        # Answered (200, or a redirect to the topic's own address) before, NUL and all.
        "/forums/search/?q=pa%00",
        "/events/?q=%00",
        "/forums/t/{topic}/a%00b/",
        "/forums/t/{topic}/?page=%00",
    ],
)
def test_a_nul_in_a_page_address_is_not_found(client, question, url):
    response = client.get(url.format(topic=question.pk))
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/occurrences/?event=%00",
        "/api/v1/events/?q=a%00",
        "/api/v1/events/a%00b/",
        "/api/v1/people/?search=%00",
    ],
)
def test_a_nul_in_an_api_address_is_a_json_400_with_a_code(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):  # refused before anything is looked up
        response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "nul_character"


def test_a_nul_after_a_real_personal_calendar_token_is_not_found(person):
    token = feed_token_for(person=person).token
    assert Client().get(f"/calendar/{token}.ics").status_code == 200
    assert Client().get(f"/calendar/{token}%00.ics").status_code == 404


def test_a_nul_in_a_cookie_is_a_bad_request_made_without_reading_the_session(client):
    response = client.get("/", headers={"Cookie": f"sessionid=abcdefgh{NUL}ijkl"})
    assert response.status_code == 400


def test_a_nul_in_an_api_token_is_a_json_400_with_a_code(client):
    response = client.get("/api/v1/me/", headers={"Authorization": f"Token abc{NUL}def"})
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


# ---- A NUL character in an uploaded calendar ----


def test_an_uploaded_calendar_with_a_nul_is_not_a_calendar_we_can_read(organisation):
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\nBEGIN:VEVENT\nUID:a@example.org\n"
        f"SUMMARY:Drop{NUL}-in\nDTSTART:20300101T100000Z\nDTEND:20300101T110000Z\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    file = SimpleUploadedFile("programme.ics", text.encode(), content_type="text/calendar")
    client = signed_in(staff_of(organisation))
    response = client.post(reverse("events_import", args=[organisation.slug]), {"file": file})
    assert response.status_code == 400
    assert "This file is not a calendar (.ics) file we can read." in page_text(response)
    assert not ImportJob.objects.exists()


# ---- JSON nested too deeply to read ----

TOO_DEEP = "[" * 100_000


def _schema_and_operations() -> tuple[dict, list[tuple[str, str, dict]]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = [
        (method, path, operation["requestBody"]["content"]["application/json"]["schema"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]
    return schema, operations


SCHEMA, JSON_BODIES = _schema_and_operations()


@pytest.fixture
def one_of_each(django_capture_on_commit_callbacks):
    """One of each thing the API's addresses name, and a site admin who may act on them all:
    most views look the thing up and check permission before they read the body."""
    drop_in = make_drop_in()
    admin = PersonFactory(is_superuser=True, is_moderator=True)
    booking = book(admin, drop_in.occurrence)
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        topic = start_topic(author=admin, category=category, title="Paying a PA", body="How?")
    message = write(admin, drop_in.room)
    repeating = EventFactory(organisation=drop_in.organisation, slug="monday-drop-in")
    create_series(
        creator=admin,
        event=repeating,
        rule="FREQ=WEEKLY;BYDAY=MO",
        start_date=timezone.localdate() + datetime.timedelta(days=7),
        start_time=datetime.time(10),
    )
    case = Case.objects.create(kind="topic", object_id=topic.pk)
    ids = {
        "bookings": booking.pk,
        "moderation/cases": case.pk,
        "moderation/people": PersonFactory().pk,
        "chat/conversations": drop_in.room.pk,
        "chat/messages": message.pk,
        "chat/rooms": drop_in.room.pk,
        "forums/posts": topic.posts.get().pk,
        "forums/topics": topic.pk,
        "occurrences": drop_in.occurrence.pk,
    }
    slugs = {
        # Changing, ending or skipping dates of a series needs an event that repeats.
        "events/{slug}/series": repeating.slug,
        "events": drop_in.occurrence.event.slug,
        "forums/categories": category.slug,
        "organisations": drop_in.organisation.slug,
    }
    return admin, ids, slugs, booking


def _address(template: str, ids: dict, slugs: dict, booking) -> str:
    path = template.replace("{organisation_slug}", "{slug}").replace("{booking_id}", "{booking}")
    tail = path.removeprefix("/api/v1/")
    kind = next(
        (name for name in [*ids, *slugs] if tail.startswith(f"{name}/") and tail != f"{name}/"),
        "",
    )
    return path.format(
        id=ids.get(kind, 1),
        slug=slugs.get(kind, "none"),
        booking=booking.pk,
        person_id=1,
        part="about_me",
        comment_id=1,
        session_id=1,
    )


@pytest.mark.parametrize(("method", "template"), [op[:2] for op in JSON_BODIES])
def test_json_nested_too_deeply_is_a_400_with_a_code_on_every_json_endpoint(
    one_of_each, method, template
):
    admin, ids, slugs, booking = one_of_each
    client = signed_in(admin)
    url = _address(template, ids, slugs, booking)
    response = getattr(client, method)(url, TOO_DEEP, content_type="application/json")
    assert response.status_code == 400, (url, response.content[:200])
    assert response.json()["code"] == "json_too_deep"


# ---- A NUL in every text field of every JSON endpoint ----


def _with_nul_in_every_text(body_schema: dict) -> dict:
    """A body whose every text property (as the schema names them) holds a NUL."""
    if "$ref" in body_schema:
        body_schema = SCHEMA["components"]["schemas"][body_schema["$ref"].rsplit("/", 1)[1]]
    return {
        name: f"a{NUL}b"
        for name, field in body_schema.get("properties", {}).items()
        if field.get("type") == "string" or "allOf" in field or "$ref" in field
    }


@pytest.mark.parametrize(("method", "template", "body_schema"), JSON_BODIES)
def test_a_nul_in_every_text_field_of_every_json_endpoint_is_answered_not_crashed_on(
    one_of_each, method, template, body_schema
):
    admin, ids, slugs, booking = one_of_each
    url = _address(template, ids, slugs, booking)
    body = _with_nul_in_every_text(body_schema)
    response = getattr(signed_in(admin), method)(url, body, content_type="application/json")
    assert response.status_code < 500, url
    if response.status_code == 400:
        assert response.json()["code"]


# ---- WebSocket frames ----


@pytest.mark.parametrize("kind", ["room", "me"])
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_a_frame_nested_too_deeply_gets_an_error_frame_and_the_socket_stays(
    sockets, community_room, person, kind
):
    if kind == "room":
        tab = await sockets.entered(community_room, person)
    else:
        tab = await sockets.me(person)
    await tab.communicator.send_to(text_data=TOO_DEEP)
    assert (await tab.next())["code"] == "unsupported"
    await tab.send({"type": "shout"})  # still open and answering
    assert (await tab.next())["code"] == "unsupported"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("chat_sockets_settings")
async def test_a_chat_message_with_a_nul_gets_an_error_frame_and_is_not_stored(
    sockets, community_room, person
):
    tab = await sockets.entered(community_room, person)
    client_id = await tab.say(f"Hello{NUL} there")
    error = await tab.next()
    assert error["type"] == "error" and error["code"] == "hidden_character"
    assert error["client_id"] == client_id
    assert not await sync_to_async(Message.objects.filter(room=community_room).exists)()
