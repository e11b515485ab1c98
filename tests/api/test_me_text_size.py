"""/api/v1/me/ reads and changes a person's text size and contrast, through the same service as
the "Text size and contrast" page."""

import pytest

from community.errors import CommunityError, NotAllowed
from community.models import User
from community.services.text_size import set_text_size_and_contrast
from tests.factories import PersonFactory


def test_own_account_shows_the_text_size_and_contrast(signed_in, member):
    User.objects.filter(pk=member.pk).update(text_size="larger")

    body = signed_in(member).get("/api/v1/me/").json()

    assert (body["text_size"], body["contrast"]) == ("larger", "standard")


def test_changing_only_the_contrast_keeps_the_text_size_and_the_profile(signed_in, member):
    client = signed_in(member)
    client.patch("/api/v1/me/", data={"text_size": "largest", "bio": "Hello"})

    response = client.patch("/api/v1/me/", data={"contrast": "high"})

    body = response.json()
    assert response.status_code == 200
    assert (body["text_size"], body["contrast"]) == ("largest", "high")
    assert body["bio"] == "Hello" and body["display_name"] == "Sam Member"


def test_a_text_size_not_on_the_list_is_refused_and_nothing_changes(signed_in, member):
    response = signed_in(member).patch(
        "/api/v1/me/", data={"text_size": "huge", "display_name": "Sam New"}
    )

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["text_size"]
    member.refresh_from_db()
    assert (member.text_size, member.display_name) == ("standard", "Sam Member")


def test_a_refused_profile_change_leaves_the_text_size_alone(signed_in, member):
    PersonFactory(display_name="Taken Name")

    response = signed_in(member).patch(
        "/api/v1/me/", data={"text_size": "larger", "display_name": "Taken Name"}
    )

    assert response.json()["code"] == "display_name_taken"
    member.refresh_from_db()
    assert member.text_size == "standard"


def test_nobody_may_change_someone_else_s_text_size(member):
    with pytest.raises(NotAllowed):
        set_text_size_and_contrast(editor=PersonFactory(), person=member, text_size="larger")


def test_the_service_names_the_field_of_a_value_not_on_the_list(member):
    with pytest.raises(CommunityError) as refused:
        set_text_size_and_contrast(editor=member, person=member, contrast="neon")

    assert (refused.value.code, refused.value.field) == ("unknown_contrast", "contrast")
