"""Autosave: drafts.js sends the new-topic and reply forms as people type to the API's draft
endpoints (the one way drafts are saved from outside the forms), signed in by the session and
with the form's CSRF token. The forms carry what the script needs; without it nothing changes."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from forums.models import Draft
from tests.factories import PersonFactory
from tests.forums.fixtures import ask

NEW_TOPIC_DRAFT = reverse("api:forum-new-topic-draft")


def reply_draft_url(topic):
    return reverse("api:forum-reply-draft", args=[topic.pk])


def save(client, url, draft, **headers):
    """What drafts.js sends: the form's fields as JSON, by PUT."""
    return client.put(url, json.dumps(draft), content_type="application/json", **headers)


def test_typing_a_reply_keeps_it_as_the_draft(member_client, member, question):
    response = save(member_client, reply_draft_url(question), {"body": "I asked my council"})

    assert response.status_code == 200
    answer = response.json()
    draft = Draft.objects.get(person=member, topic=question)
    assert draft.body == answer["body"] == "I asked my council"
    assert datetime.datetime.fromisoformat(answer["updated"]) == draft.updated


def test_saving_again_updates_the_same_draft(member_client, member, question):
    save(member_client, reply_draft_url(question), {"body": "I asked"})
    save(member_client, reply_draft_url(question), {"body": "I asked my council and they said"})

    [draft] = Draft.objects.filter(person=member)
    assert draft.body == "I asked my council and they said"


def test_typing_a_new_topic_keeps_it_with_its_choices(member_client, member, category):
    fields = {
        "title": "Holiday pay for my PA",
        "category": category.slug,
        "body": "She works 10 hours",
        "options": {"kind": "discussion", "wants_advisor": False, "anonymous": True},
    }
    response = save(member_client, NEW_TOPIC_DRAFT, fields)

    assert response.status_code == 200
    draft = Draft.objects.get(person=member, kind="new_topic")
    assert (draft.title, draft.category, draft.body) == (
        "Holiday pay for my PA",
        category,
        "She works 10 hours",
    )
    assert draft.options == {"kind": "discussion", "wants_advisor": False, "anonymous": True}


def test_a_new_topic_without_a_category_yet_is_kept(member_client, member, db):
    response = save(member_client, NEW_TOPIC_DRAFT, {"title": "Hello", "category": ""})
    assert response.status_code == 200
    assert Draft.objects.get(person=member).category is None


def test_a_category_that_is_gone_is_dropped_and_the_text_kept(member_client, member, db):
    response = save(
        member_client, NEW_TOPIC_DRAFT, {"title": "Hello", "body": "Kept", "category": "no-such"}
    )
    assert response.status_code == 200
    draft = Draft.objects.get(person=member)
    assert (draft.title, draft.body, draft.category) == ("Hello", "Kept", None)


def test_emptying_the_box_keeps_no_draft(member_client, member, question):
    save(member_client, reply_draft_url(question), {"body": "Half a thought"})
    response = save(member_client, reply_draft_url(question), {"body": "  \n"})
    assert response.status_code == 204
    assert not Draft.objects.filter(person=member).exists()


def test_signed_out_people_are_refused_and_nothing_is_kept(client, question):
    response = save(client, reply_draft_url(question), {"body": "Typed"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert save(client, NEW_TOPIC_DRAFT, {"body": "Typed"}).status_code == 401
    assert not Draft.objects.exists()


def test_a_draft_too_long_to_keep_is_refused_with_its_code(member_client, question):
    response = save(member_client, reply_draft_url(question), {"body": "x" * 20001})
    assert response.status_code == 400
    assert response.json() == {
        "code": "body_too_long",
        "detail": "This draft is too long to keep.",
        "fields": {"body": ["This draft is too long to keep."]},
    }
    assert not Draft.objects.exists()


def test_a_draft_with_an_unknown_kind_is_refused(member_client, category):
    response = save(member_client, NEW_TOPIC_DRAFT, {"body": "Hi", "options": {"kind": "rant"}})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "options.kind" in response.json()["fields"]
    assert not Draft.objects.exists()


def test_a_topic_that_is_gone_is_not_found(member_client, question):
    question.deleted = True
    question.save(update_fields=["deleted"])
    response = save(member_client, reply_draft_url(question), {"body": "x"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not Draft.objects.exists()


def test_the_old_page_addresses_for_autosave_are_gone(member_client, question):
    assert member_client.post("/forums/new/draft/", {"body": "x"}).status_code == 404
    reply_draft = f"/forums/topics/{question.pk}/draft/"
    assert member_client.post(reply_draft, {"body": "x"}).status_code == 404
    assert not Draft.objects.exists()


def test_the_csrf_token_is_required(member, question):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    page = browser.get(question.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    refused = save(browser, reply_draft_url(question), {"body": "No token"})
    assert refused.status_code == 403
    assert not Draft.objects.exists()

    # drafts.js sends the form's own token, as a header.
    saved = save(browser, reply_draft_url(question), {"body": "With it"}, HTTP_X_CSRFTOKEN=token)
    assert saved.status_code == 200
    assert Draft.objects.get(person=member).body == "With it"


@pytest.mark.parametrize("where", ["topic", "reply", "new_topic"])
def test_the_forms_ask_for_autosave_and_load_the_script(member_client, question, where):
    url = {
        "topic": question.get_absolute_url(),
        "reply": reverse("forums_reply", args=[question.pk]),
        "new_topic": reverse("forums_new_topic"),
    }[where]
    if where == "new_topic":
        # The full new-topic form shows once a draft exists.
        save(member_client, NEW_TOPIC_DRAFT, {"title": "Holiday pay", "body": "Hours"})
    page = member_client.get(url).content.decode()
    expected = NEW_TOPIC_DRAFT if where == "new_topic" else reply_draft_url(question)
    assert f'data-autosave-url="{expected}"' in page
    assert re.search(r'<script src="/static/js/drafts\.js[^"]*" defer></script>', page)
    assert 'role="status" data-autosave-status' in page


def test_visitors_who_cannot_reply_get_no_autosave(client, question):
    page = client.get(question.get_absolute_url()).content.decode()
    assert "data-autosave-url" not in page and "drafts.js" not in page


def test_an_autosaved_new_topic_is_waiting_when_you_come_back(member_client, category):
    ask(PersonFactory(), category)  # something in the forums already
    save(member_client, NEW_TOPIC_DRAFT, {"title": "Holiday pay for my PA", "body": "She works"})
    page = member_client.get(reverse("forums_new_topic")).content.decode()
    assert "This is the draft you saved" in page
    assert re.search(r"<textarea[^>]*>\s*She works</textarea>", page)
