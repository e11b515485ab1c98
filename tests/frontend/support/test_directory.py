"""Find an advisor: one card per person, filters that work without JavaScript, and a query
count that does not grow with the number of people listed."""

import re

import pytest
from django.urls import reverse

from community.safety.services import block_person
from community.support.models import Listing
from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper


def names_listed(response) -> list[str]:
    return [card.person.display_name for card in response.context["page"].cards]


def test_a_card_shows_what_the_advisor_chose_and_who_vouches_for_them(client, org, jo):
    jo.memberships.update(trained_for="Employing a PA, payroll")
    response = client.get(reverse("advisors"))
    page = response.content.decode()
    text = page_text(response)
    assert f'<a href="{jo.get_absolute_url()}">Jo</a>' in page
    assert "Trained advisor — Leeds Independent Living, since March 2025" in text
    assert "Trained for: Employing a PA, payroll" in text
    assert "Employing a personal assistant (PA)" in text
    assert "British Sign Language (BSL), English" in text
    assert "Areas covered Leeds" in text
    assert "Chat here on Alongside" in text
    assert "Weekday evenings" in text
    assert f'href="{reverse("ask_for_help")}?advisor={jo.pk}"' in page


def test_the_card_links_the_next_drop_in_the_advisor_hosts(client, org, jo):
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN, title="PA drop-in")
    drop_in.hosts.add(jo)
    date = OccurrenceFactory(event=drop_in, start=uk_time(3), end=uk_time(3, 12))
    page = client.get(reverse("advisors")).content.decode()
    assert f'href="{drop_in.get_absolute_url()}#date-{date.pk}"' in page
    assert "Next drop-in they host" in page


def test_paused_unlisted_and_unverified_people_are_not_listed(client, org, jo):
    PersonFactory(display_name="No Role")
    helper(org, display_name="Paused Pat", paused=True)
    helper(org, display_name="Hidden Hal", listed=False)
    helper(OrganisationFactory(verified=False), display_name="Unchecked Una")
    stopped = helper(org, display_name="Stopped Sid")
    Listing.objects.filter(person=stopped).update(paused_by_organisation=org)
    assert names_listed(client.get(reverse("advisors"))) == ["Jo"]


def test_someone_with_two_roles_has_one_card_with_both(client, org, jo):
    MembershipFactory(person=jo, organisation=org, role="planning_partner")
    response = client.get(reverse("advisors"))
    assert names_listed(response) == ["Jo"]
    assert "Support planning partner — Leeds Independent Living" in page_text(response)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"language": "bfi"}, ["Jo"]),
        ({"specialism": "employing-a-pa"}, ["Jo"]),
        ({"area": "kent"}, ["Kit"]),
        ({"postcode": "LS6 2AB"}, ["Jo"]),
        ({"postcode": "ct1"}, ["Kit"]),
        ({"way": "phone"}, ["Kit"]),
        ({"organisation": "kent-carers"}, ["Kit"]),
        ({"q": "evenings"}, ["Jo"]),
        ({"language": "bfi", "area": "kent"}, []),
    ],
)
def test_each_filter_narrows_the_list(client, org, jo, filters, expected):
    kent = OrganisationFactory(name="Kent Carers", slug="kent-carers", area="kent")
    helper(kent, display_name="Kit", languages=["pl"], areas=["kent"], ways=["phone"])
    assert names_listed(client.get(reverse("advisors"), filters)) == expected


@pytest.mark.parametrize("typed", ["bsl", "BSL"])
def test_bsl_as_people_type_it_filters_like_its_code_and_shows_chosen(client, org, jo, typed):
    helper(org, display_name="Kit", languages=["pl"])
    response = client.get(reverse("advisors"), {"language": typed})
    assert names_listed(response) == ["Jo"]
    assert '<option value="bfi" selected>' in response.content.decode()


