"""/api/v1/advisors/: the directory of verified advisors and planning partners."""

import pytest

from community.models import Profile
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of


def test_directory_lists_verified_trained_people(client, staff, org):
    ade = advisor_of(org, display_name="Ade")
    Profile.objects.filter(person=ade).update(area="leeds", languages=["en", "bfi"])
    MembershipFactory(organisation=OrganisationFactory(verified=False), role="advisor")
    MembershipFactory(organisation=org, role="advisor", person__is_active=False)
    MembershipFactory(organisation=org, role="advisor", active=False)

    response = client.get("/api/v1/advisors/")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "person": {
                "id": ade.pk,
                "display_name": "Ade",
                "area": "leeds",
                "languages": ["en", "bfi"],
            },
            "role": "advisor",
            "organisation": {"slug": "leeds-il", "name": "Leeds Independent Living"},
            "trained_on": "2025-03-14",
            "text": "Trained advisor — Leeds Independent Living, since March 2025",
        }
    ]


def test_directory_filters_by_area_and_organisation(client, org):
    york_org = OrganisationFactory(slug="york-carers")
    leeds_person = advisor_of(org, display_name="Leeds Lou")
    york_person = advisor_of(york_org, display_name="York Yan")
    Profile.objects.filter(person=leeds_person).update(area="leeds")
    Profile.objects.filter(person=york_person).update(area="york")

    def names(**query):
        results = client.get("/api/v1/advisors/", query).json()["results"]
        return [row["person"]["display_name"] for row in results]

    assert names(area="york") == ["York Yan"]
    assert names(organisation="leeds-il") == ["Leeds Lou"]
    assert names(area="york", organisation="leeds-il") == []


def test_directory_refuses_an_unknown_area(client, db):
    response = client.get("/api/v1/advisors/", {"area": "narnia"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_directory_never_shows_email_or_real_name(client, org):
    advisor = advisor_of(org, real_name="Private Person")

    content = client.get("/api/v1/advisors/").content.decode()

    assert advisor.display_name in content
    assert advisor.email not in content
    assert "Private Person" not in content


@pytest.mark.parametrize("rows", [3, 30])
def test_directory_queries_do_not_grow(client, org, rows, django_assert_num_queries):
    for _ in range(rows):
        MembershipFactory(organisation=org, role="advisor", person=PersonFactory())

    with django_assert_num_queries(2):  # count, page
        response = client.get("/api/v1/advisors/")

    assert len(response.json()["results"]) == rows
