"""Support requests and safety, as the pages show them: a helper can report a request they see;
a hidden request is gone for helpers and marked for the member and the staff; a request whose
words suggest the member may be at risk is sent, and the next page shows where to get urgent
help, once."""

from django.urls import reverse

from community.safety.models import Case
from community.safety.registry import reportable_kind
from community.safety.visibility import Visibility
from community.support.models import SupportRequest
from tests.frontend.conftest import page_text
from tests.frontend.support.test_asking import ASK, answers

KIND = reportable_kind("support_request")


def page_of(request_id):
    return reverse("support_request", args=[request_id])


def test_the_helper_who_sees_a_request_can_report_it_and_the_member_cannot(
    jo_client, member_client, to_jo
):
    report = reverse("report_concern", args=["support_request", to_jo.pk])
    page = jo_client.get(page_of(to_jo.pk)).content.decode()
    assert f'href="{report}"' in page
    assert 'Report<span class="visually-hidden"> this request</span>' in page
    assert report not in member_client.get(page_of(to_jo.pk)).content.decode()


def test_a_hidden_request_is_gone_for_the_helper_and_marked_for_the_member_and_staff(
    jo_client, member_client, staff_client, to_jo
):
    KIND.set_visibility(to_jo.pk, Visibility.HIDDEN, None)

    assert jo_client.get(page_of(to_jo.pk)).status_code == 404
    assert "How do I pay my PA" not in page_text(jo_client.get(reverse("my_help")))
    member_page = page_text(member_client.get(page_of(to_jo.pk)))
    assert "Hidden by a moderator. The people you sent it to cannot see it." in member_page
    staff_page = page_text(staff_client.get(page_of(to_jo.pk)))
    assert "Hidden by a moderator. Helpers cannot see it." in staff_page


def test_a_held_request_says_so(member_client, to_jo):
    KIND.set_visibility(to_jo.pk, Visibility.HELD, None)
    text = page_text(member_client.get(page_of(to_jo.pk)))
    assert "Hidden while a moderator looks at it." in text


def test_asking_with_words_of_risk_sends_it_and_shows_urgent_help_once(member_client, jo):
    worried = "I can't pay my PA and I keep thinking about ending it all."
    response = member_client.post(ASK, answers(advisor=jo.pk, body=worried))
    sent = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == page_of(sent.pk)
    assert Case.objects.get(kind="support_request", object_id=sent.pk).urgent

    text = page_text(member_client.get(page_of(sent.pk)))
    assert "If you or someone else needs help now" in text
    assert "Samaritans: Call 116 123" in text
    assert "Text SHOUT to 85258" in text
    assert "Your request is sent to Jo" in text
    # Once: the next page is as usual.
    assert "Samaritans" not in page_text(member_client.get(page_of(sent.pk)))


def test_an_ordinary_request_shows_no_urgent_help(member_client, jo):
    member_client.post(ASK, answers(advisor=jo.pk))
    sent = SupportRequest.objects.get()
    assert "Samaritans" not in page_text(member_client.get(page_of(sent.pk)))