def test_an_unknown_postcode_is_an_error_next_to_its_field_and_the_list_is_not_narrowed(
    client, org, jo
):
    helper(org, display_name="Kit", areas=["kent"])
    response = client.get(reverse("advisors"), {"postcode": "ZZ99"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "We do not know that postcode" in page
    assert 'href="#id_postcode"' in page  # the summary links to the field
    assert 'aria-invalid="true"' in page
    assert 'value="ZZ99"' in page  # what they typed is kept
    assert names_listed(response) == ["Jo", "Kit"]


def test_an_unknown_choice_in_an_old_link_is_ignored(client, org, jo):
    response = client.get(reverse("advisors"), {"specialism": "no-such-thing", "way": "fax"})
    assert response.status_code == 200
    assert names_listed(response) == ["Jo"]


def test_the_list_is_paged(client, org, settings):
    for number in range(25):
        helper(org, display_name=f"Helper {number:02}")
    first = client.get(reverse("advisors"))
    second = client.get(reverse("advisors"), {"page": 2})
    assert len(names_listed(first)) == 20 and len(names_listed(second)) == 5
    assert "Next page" in first.content.decode()


def test_real_names_and_emails_never_show(client, org):
    helper(org, display_name="Jo", real_name="Joanna Secret", email="jo@example.org")
    page = client.get(reverse("advisors")).content.decode()
    assert "Joanna Secret" not in page and "jo@example.org" not in page


def test_advisors_do_not_see_an_ask_button_on_their_own_card(org, jo):
    page = signed_in(jo).get(reverse("advisors")).content.decode()
    assert f"?advisor={jo.pk}" not in page


@pytest.mark.parametrize("how_many", [3, 30])
def test_directory_queries_do_not_grow_with_helpers(
    client, org, pa, django_assert_num_queries, how_many
):
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN)
    for _ in range(how_many):
        person = helper(org, specialisms=["employing-a-pa"], languages=["en"], areas=["leeds"])
        MembershipFactory(person=person, organisation=org, role="planning_partner")
        drop_in.hosts.add(person)
    OccurrenceFactory(event=drop_in, start=uk_time(2), end=uk_time(2, 12))
    PersonFactory()  # no role: not listed, costs nothing
    advisor_of(org)  # trained, no listing yet: listed on the defaults
    # Themes and organisations for the filter; the count for the pager; one page of people with
    # listings and profiles, their roles, their specialisms; the drop-ins they host.
    with django_assert_num_queries(7):
        assert client.get(reverse("advisors"), {"language": "en"}).status_code == 200


# ---- Messaging from the directory (kept from the first directory) ----


def _message_forms(page: str) -> set[str]:
    return set(re.findall(r'action="(/chat/with/\d+/)"', page))


def test_signed_in_members_can_message_each_advisor_from_the_directory(member_client, org):
    jo = helper(org, display_name="Jo")
    kit = helper(org, display_name="Kit")
    response = member_client.get(reverse("advisors"))
    assert _message_forms(response.content.decode()) == {
        reverse("chat_start", args=[jo.pk]),
        reverse("chat_start", args=[kit.pk]),
    }
    assert "Send a private message to Jo" in page_text(response)


def test_visitors_see_no_message_buttons(client, jo):
    assert not _message_forms(client.get(reverse("advisors")).content.decode())


def test_no_message_button_across_a_block_either_way(member_client, member, org):
    blocked_by_me = helper(org, display_name="Jo")
    blocking_me = helper(org, display_name="Kit")
    open_to_me = helper(org, display_name="Lou")
    block_person(blocker=member, blocked=blocked_by_me)
    block_person(blocker=blocking_me, blocked=member)
    response = member_client.get(reverse("advisors"))
    assert _message_forms(response.content.decode()) == {
        reverse("chat_start", args=[open_to_me.pk])
    }
    # Still listed: a block only stops private conversations.
    assert names_listed(response) == ["Jo", "Kit", "Lou"]


@pytest.mark.parametrize("how_many", [3, 30])
def test_directory_queries_for_a_signed_in_member_do_not_grow(
    member_client, member, org, django_assert_num_queries, how_many
):
    people = [helper(org, languages=["en"]) for _ in range(how_many)]
    for person in people[: how_many // 3]:
        block_person(blocker=member, blocked=person)
    member_client.get(reverse("advisors"))  # the session is read once and settled
    # A visitor's seven, then the session, the person, the people kept apart by a block, and
    # the header's two counts.
    with django_assert_num_queries(12):
        response = member_client.get(reverse("advisors"))
    blocked = {person.pk for person in people[: how_many // 3]}
    shown = [card.person.pk for card in response.context["page"].cards]
    assert len(_message_forms(response.content.decode())) == len(set(shown) - blocked)
