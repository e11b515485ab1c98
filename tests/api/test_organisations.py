"""/api/v1/organisations/: the public list and pages, and changes by the organisation's staff."""

import pytest

from community.models import AuditLogEntry, Organisation
from tests.factories import OrganisationFactory, PersonFactory, staff_of


def test_organisations_are_listed_in_pages_by_name(client, db):
    OrganisationFactory(name="Zeta Carers")
    OrganisationFactory(name="Alpha ULO")

    response = client.get("/api/v1/organisations/")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 2
    assert [o["name"] for o in body["results"]] == ["Alpha ULO", "Zeta Carers"]
    assert set(body["results"][0]) == {
        "slug", "name", "kind", "description", "description_html", "area", "website", "verified",
    }  # fmt: skip


def test_organisations_filter_by_area_and_kind(client, db):
    OrganisationFactory(name="Leeds ULO", area="leeds", kind="user_led")
    OrganisationFactory(name="Leeds Carers", area="leeds", kind="carers_centre")
    OrganisationFactory(name="York ULO", area="york", kind="user_led")

    by_area = client.get("/api/v1/organisations/", {"area": "leeds"}).json()
    by_both = client.get(
        "/api/v1/organisations/", {"area": "leeds", "kind": "carers_centre"}
    ).json()

    assert [o["name"] for o in by_area["results"]] == ["Leeds Carers", "Leeds ULO"]
    assert [o["name"] for o in by_both["results"]] == ["Leeds Carers"]


def test_an_unknown_area_filter_is_invalid_not_empty(client, db):
    response = client.get("/api/v1/organisations/", {"area": "atlantis"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["area"]


def test_one_organisation_by_slug(client, org):
    response = client.get("/api/v1/organisations/leeds-il/")

    assert response.status_code == 200
    assert response.json()["name"] == "Leeds Independent Living"
    assert response.json()["description_html"] == "<p>We run workshops about direct payments.</p>"


@pytest.mark.parametrize("rows", [3, 30])
def test_organisation_list_queries_do_not_grow_with_rows(
    client, db, rows, django_assert_num_queries
):
    OrganisationFactory.create_batch(rows)

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/v1/organisations/")

    assert len(response.json()["results"]) == rows


def test_staff_change_their_organisation_and_it_is_audited(signed_in, staff, org):
    response = signed_in(staff).patch(
        "/api/v1/organisations/leeds-il/",
        data={"description": "Drop-ins **every** Tuesday.", "website": "https://example.org/"},
    )

    assert response.status_code == 200
    assert response.json()["description_html"] == "<p>Drop-ins <strong>every</strong> Tuesday.</p>"
    assert response.json()["name"] == "Leeds Independent Living"
    org.refresh_from_db()
    assert org.website == "https://example.org/"
    assert AuditLogEntry.objects.filter(action="community.organisation.changed").count() == 1


def test_site_admin_can_change_any_organisation(signed_in, org):
    admin = PersonFactory(is_superuser=True, is_staff=True)

    response = signed_in(admin).patch("/api/v1/organisations/leeds-il/", data={"area": "york"})

    assert response.status_code == 200
    assert response.json()["area"] == "york"


def test_staff_of_another_organisation_are_not_allowed(signed_in, org):
    outsider = staff_of(OrganisationFactory())

    response = signed_in(outsider).patch("/api/v1/organisations/leeds-il/", data={"name": "Ours"})

    assert response.status_code == 403
    assert response.json() == {
        "code": "not_allowed",
        "detail": "Only staff of this organisation can change its details.",
    }
    assert Organisation.objects.get(pk=org.pk).name == "Leeds Independent Living"
    assert not AuditLogEntry.objects.exists()


def test_a_member_is_not_allowed_to_change_an_organisation(signed_in, member, org):
    response = signed_in(member).patch("/api/v1/organisations/leeds-il/", data={"name": "Mine"})

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


def test_a_blank_name_is_refused_with_the_services_code(signed_in, staff, org):
    response = signed_in(staff).patch("/api/v1/organisations/leeds-il/", data={"name": "  "})

    assert response.status_code == 400
    assert response.json()["code"] == "name_needed"
    assert response.json()["fields"] == {"name": ["Enter the organisation's name."]}


def test_a_bad_website_is_refused_not_a_500(signed_in, staff, org):
    response = signed_in(staff).patch("/api/v1/organisations/leeds-il/", data={"website": "nope"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["website"]


def test_verified_cannot_be_set_through_the_api(signed_in, db):
    unverified = OrganisationFactory(slug="new-org", verified=False)
    client = signed_in(staff_of(unverified))

    response = client.patch("/api/v1/organisations/new-org/", data={"verified": True})

    assert response.status_code == 200
    assert Organisation.objects.get(pk=unverified.pk).verified is False
