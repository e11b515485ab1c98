"""An organisation's view of its helpers: staff only (404 for everyone else), counts and waiting
times but never what anyone wrote, pausing and resuming, and asking a helper to take a request."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from community.support.models import Listing
from community.support.services.requests import accept_request, ask_for_help
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper


def support_page(org):
    return reverse("organisation_support", args=[org.slug])


def pause_url(org, person):
    return reverse("organisation_support_pause", args=[org.slug, person.pk])


@pytest.mark.parametrize("who", ["member", "advisor", "other staff", "moderator", "site admin"])
def test_only_its_staff_see_it(org, jo, who):
    person = {
        "member": lambda: PersonFactory(),
        "advisor": lambda: jo,
        "other staff": lambda: staff_of(OrganisationFactory()),
        "moderator": lambda: PersonFactory(is_moderator=True),
        "site admin": lambda: PersonFactory(is_superuser=True),  # may not read requests
    }[who]()
    client = signed_in(person)
    assert client.get(support_page(org)).status_code == 404
    assert client.post(pause_url(org, jo), {f"pause-{jo.pk}-action": "pause"}).status_code == 404
    assert not Listing.objects.get(person=jo).paused_by_organisation


def test_an_unknown_organisation_is_404(staff_client):
    assert staff_client.get(reverse("organisation_support", args=["nope"])).status_code == 404


def test_staff_see_helpers_with_counts_and_waiting_times_never_content(
    staff_client, org, jo, member, pa
):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)):
        ask_for_help(member=member, body="My secret worry", wants="one_off", advisor=jo)
        taken = ask_for_help(
            member=PersonFactory(), body="Other words", wants="one_off", advisor=jo
        )
        accept_request(person=jo, request=taken)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 11, 0, tzinfo=datetime.UTC)):
        response = staff_client.get(support_page(org))
    text = page_text(response)
    assert response.status_code == 200
    assert "Jo Trained advisor — Leeds Independent Living" in text
    assert "Waiting for them 1" in text and "Helping now 1" in text
    assert "Oldest waiting 3 days" in text
    assert "My secret worry" not in text and "Other words" not in text


def test_staff_see_the_organisation_page_link(staff_client, client, org):
    assert support_page(org) in staff_client.get(org.get_absolute_url()).content.decode()
    assert support_page(org) not in client.get(org.get_absolute_url()).content.decode()


def test_pausing_with_a_reason_and_resuming(staff_client, org, jo):
    response = staff_client.post(
        pause_url(org, jo),
        {f"pause-{jo.pk}-action": "pause", f"pause-{jo.pk}-reason": "On a break"},
    )
    assert response["Location"] == support_page(org)
    listing = Listing.objects.get(person=jo)
    assert listing.paused_by_organisation == org and listing.paused_reason == "On a break"
    assert "No: paused by staff" in page_text(staff_client.get(support_page(org)))

    staff_client.post(pause_url(org, jo), {f"pause-{jo.pk}-action": "resume"})
    assert Listing.objects.get(person=jo).paused_by_organisation is None


def test_a_too_long_reason_is_shown_next_to_its_field(staff_client, org, jo):
    response = staff_client.post(
        pause_url(org, jo),
        {f"pause-{jo.pk}-action": "pause", f"pause-{jo.pk}-reason": "x" * 301},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_pause-{jo.pk}-reason"' in page and "300 characters or fewer" in page
    assert Listing.objects.get(person=jo).paused_by_organisation is None


def test_pausing_someone_who_is_not_our_helper_is_404(staff_client, org):
    outsider = advisor_of(OrganisationFactory())
    response = staff_client.post(pause_url(org, outsider), {f"pause-{outsider.pk}-action": "pause"})
    assert response.status_code == 404


def test_waiting_requests_can_be_given_to_a_helper(staff_client, org, jo, member):
    kit = helper(org, display_name="Kit")
    waiting = ask_for_help(member=member, body="Hello", wants="one_off", organisation=org)
    response = staff_client.get(support_page(org))
    page = response.content.decode()
    assert reverse("support_request_reassign", args=[waiting.pk]) in page
    assert f'<option value="{kit.pk}">Kit</option>' in page
    assert "Hello" not in page_text(response)
    staff_client.post(
        reverse("support_request_reassign", args=[waiting.pk]),
        {"reassign-helper": kit.pk, "next": support_page(org)},
    )
    waiting.refresh_from_db()
    assert waiting.advisor == kit


@pytest.mark.parametrize("how_many", [3, 30])
def test_queries_do_not_grow_with_helpers_or_requests(
    staff_client, org, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        person = helper(org)
        ask_for_help(member=PersonFactory(), body="Hi", wants="one_off", advisor=person)
        ask_for_help(member=PersonFactory(), body="Hi", wants="one_off", organisation=org)
    staff_client.get(support_page(org))
    # Session, person, the organisation, whether they are its staff, the helpers with their
    # listings, the grouped counts, the requests, and the header's two counts.
    with django_assert_num_queries(9):
        assert staff_client.get(support_page(org)).status_code == 200


def test_a_helper_paused_by_another_organisation_is_named_not_offered_resume(staff_client, org, jo):
    york = OrganisationFactory(name="York Carers", slug="york-carers")
    Listing.objects.filter(person=jo).update(paused_by_organisation=york)
    response = staff_client.get(support_page(org))
    text = page_text(response)
    assert "Taking new requests No: paused by York Carers" in text
    assert "Paused by York Carers. Only their staff can resume Jo." in text
    page = response.content.decode()
    assert "Resume Jo" not in page and "Pause Jo" not in page
    assert pause_url(org, jo) not in page


def test_a_helper_paused_here_can_be_resumed_here(staff_client, org, jo):
    Listing.objects.filter(person=jo).update(paused_by_organisation=org)
    text = page_text(staff_client.get(support_page(org)))
    assert "No: paused by staff" in text and "Resume Jo" in text and "Paused by" not in text
