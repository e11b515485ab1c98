"""The draft endpoints, which the pages' autosave uses too: an empty draft is thrown away (204),
the form's choices are checked, and errors come back as {"code", "detail", "fields"}."""

from forums.models import Draft
from tests.forums.fixtures import ask

API = "/api/v1/forums"


def test_an_empty_draft_is_thrown_away(signed_in, asker, replier, category):
    topic = ask(asker, category)
    api = signed_in(replier)
    api.put(f"{API}/topics/{topic.pk}/draft/", {"body": "I think"})

    emptied = api.put(f"{API}/topics/{topic.pk}/draft/", {"body": " "})

    assert emptied.status_code == 204
    assert api.get(f"{API}/topics/{topic.pk}/draft/").status_code == 404
    assert not Draft.objects.exists()


def test_a_new_topic_draft_keeps_its_choices(signed_in, replier, category):
    response = signed_in(replier).put(
        f"{API}/drafts/new-topic/",
        {"title": "Holiday pay", "category": "", "options": {"anonymous": True}},
    )
    assert response.status_code == 200
    assert response.json()["category"] is None
    assert response.json()["options"] == {
        "kind": "question",
        "wants_advisor": False,
        "anonymous": True,
    }


def test_an_unknown_kind_is_invalid(signed_in, replier, db):
    response = signed_in(replier).put(
        f"{API}/drafts/new-topic/", {"title": "Holiday pay", "options": {"kind": "rant"}}
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["options.kind"]
