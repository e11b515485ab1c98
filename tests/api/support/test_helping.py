"""/api/v1/my-help/ and its listing, and an organisation's view of its helpers."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from community.support.models import Listing
from tests.api.support.conftest import API, ask, list_for
from tests.factories import PersonFactory, advisor_of

MY_HELP = f"{API}/my-help/"
LISTING = f"{API}/my-help/listing/"


def test_my_help_shows_requests_to_take_best_match_first(signed_in, org, advisor, employing):
    plain = ask(PersonFactory(), organisation=org)
    matching = ask(PersonFactory(), organisation=org, specialism=employing, language="bfi")

    response = signed_in(advisor).get(MY_HELP)

    assert response.status_code == 200, response.json()
    body = response.json()
    assert [row["id"] for row in body["requests_i_can_take"]] == [matching.pk, plain.pk]
    assert body["requests_i_can_take"][0]["match_score"] == 7
    assert body["listing"]["takes_requests"] is True
    assert body["roles"][0]["organisation"]["slug"] == "leeds-il"
    assert body["conversations"] == [] and body["plans_as_partner"] == []
    assert body["next_drop_in"] is None


def test_my_help_is_for_helpers_only(signed_in, member):
    response = signed_in(member).get(MY_HELP)

    assert response.status_code == 403
    assert response.json()["code"] == "not_a_helper"
    assert signed_in(member).get(LISTING).status_code == 403


@pytest.mark.parametrize("requests", [2, 20])
def test_my_help_queries_do_not_grow(signed_in, org, advisor, requests, django_assert_num_queries):
    from community.support.services.requests import accept_request

    for _ in range(requests):
        ask(PersonFactory(), organisation=org)
        accept_request(person=advisor, request=ask(PersonFactory(), advisor=advisor))
    client = signed_in(advisor)

    with django_assert_num_queries(19):
        response = client.get(MY_HELP)

    body = response.json()
    assert (len(body["requests_i_can_take"]), len(body["conversations"])) == (requests, requests)
    assert body["requests_waiting"] == requests


def test_a_helper_reads_and_changes_their_listing(signed_in, advisor, employing):
    client = signed_in(advisor)
    assert client.get(LISTING).json()["languages"] == ["en", "bfi"]

    response = client.put(
        LISTING,
        {
            "listed": True,
            "specialisms": ["employing-a-pa"],
            "languages": ["bfi"],
            "areas": ["leeds", "bradford"],
            "ways_to_talk": ["chat", "in_person"],
            "availability": "Weekday evenings",
            "paused": True,
        },
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["specialisms"] == [{"slug": "employing-a-pa", "name": employing.name}]
    assert (body["languages"], body["areas"]) == (["bfi"], ["leeds", "bradford"])
    assert body["paused"] is True and body["takes_requests"] is False
    assert body["in_directory"] is False
    assert Listing.objects.get(person=advisor).availability == "Weekday evenings"


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"listed": True, "specialisms": ["no-such-thing"]}, "specialisms"),
        ({"listed": True, "languages": ["xx"]}, "languages.0"),
        ({"listed": True, "ways_to_talk": ["pigeon"]}, "ways_to_talk.0"),
        ({"listed": True, "availability": "x" * 201}, "availability"),
        ({}, "listed"),
    ],
)
def test_a_wrong_listing_is_a_400_naming_the_field(signed_in, advisor, sent, field):
    response = signed_in(advisor).put(LISTING, sent)

    assert response.status_code == 400
    assert field in response.json()["fields"], response.json()


def support_url(org, *rest):
    return "/".join([f"{API}/organisations/{org.slug}/support", *map(str, rest)]) + "/"


def test_staff_see_their_helpers_with_counts_never_content(signed_in, org, staff, advisor, member):
    ask(member, advisor=advisor)

    response = signed_in(staff).get(support_url(org))

    assert response.status_code == 200, response.json()
    (helper,) = response.json()["helpers"]
    assert helper["person"]["id"] == advisor.pk
    assert (helper["open_count"], helper["accepted_count"]) == (1, 0)
    assert helper["oldest_open_waiting_seconds"] >= 0
    assert len(response.json()["requests"]) == 1


@pytest.mark.parametrize("who", ["member", "advisor", "other_staff", "moderator", "site_admin"])
def test_only_the_organisations_staff_see_its_support(signed_in, org, who, request):
    # Not even a site admin: the view lists the organisation's requests.
    person = (
        PersonFactory(is_superuser=True) if who == "site_admin" else request.getfixturevalue(who)
    )
    response = signed_in(person).get(support_url(org))

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


def test_an_unknown_organisation_is_a_404(signed_in, staff):
    response = signed_in(staff).get(f"{API}/organisations/nowhere/support/")

    assert response.status_code == 404


def test_staff_pause_and_resume_a_helper(signed_in, org, staff, advisor, client):
    paused = signed_in(staff).post(support_url(org, advisor.pk, "pause"), {"reason": "A rest"})

    assert paused.status_code == 200, paused.json()
    assert paused.json()["paused_by_organisation"] is True
    assert client.get(f"{API}/advisors/").json()["results"] == []
    assert Listing.objects.get(person=advisor).paused_reason == "A rest"

    resumed = signed_in(staff).post(support_url(org, advisor.pk, "resume"))

    assert resumed.status_code == 200
    assert resumed.json()["paused_by_organisation"] is False


def test_other_staff_cannot_pause_someone_elses_helper(signed_in, org, other_staff, advisor):
    response = signed_in(other_staff).post(support_url(org, advisor.pk, "pause"))

    assert response.status_code == 403


def test_pausing_someone_unknown_is_a_404(signed_in, org, staff):
    assert signed_in(staff).post(support_url(org, 999999, "pause")).status_code == 404


def test_staff_cannot_pause_someone_not_trained_there(signed_in, org, staff, other_org):
    elsewhere = advisor_of(other_org)
    list_for(elsewhere)

    assert signed_in(staff).post(support_url(org, elsewhere.pk, "pause")).status_code == 403


def test_saving_the_listing_answers_with_a_pause_staff_made_meanwhile(
    signed_in, advisor, org, monkeypatch
):
    from community.support.services import listings

    read_before_the_pause = listings.listing_for

    def staff_pause_meanwhile(who):
        listing = read_before_the_pause(who)  # the copy read before the staff's pause
        Listing.objects.filter(person=who).update(paused_by_organisation=org, paused_reason="Rest")
        return listing

    monkeypatch.setattr(listings, "listing_for", staff_pause_meanwhile)
    response = signed_in(advisor).put(
        LISTING, {"listed": True, "availability": "Evenings"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["paused_by_organisation"]["slug"] == org.slug
    assert (body["paused_reason"], body["availability"]) == ("Rest", "Evenings")
    assert (body["in_directory"], body["takes_requests"]) == (False, False)


def test_the_listing_says_pausing_takes_you_out_of_the_directory(signed_in, advisor):
    client = signed_in(advisor)
    client.put(LISTING, {"listed": True, "paused": True}, format="json")

    body = client.get(LISTING).json()

    assert (body["paused"], body["in_directory"], body["takes_requests"]) == (True, False, False)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    said = schema["components"]["schemas"]["Listing"]["properties"]["paused"]["description"]
    assert "out of the directory" in said and "stay in the directory" not in said
