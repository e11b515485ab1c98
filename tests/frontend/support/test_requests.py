"""A member's requests and one request's page: the state in words, who it went to, the
conversation once accepted, and each button shown only to whoever may press it. A request the
viewer may not see is 404."""

import re

import pytest
from django.urls import reverse

from community.support.models import Plan, SupportRequest
from community.support.services.plans import start_plan
from community.support.services.requests import (
    accept_request,
    ask_for_help,
    close_request,
)
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of
from tests.frontend.conftest import page_text, signed_in
from tests.support.helpers import helper


def page_of(request_id):
    return reverse("support_request", args=[request_id])


def action(name, request_id):
    return reverse(f"support_request_{name}", args=[request_id])


def refreshed(support_request):
    support_request.refresh_from_db()
    return support_request


# ---- Seeing ----


def test_my_requests_lists_each_with_its_state_and_who_it_went_to(member_client, to_jo, org):
    response = member_client.get(reverse("my_requests"))
    text = page_text(response)
    assert "Waiting for someone to take it" in text
    assert "Jo (Leeds Independent Living)" in text
    assert page_of(to_jo.pk) in response.content.decode()


def test_the_member_sees_their_request_and_may_withdraw_it(member_client, to_jo):
    response = member_client.get(page_of(to_jo.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "How do I pay my PA&#x27;s holiday?" in page
    assert action("withdraw", to_jo.pk) in page
    assert action("accept", to_jo.pk) not in page
    assert action("reassign", to_jo.pk) not in page


def test_the_advisor_it_was_sent_to_may_take_it(jo_client, to_jo):
    page = jo_client.get(page_of(to_jo.pk)).content.decode()
    assert action("accept", to_jo.pk) in page
    assert action("hand_over", to_jo.pk) in page
    assert action("withdraw", to_jo.pk) not in page


@pytest.mark.parametrize("who", ["another member", "another advisor", "other staff", "moderator"])
def test_people_who_may_not_see_it_get_404_on_the_page_and_every_button(to_jo, org, who):
    kent = OrganisationFactory(name="Kent Carers", slug="kent-carers")
    person = {
        "another member": lambda: PersonFactory(),
        "another advisor": lambda: advisor_of(kent),
        "other staff": lambda: staff_of(kent),
        "moderator": lambda: PersonFactory(is_moderator=True),
    }[who]()
    client = signed_in(person)
    assert client.get(page_of(to_jo.pk)).status_code == 404
    for name in ("accept", "withdraw", "close", "hand_over", "reassign", "did_it_help"):
        assert client.post(action(name, to_jo.pk)).status_code == 404
    assert refreshed(to_jo).state == "open"


def test_a_missing_request_is_404(member_client):
    assert member_client.get(page_of(999999)).status_code == 404


def test_visitors_are_sent_to_log_in(client, to_jo):
    assert client.get(page_of(to_jo.pk)).status_code == 302


def test_staff_of_the_organisation_see_it_but_not_the_conversation(staff_client, to_jo, jo):
    accept_request(person=jo, request=to_jo)
    response = staff_client.get(page_of(to_jo.pk))
    assert response.status_code == 200
    assert "Open the private conversation" not in page_text(response)


# ---- Acting ----


def test_accepting_opens_the_conversation_for_both(jo_client, member_client, to_jo):
    response = jo_client.post(action("accept", to_jo.pk))
    assert response.status_code == 302
    to_jo = refreshed(to_jo)
    assert to_jo.state == "accepted" and to_jo.room is not None
    room_link = reverse("chat_room", args=[to_jo.room.pk])
    assert room_link in member_client.get(page_of(to_jo.pk)).content.decode()
    assert room_link in jo_client.get(page_of(to_jo.pk)).content.decode()
    assert "Someone is helping" in page_text(member_client.get(page_of(to_jo.pk)))


def test_a_button_pressed_by_someone_who_may_see_but_not_act_is_refused(member_client, to_jo):
    assert member_client.post(action("accept", to_jo.pk)).status_code == 403
    assert refreshed(to_jo).state == "open"


def test_once_one_helper_takes_a_team_request_the_others_no_longer_see_it(org, member, pa):
    kit = helper(org, display_name="Kit")
    lou = helper(org, display_name="Lou")
    sent = ask_for_help(member=member, body="Help", wants="one_off", organisation=org)
    kit_client, lou_client = signed_in(kit), signed_in(lou)
    kit_client.get(page_of(sent.pk))
    lou_client.get(page_of(sent.pk))
    kit_client.post(action("accept", sent.pk))
    response = lou_client.post(action("accept", sent.pk))
    # Lou may no longer see it (it is Kit's now): the 404 says nothing about who took it.
    assert response.status_code == 404
    assert refreshed(sent).advisor == kit


def test_withdrawing_and_sending_again(member_client, to_jo):
    member_client.post(action("withdraw", to_jo.pk))
    assert refreshed(to_jo).state == "withdrawn"
    page = member_client.get(page_of(to_jo.pk)).content.decode()
    assert action("send_again", to_jo.pk) in page
    response = member_client.post(action("send_again", to_jo.pk))
    again = SupportRequest.objects.exclude(pk=to_jo.pk).get()
    assert response["Location"] == page_of(again.pk)
    assert again.state == "open" and again.body == to_jo.body


def test_closing_asks_the_member_did_this_help(jo_client, member_client, to_jo, jo):
    accept_request(person=jo, request=to_jo)
    jo_client.post(action("close", to_jo.pk))
    assert refreshed(to_jo).state == "closed"
    page = member_client.get(page_of(to_jo.pk)).content.decode()
    assert "Did this help?" in page and action("did_it_help", to_jo.pk) in page
    assert action("did_it_help", to_jo.pk) not in jo_client.get(page_of(to_jo.pk)).content.decode()


def test_did_this_help_needs_an_answer_and_keeps_the_note(member_client, to_jo, jo):
    accept_request(person=jo, request=to_jo)
    close_request(person=jo, request=to_jo)
    response = member_client.post(
        action("did_it_help", to_jo.pk), {"did-it-help-note": "Jo was kind"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_did-it-help-helped_0"' in page and "Jo was kind" in page
    member_client.post(
        action("did_it_help", to_jo.pk),
        {"did-it-help-helped": "yes", "did-it-help-note": "Jo was kind"},
    )
    to_jo = refreshed(to_jo)
    assert to_jo.helped is True and to_jo.helped_note == "Jo was kind"
    assert "You told us this helped" in page_text(member_client.get(page_of(to_jo.pk)))


def test_handing_over_needs_a_reason_and_a_note(jo_client, to_jo):
    response = jo_client.post(action("hand_over", to_jo.pk), {"hand-over-reason": "safeguarding"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_hand-over-note"' in page
    assert re.search(r'<input[^>]*value="safeguarding"[^>]*checked', page)
    assert refreshed(to_jo).advisor is not None


def test_handing_over_leaves_it_with_the_team_and_staff_see_why(jo_client, staff_client, to_jo):
    response = jo_client.post(
        action("hand_over", to_jo.pk),
        {"hand-over-reason": "safeguarding", "hand-over-note": "They sounded frightened."},
    )
    assert response["Location"] == reverse("my_help")
    to_jo = refreshed(to_jo)
    assert (to_jo.state, to_jo.advisor, to_jo.handed_over) == ("open", None, "safeguarding")
    text = page_text(staff_client.get(page_of(to_jo.pk)))
    assert "I am worried about their safety" in text and "They sounded frightened." in text


def test_the_member_never_sees_the_hand_over_note(member_client, jo_client, to_jo, staff):
    jo_client.post(
        action("hand_over", to_jo.pk),
        {"hand-over-reason": "beyond_training", "hand-over-note": "Needs a benefits expert."},
    )
    assert refreshed(to_jo).handed_over == "beyond_training"
    assert "Needs a benefits expert." not in page_text(member_client.get(page_of(to_jo.pk)))


def test_a_request_with_the_staff_says_so_and_gives_no_end_date(
    member_client, jo_client, staff_client, to_jo
):
    assert "Open until" in page_text(member_client.get(page_of(to_jo.pk)))
    jo_client.post(
        action("hand_over", to_jo.pk),
        {"hand-over-reason": "beyond_training", "hand-over-note": "Needs a benefits expert."},
    )
    for client in (member_client, staff_client):
        text = page_text(client.get(page_of(to_jo.pk)))
        # It waits for the staff however long: a date would say it ends then.
        assert "With Leeds Independent Living's staff" in text
        assert "Open until" not in text


def test_handing_over_with_no_staff_to_pass_it_to_is_refused_next_to_the_reason(jo_client, to_jo):
    response = jo_client.post(
        action("hand_over", to_jo.pk),
        {"hand-over-reason": "safeguarding", "hand-over-note": "They sounded frightened."},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_hand-over-reason' in page
    assert "Leeds Independent Living has no staff on Alongside to pass this to." in page_text(
        response
    )
    assert "They sounded frightened." in page  # what they typed is kept
    assert refreshed(to_jo).advisor is not None


def test_staff_reassign_choosing_from_the_helpers_best_match_first(staff_client, org, to_jo):
    kit = helper(org, display_name="Kit", languages=["bfi"], areas=["leeds"])
    helper(org, display_name="Abe")
    response = staff_client.get(page_of(to_jo.pk))
    names = [label for _, label in response.context["reassign_form"].fields["helper"].choices]
    # Jo matches most (specialism, language, area, way), then Kit, then Abe: in the words
    # My help uses.
    assert names[1:] == [
        "Jo — same topic, uses British Sign Language (BSL), covers Leeds, chats here",
        "Kit — uses British Sign Language (BSL), covers Leeds",
        "Abe",
    ]

    staff_client.post(action("reassign", to_jo.pk), {"reassign-helper": kit.pk})
    to_jo = refreshed(to_jo)
    assert to_jo.advisor == kit and to_jo.state == "open"


def test_reassigning_to_someone_not_on_the_list_is_an_error(staff_client, to_jo, jo):
    outsider = advisor_of(OrganisationFactory())
    response = staff_client.post(action("reassign", to_jo.pk), {"reassign-helper": outsider.pk})
    assert response.status_code == 400
    assert "Choose from the list." in response.content.decode()
    assert refreshed(to_jo).advisor == jo


def test_reassign_can_go_back_to_the_organisation_page(staff_client, org, to_jo):
    kit = helper(org, display_name="Kit")
    back = reverse("organisation_support", args=[org.slug])
    response = staff_client.post(
        action("reassign", to_jo.pk), {"reassign-helper": kit.pk, "next": back}
    )
    assert response["Location"] == back


def test_an_outside_next_address_is_not_followed(staff_client, org, to_jo):
    kit = helper(org, display_name="Kit")
    response = staff_client.post(
        action("reassign", to_jo.pk),
        {"reassign-helper": kit.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == page_of(to_jo.pk)


# ---- Plans ----


def test_an_accepted_plan_request_offers_to_start_the_plan(member_client, member, org, jo):
    sent = ask_for_help(member=member, body="Help me plan", wants="plan", advisor=jo)
    accept_request(person=jo, request=sent)
    page = member_client.get(page_of(sent.pk)).content.decode()
    assert "Start your support plan" in page
    assert f'action="{reverse("plan_start")}?request={sent.pk}"' in page


def test_once_started_the_request_links_to_the_plan(member_client, member, jo):
    sent = ask_for_help(member=member, body="Help me plan", wants="plan", advisor=jo)
    sent = accept_request(person=jo, request=sent)
    plan = start_plan(owner=member, request=sent)
    page = member_client.get(page_of(sent.pk)).content.decode()
    assert reverse("plan", args=[plan.pk]) in page
    assert "Start your support plan" not in page
    assert Plan.objects.count() == 1


def test_a_one_off_request_offers_no_plan(member_client, to_jo, jo):
    accept_request(person=jo, request=to_jo)
    assert "Start your support plan" not in page_text(member_client.get(page_of(to_jo.pk)))


def test_the_advisor_is_not_offered_to_start_the_members_plan(jo_client, member, jo):
    sent = ask_for_help(member=member, body="Help me plan", wants="plan", advisor=jo)
    accept_request(person=jo, request=sent)
    assert "Start your support plan" not in page_text(jo_client.get(page_of(sent.pk)))


def test_an_expired_request_can_be_sent_again(member_client, to_jo):
    SupportRequest.objects.filter(pk=to_jo.pk).update(state="expired")
    response = member_client.get(page_of(to_jo.pk))
    assert "Nobody took it in time" in page_text(response)
    assert action("send_again", to_jo.pk) in response.content.decode()


def test_send_again_on_an_open_request_says_why_not(member_client, to_jo):
    response = member_client.post(action("send_again", to_jo.pk), follow=True)
    assert "still going" in page_text(response)
    assert SupportRequest.objects.count() == 1


def test_get_on_a_button_is_refused(member_client, to_jo):
    assert member_client.get(action("withdraw", to_jo.pk)).status_code == 405
