"""Ask for help: the form, prefilled from where the member came from; sign-in first; errors
next to their fields with nothing typed lost; and the links that lead here."""

import pytest
from django.urls import reverse

from community.support.models import SupportRequest
from events.models import Event
from tests.events.factories import EventFactory, OccurrenceFactory, uk_time
from tests.factories import OrganisationFactory, PersonFactory
from tests.forums.fixtures import ask
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper

ASK = reverse("ask_for_help")


def answers(**changes) -> dict:
    return {
        "specialism": "employing-a-pa",
        "wants": "one_off",
        "way_to_talk": "chat",
        "area": "leeds",
        "language": "bfi",
        "access_needs": "A BSL interpreter",
        "body": "How do I pay my PA's holiday?",
        **changes,
    }


def test_visitors_are_sent_to_log_in_and_come_back(client, jo):
    response = client.get(ASK, {"advisor": jo.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_asking_an_advisor_shows_their_card_and_sends_the_request(member_client, member, jo):
    page = member_client.get(ASK, {"advisor": jo.pk})
    assert "Your request goes to Jo" in page_text(page)
    assert 'name="organisation"' not in page.content.decode()  # nothing to choose

    response = member_client.post(ASK, answers(advisor=jo.pk))
    sent = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("support_request", args=[sent.pk])
    assert (sent.member, sent.advisor, sent.state) == (member, jo, "open")
    assert (sent.language, sent.area, sent.way_to_talk) == ("bfi", "leeds", "chat")
    assert sent.specialism.slug == "employing-a-pa"
    assert sent.access_needs == "A BSL interpreter"


def test_asking_an_organisations_team(member_client, org, jo):
    page = member_client.get(ASK, {"organisation": org.slug})
    assert "team of trained advisors at Leeds Independent Living" in page_text(page)
    member_client.post(ASK, answers(organisation=org.slug))
    sent = SupportRequest.objects.get()
    assert (sent.advisor, sent.organisation) == (None, org)


def test_without_anyone_named_the_member_chooses_an_organisation(member_client, org, jo):
    response = member_client.post(ASK, answers())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose which organisation" in page
    assert 'href="#id_organisation"' in page
    assert not SupportRequest.objects.exists()


def test_errors_are_linked_to_their_fields_and_nothing_typed_is_lost(member_client, jo):
    response = member_client.post(ASK, answers(advisor=jo.pk, wants="", area="atlantis"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Ask for help" in page
    assert 'href="#id_wants_0"' in page and "Choose what you would like." in page
    assert 'href="#id_area"' in page
    assert "How do I pay my PA&#x27;s holiday?" in page
    assert "A BSL interpreter" in page
    assert f'name="advisor" value="{jo.pk}"' in page
    assert not SupportRequest.objects.exists()


@pytest.mark.parametrize("who", ["paused", "unlisted", "unknown"])
def test_someone_the_directory_hides_is_not_shown_and_the_team_offered_instead(
    member_client, org, who
):
    # An unlisted helper chose not to be found: a link with their id shows no card and no name,
    # the same as an id that belongs to nobody.
    pat = {
        "paused": lambda: helper(org, display_name="Pat Hidden", paused=True),
        "unlisted": lambda: helper(org, display_name="Pat Hidden", listed=False),
        "unknown": lambda: PersonFactory(display_name="Pat Hidden"),
    }[who]()
    page = member_client.get(ASK, {"advisor": pat.pk})
    text = page_text(page)
    assert page.status_code == 200
    assert "Pat Hidden" not in text and "Your request goes to" not in text.replace(
        "Your request goes to the team", ""
    )
    assert "The advisor in your link is not taking requests from the directory" in text
    assert 'name="organisation"' in page.content.decode()
    assert f'name="advisor" value="{pat.pk}"' not in page.content.decode()

    response = member_client.post(ASK, answers(advisor=pat.pk))
    assert response.status_code == 400
    assert "Pat Hidden" not in page_text(response)
    assert not SupportRequest.objects.exists()


def test_a_team_with_nobody_taking_requests_is_said_next_to_the_organisation(member_client):
    empty = OrganisationFactory(name="Quiet Group", slug="quiet-group")
    response = member_client.post(ASK, answers(organisation=empty.slug))
    assert response.status_code == 400
    assert "Nobody at Quiet Group is taking requests" in response.content.decode()


def test_a_broken_hidden_value_is_ignored_not_an_error(member_client, org, jo):
    response = member_client.post(ASK, answers(organisation=org.slug, topic="abc", advisor="x"))
    assert response.status_code == 302
    assert SupportRequest.objects.get().topic is None


@pytest.mark.parametrize("name", ["advisor", "topic", "occurrence"])
def test_a_digit_that_is_not_0_to_9_is_no_id_not_a_500(member_client, org, jo, name):
    # "²".isdigit() is True, but int("²") fails.
    assert member_client.get(ASK, {name: "²"}).status_code == 200
    response = member_client.post(ASK, answers(organisation=org.slug, **{name: "²"}))
    assert response.status_code == 302
    assert (SupportRequest.objects.get().advisor, SupportRequest.objects.get().topic) == (
        None,
        None,
    )


def test_the_form_says_truthfully_who_can_read_the_question(member_client, org, jo):
    to_the_team = page_text(member_client.get(ASK, {"organisation": org.slug}))
    assert (
        "The trained advisors in the team can read it until one of them takes it. After that, "
        "only that advisor and the organisation's staff can read it." in to_the_team
    )
    to_jo = page_text(member_client.get(ASK, {"advisor": jo.pk}))
    assert "Only Jo and the staff of their organisation can read it." in to_jo
    assert (
        "If they hand it to their organisation's staff, only the staff can read it until they "
        "give it to someone." in to_jo
    )
    assert "team" not in to_jo.split("Only Jo")[1].split("someone.")[0]


def test_from_a_forum_question_the_topic_and_its_theme_are_kept(member_client, member, jo, pa):
    from tests.forums.factories import CategoryFactory

    category = CategoryFactory(slug="pa-questions", name="PA questions", theme=pa)
    topic = ask(PersonFactory(), category)
    page = member_client.get(ASK, {"topic": topic.pk, "advisor": jo.pk})
    assert "Can I pay my daughter as my PA?" in page_text(page)
    assert page.context["form"].initial["specialism"] == "employing-a-pa"
    member_client.post(ASK, answers(advisor=jo.pk, topic=topic.pk))
    assert SupportRequest.objects.get().topic == topic


def test_from_a_drop_in_the_request_goes_to_its_organisations_team(member_client, org, jo):
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN, title="PA drop-in")
    date = OccurrenceFactory(event=drop_in, start=uk_time(3), end=uk_time(3, 12))
    page = member_client.get(ASK, {"occurrence": date.pk})
    assert "You are asking about the drop-in PA drop-in" in page_text(page)
    assert page.context["form"].initial["organisation"] == org.slug
    member_client.post(ASK, answers(organisation=org.slug, occurrence=date.pk))
    sent = SupportRequest.objects.get()
    assert (sent.organisation, sent.occurrence) == (org, date)


def test_the_drop_in_page_links_to_asking_the_team(client, org):
    drop_in = EventFactory(organisation=org, kind=Event.Kind.DROP_IN, slug="pa-drop-in")
    date = OccurrenceFactory(event=drop_in, start=uk_time(3), end=uk_time(3, 12))
    page = client.get(drop_in.get_absolute_url()).content.decode()
    assert f"{ASK}?organisation={org.slug}&amp;occurrence={date.pk}" in page


def test_a_workshop_page_has_no_such_link(client, org):
    workshop = EventFactory(organisation=org, kind=Event.Kind.WORKSHOP)
    OccurrenceFactory(event=workshop, start=uk_time(3), end=uk_time(3, 12))
    assert ASK not in client.get(workshop.get_absolute_url()).content.decode()


def test_the_forum_question_page_links_to_asking_an_advisor(client, category, asker):
    topic = ask(asker, category)
    page = client.get(topic.get_absolute_url()).content.decode()
    assert f"{ASK}?topic={topic.pk}" in page


def test_a_profile_in_the_directory_offers_to_ask_them(member_client, jo):
    response = member_client.get(jo.get_absolute_url())
    text = page_text(response)
    assert "Ask Jo for help" in text
    assert "Weekday evenings" in text


def test_a_paused_profile_says_so_and_offers_no_button(member_client, org):
    pat = helper(org, display_name="Pat", paused=True)
    text = page_text(member_client.get(pat.get_absolute_url()))
    assert "Not taking new requests just now" in text
    assert "Ask Pat for help" not in text


def test_ones_own_profile_offers_no_button(jo):
    text = page_text(signed_in(jo).get(jo.get_absolute_url()))
    assert "How Jo can help" in text and "Ask Jo for help" not in text


def test_a_hidden_character_is_said_next_to_the_question(member_client, jo):
    response = member_client.post(ASK, answers(advisor=jo.pk, body="Hello\x00there"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_body"' in page and "hidden character" in page
    assert not SupportRequest.objects.exists()


def test_an_organisation_not_on_the_list_is_an_error(member_client):
    unchecked = OrganisationFactory(slug="unchecked", verified=False)
    response = member_client.post(ASK, answers(organisation=unchecked.slug))
    assert response.status_code == 400
    assert "Choose from the list." in response.content.decode()
