"""Blocks through the API: listing, blocking (once) and unblocking. Only the blocker sees them."""

from community.safety.models import Block
from tests.factories import PersonFactory

API = "/api/v1/blocks"


def test_i_block_someone_and_see_them_in_my_list(signed_in, member):
    pest = PersonFactory(display_name="Pat Pest")
    client = signed_in(member)

    blocked = client.post(f"{API}/", {"person_id": pest.pk})
    again = client.post(f"{API}/", {"person_id": pest.pk})
    listed = client.get(f"{API}/")

    assert blocked.status_code == 201
    assert blocked.json()["person"] == {"id": pest.pk, "display_name": "Pat Pest"}
    assert again.status_code == 201
    assert Block.objects.count() == 1
    assert [b["person"]["id"] for b in listed.json()] == [pest.pk]
    assert pest.email not in listed.content.decode()


def test_my_blocks_are_not_shown_to_the_person_blocked(signed_in, member):
    pest = PersonFactory()
    signed_in(member).post(f"{API}/", {"person_id": pest.pk})

    assert signed_in(pest).get(f"{API}/").json() == []


def test_nobody_blocks_themselves_or_nobody(signed_in, member):
    client = signed_in(member)

    themselves = client.post(f"{API}/", {"person_id": member.pk})
    nobody = client.post(f"{API}/", {"person_id": 999999})

    assert themselves.status_code == 400
    assert themselves.json()["code"] == "cannot_block_yourself"
    assert list(themselves.json()["fields"]) == ["person_id"]
    assert nobody.json()["code"] == "unknown_person"
    assert not Block.objects.exists()


def test_unblocking_removes_the_block_once(signed_in, member):
    pest = PersonFactory()
    client = signed_in(member)
    client.post(f"{API}/", {"person_id": pest.pk})

    removed = client.delete(f"{API}/{pest.pk}/")
    again = client.delete(f"{API}/{pest.pk}/")

    assert removed.status_code == 204
    assert again.status_code == 404
    assert not Block.objects.exists()
