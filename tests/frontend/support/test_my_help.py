"""My help: what a helper can take (best match first, and why), whom they are helping, their
plans as partner, their next drop-in, pausing, and what they show. Others get a friendly page."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.services.memberships import grant_role, revoke_role
from community.support.models import Listing
from community.support.services.plans import start_plan
from community.support.services.requests import accept_request, ask_for_help
from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import PersonFactory, theme
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper

MY_HELP = reverse("my_help")


def test_people_who_are_not_helpers_get_a_friendly_page(member_client):
    response = member_client.get(MY_HELP)
    assert response.status_code == 200
    assert "This page is for trained peer advisors" in page_text(response)
    assert member_client.get(reverse("my_listing")).status_code == 200


def test_visitors_are_sent_to_log_in(client):
    assert client.get(MY_HELP).status_code == 302


def test_requests_i_can_take_come_best_match_first_saying_why(jo_client, org, jo, pa):
    loose = ask_for_help(
        member=PersonFactory(display_name="Una"), body="Hi", wants="one_off", organisation=org
    )
    close = ask_for_help(
        member=PersonFactory(display_name="Bea"),
        body="BSL please",
        wants="one_off",
        advisor=jo,
        specialism=pa,
        language="bfi",
        area="leeds",
    )
    response = jo_client.get(MY_HELP)
    assert [r.pk for r, _reasons in response.context["to_take"]] == [close.pk, loose.pk]
    text = page_text(response)
    assert "Why it matches you Same topic, uses British Sign Language (BSL), covers Leeds" in text
    assert "Why it matches you Nothing in particular" in text
    assert "The team at Leeds Independent Living" in text


def test_my_conversations_link_to_the_room(jo_client, jo, to_jo):
    to_jo = accept_request(person=jo, request=to_jo)
    page = jo_client.get(MY_HELP).content.decode()
    assert reverse("chat_room", args=[to_jo.room.pk]) in page
    assert "Rosa" in page


def test_plans_where_i_am_partner_link_to_the_plan(jo_client, member, jo):
    sent = ask_for_help(member=member, body="Plan", wants="plan", advisor=jo)
    plan = start_plan(owner=member, request=accept_request(person=jo, request=sent))
    page = jo_client.get(MY_HELP).content.decode()
    assert reverse("plan", args=[plan.pk]) in page


def test_my_next_hosted_drop_in_is_shown(jo_client, org, jo):
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN, title="PA drop-in")
    drop_in.hosts.add(jo)
    date = OccurrenceFactory(event=drop_in, start=uk_time(4), end=uk_time(4, 12))
    page = jo_client.get(MY_HELP).content.decode()
    assert f"#date-{date.pk}" in page and "PA drop-in" in page


def test_pausing_and_resuming(jo_client, jo, to_jo):
    jo_client.post(reverse("my_help_pause"), {"paused": "yes"})
    assert Listing.objects.get(person=jo).paused
    response = jo_client.get(MY_HELP)
    assert response.context["to_take"] == []
    assert "You are paused" in page_text(response)
    jo_client.post(reverse("my_help_pause"), {"paused": "no"})
    assert not Listing.objects.get(person=jo).paused


def test_a_non_helper_pausing_is_told_why(member_client):
    response = member_client.post(reverse("my_help_pause"), {"paused": "yes"}, follow=True)
    assert "Only trained advisors and planning partners" in page_text(response)
    assert not Listing.objects.exists()


def test_paused_by_staff_says_who_and_why(jo_client, jo, org):
    Listing.objects.filter(person=jo).update(
        paused_by_organisation=org, paused_reason="On a break until March"
    )
    text = page_text(jo_client.get(MY_HELP))
    assert "The staff of Leeds Independent Living have paused you" in text
    assert "On a break until March" in text


def test_the_header_links_my_help_for_helpers_only(jo, member_client):
    # Worked out at log-in (signed_in uses the real log-in), so no page pays a query for it.
    assert f'href="{MY_HELP}"' in signed_in(jo).get(reverse("home")).content.decode()
    assert f'href="{MY_HELP}"' not in member_client.get(reverse("home")).content.decode()


def test_a_role_granted_shows_my_help_on_the_next_page_without_logging_in_again(
    org, staff, member, member_client, django_capture_on_commit_callbacks
):
    home = reverse("home")
    assert f'href="{MY_HELP}"' not in member_client.get(home).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        role = grant_role(
            granted_by=staff,
            organisation=org,
            person=member,
            role="advisor",
            trained_on=datetime.date(2025, 3, 1),
        )
    assert f'href="{MY_HELP}"' in member_client.get(home).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_role(revoked_by=staff, membership=role)
    assert f'href="{MY_HELP}"' not in member_client.get(home).content.decode()


def test_the_header_asks_the_database_only_when_the_cache_has_no_answer(jo):
    client = signed_in(jo)
    client.get(reverse("home"))  # the session settles
    with CaptureQueriesContext(connection) as kept:
        client.get(reverse("home"))
    cache.clear()  # evicted, or a new server: asked once, then kept again
    with CaptureQueriesContext(connection) as asked:
        assert f'href="{MY_HELP}"' in client.get(reverse("home")).content.decode()
    with CaptureQueriesContext(connection) as kept_again:
        client.get(reverse("home"))
    # Once for each answer the header keeps: "My help", "Moderation" (frontend.shared.safety)
    # and the event tools, "Sessions I host" and the dashboards (frontend.shared.hosting).
    assert len(asked) == len(kept) + 3 and len(kept_again) == len(kept)


# ---- What I show ----


def test_editing_what_i_show(jo_client, jo, pa):
    carers = theme("carers", "Carers")
    response = jo_client.get(reverse("my_listing"))
    assert response.status_code == 200
    assert response.context["form"].initial["languages"] == ["bfi", "en"]
    response = jo_client.post(
        reverse("my_listing"),
        {
            "listed": "on",
            "specialisms": [carers.pk],
            "languages": ["pl"],
            "areas": ["kent", "leeds"],
            "ways_to_talk": ["phone"],
            "availability": "Mornings",
        },
    )
    assert response["Location"] == MY_HELP
    listing = Listing.objects.get(person=jo)
    assert list(listing.specialisms.all()) == [carers]
    assert (listing.languages, listing.ways_to_talk, listing.availability) == (
        ["pl"],
        ["phone"],
        "Mornings",
    )
    assert sorted(listing.areas) == ["kent", "leeds"]


def test_a_bad_choice_is_shown_next_to_its_field_and_the_rest_is_kept(jo_client, jo):
    response = jo_client.post(
        reverse("my_listing"),
        {"languages": ["klingon"], "availability": "Tuesday mornings", "areas": ["leeds"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_languages_0"' in page and "Choose from the list." in page
    assert 'value="Tuesday mornings"' in page
    assert Listing.objects.get(person=jo).availability == "Weekday evenings"


def test_what_i_show_says_a_paused_helper_is_out_of_the_directory(jo_client, jo):
    Listing.objects.filter(person=jo).update(paused=True)
    text = page_text(jo_client.get(reverse("my_listing")))
    assert "You are paused, so you are not in the directory and take no new requests" in text


def test_a_helper_without_a_listing_yet_can_make_one(org):
    from tests.factories import advisor_of

    new = advisor_of(org, display_name="New")
    client = signed_in(new)
    assert client.get(reverse("my_listing")).context["form"].initial == {"listed": True}
    client.post(reverse("my_listing"), {"listed": "on", "languages": ["en"]})
    assert Listing.objects.get(person=new).languages == ["en"]


# ---- Query counts ----


@pytest.mark.parametrize("how_many", [3, 30])
def test_my_help_queries_do_not_grow_with_requests_or_conversations(
    org, pa, django_assert_num_queries, how_many
):
    jo = helper(org, display_name="Jo", specialisms=["employing-a-pa"], languages=["en"])
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN)
    drop_in.hosts.add(jo)
    OccurrenceFactory(event=drop_in, start=uk_time(2), end=uk_time(2, 12))
    for _ in range(how_many):
        member = PersonFactory()
        ask_for_help(member=member, body="Hi", wants="one_off", advisor=jo, specialism=pa)
        ask_for_help(member=member, body="Hi", wants="one_off", organisation=org)
        taken = ask_for_help(member=PersonFactory(), body="Plan", wants="plan", advisor=jo)
        start_plan(owner=taken.member, request=accept_request(person=jo, request=taken))
    client = signed_in(jo)
    client.get(MY_HELP)  # the session settles
    # Session and person; me as a card (person with listing, roles, specialisms); the requests
    # I can take (my listing and its specialisms again, whether I am trained, blocks, the
    # requests, and how many wait in all); my next drop-in; the header's two counts; my
    # conversations; my plans.
    with django_assert_num_queries(16):
        response = client.get(MY_HELP)
    # A big team's helper is shown the 50 best matches, and told how many wait.
    assert len(response.context["to_take"]) == min(2 * how_many, 50)
    assert response.context["waiting"] == 2 * how_many
    if how_many == 30:
        assert "60 requests are waiting. Here are the 50 that match you best" in (
            response.content.decode()
        )
