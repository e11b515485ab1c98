"""/api/v1/advisors/: the directory, one row per person, and its filters."""

import pytest

from community.models import Profile
from community.support.models import Listing
from tests.api.support.conftest import API, list_for
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of, theme

URL = f"{API}/advisors/"


def names(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.json()
    return [row["display_name"] for row in response.json()["results"]]


def test_a_row_is_one_person_with_every_role_and_what_they_offer(client, org, advisor, employing):
    york = OrganisationFactory(name="York Carers", slug="york-carers")
    MembershipFactory(
        person=advisor, organisation=york, role="planning_partner", trained_for="Support plans"
    )
    Listing.objects.filter(person=advisor).update(
        ways_to_talk=["chat", "phone"], availability="Tuesday mornings"
    )

    response = client.get(URL)

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row == {
        "id": advisor.pk,
        "display_name": "Ade Advisor",
        "roles": [
            {
                "role": "advisor",
                "organisation": {"slug": "leeds-il", "name": "Leeds Independent Living"},
                "trained_on": "2025-03-14",
                "trained_for": "",
            },
            {
                "role": "planning_partner",
                "organisation": {"slug": "york-carers", "name": "York Carers"},
                "trained_on": row["roles"][1]["trained_on"],
                "trained_for": "Support plans",
            },
        ],
        "specialisms": [{"slug": "employing-a-pa", "name": employing.name}],
        "languages": ["en", "bfi"],
        "areas": ["leeds"],
        "ways_to_talk": ["chat", "phone"],
        "availability": "Tuesday mornings",
        "next_drop_in": None,
    }


def test_paused_unlisted_inactive_and_unverified_people_are_never_listed(client, org, advisor):
    paused = advisor_of(org, display_name="Paused Pat")
    list_for(paused, paused=True)
    by_staff = advisor_of(org, display_name="Stopped Sid")
    list_for(by_staff, paused_by_organisation=org)
    unlisted = advisor_of(org, display_name="Hidden Hal")
    list_for(unlisted, listed=False)
    closed = advisor_of(org, display_name="Closed Cat", is_active=False)
    list_for(closed)
    unverified = advisor_of(OrganisationFactory(verified=False), display_name="Unchecked Uma")
    list_for(unverified)

    assert names(client) == ["Ade Advisor"]


def test_filters_by_language_bsl_as_bfi_or_bsl(client, advisor, other_advisor):
    assert names(client, language="bfi") == ["Ade Advisor"]
    assert names(client, language="bsl") == ["Ade Advisor"]
    assert names(client, language="en") == ["Ade Advisor", "Bea Advisor"]


def test_a_helper_with_no_listing_yet_has_empty_lists_not_nulls(client, org):
    advisor_of(org, display_name="New Nia")  # trained today: listed before filling anything in

    (row,) = client.get(URL).json()["results"]

    assert row["display_name"] == "New Nia" and row["roles"][0]["role"] == "advisor"
    assert [row[name] for name in ("specialisms", "languages", "areas", "ways_to_talk")] == [
        [],
        [],
        [],
        [],
    ]
    assert row["availability"] == ""


def test_asking_for_help_in_bsl_is_stored_as_bfi(signed_in, member, advisor):
    # As the directory filter takes it: people type "bsl".
    response = signed_in(member).post(
        f"{API}/support-requests/",
        {"body": "Hi", "wants": "one_off", "advisor_id": advisor.pk, "language": "bsl"},
    )

    assert response.status_code == 201, response.json()
    assert response.json()["language"] == "bfi"


def test_filters_by_specialism_area_way_and_organisation(client, org, advisor, other_advisor):
    money = theme("managing-the-money", "Managing the money")
    york_org = OrganisationFactory(slug="york-carers")
    yan = advisor_of(york_org, display_name="York Yan")
    list_for(yan, specialisms=[money], areas=["york"], ways=["in_person"])

    assert names(client, specialism="employing-a-pa") == ["Ade Advisor"]
    assert names(client, specialism="managing-the-money") == ["York Yan"]
    assert names(client, area="york") == ["Bea Advisor", "York Yan"]
    assert names(client, way="in_person") == ["York Yan"]
    assert names(client, organisation="york-carers") == ["York Yan"]
    assert names(client, area="york", organisation="leeds-il") == ["Bea Advisor"]


def test_filters_by_postcode_near_me(client, advisor, other_advisor):
    assert names(client, postcode="LS1 4AP") == ["Ade Advisor"]
    assert names(client, postcode="ls2") == ["Ade Advisor"]


def test_a_postcode_we_cannot_place_is_a_400_naming_the_field(client, advisor):
    response = client.get(URL, {"postcode": "ZZ99 9ZZ"})

    assert response.status_code == 400
    assert response.json()["code"] == "unknown_postcode"
    assert "postcode" in response.json()["fields"]


@pytest.mark.parametrize(
    ("field", "value"), [("area", "narnia"), ("language", "klingon"), ("way", "pigeon")]
)
def test_an_unknown_choice_is_a_400_naming_the_field(client, db, field, value):
    response = client.get(URL, {field: value})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["fields"]


def test_free_text_finds_names_and_availability(client, advisor, other_advisor):
    Listing.objects.filter(person=other_advisor).update(availability="Weekday evenings")
    Profile.objects.filter(person=advisor).update(bio="I sign and lip-read.")

    assert names(client, q="evenings") == ["Bea Advisor"]
    assert names(client, q="lip-read") == ["Ade Advisor"]
    assert names(client, q="ade") == ["Ade Advisor"]


def test_the_directory_never_shows_email_or_real_name(client, org):
    person = advisor_of(org, real_name="Private Person")
    list_for(person)

    content = client.get(URL).content.decode()

    assert person.display_name in content
    assert person.email not in content
    assert "Private Person" not in content


@pytest.mark.parametrize("people", [3, 30])
def test_directory_queries_do_not_grow(client, org, employing, people, django_assert_num_queries):
    other = OrganisationFactory()
    for _ in range(people):
        person = PersonFactory()
        MembershipFactory(person=person, organisation=org)
        MembershipFactory(person=person, organisation=other, role="planning_partner")
        list_for(person, specialisms=[employing], languages=["bfi"])

    # count, page, roles, specialisms, next drop-ins
    with django_assert_num_queries(5):
        response = client.get(URL, {"language": "bfi"})

    assert len(response.json()["results"]) == people


def test_a_row_shows_the_next_drop_in_they_host(client, org, advisor):
    drop_in = EventFactory(organisation=org, kind="drop_in", title="PA drop-in")
    later = OccurrenceFactory(event=drop_in, host=advisor, start=uk_time(9), end=uk_time(9, 12))
    soon = OccurrenceFactory(event=drop_in, host=advisor, start=uk_time(2), end=uk_time(2, 12))

    (row,) = client.get(URL).json()["results"]

    assert later.start > soon.start
    assert row["next_drop_in"] == {
        "id": soon.pk,
        "title": "PA drop-in",
        "starts": row["next_drop_in"]["starts"],
        "url": f"/events/{drop_in.slug}/",
    }
