"""Reporting a concern through the pages: the form, its errors (the typed note kept), the thank
you page with urgent help after a safety report, and "Your reports" with what happened."""

import pytest
from django.urls import reverse

from community.safety.models import Case, Report
from community.safety.moderation import act_on_case
from tests.factories import PersonFactory
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.safety.conftest import reported

pytestmark = pytest.mark.django_db


def report_url(kind, object_id):
    return reverse("report_concern", args=[kind, object_id])


def test_a_visitor_is_asked_to_sign_in_before_reporting(client, post):
    response = client.get(report_url("post", post.pk))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_form_shows_what_is_reported_and_asks_what_is_wrong(member_client, post):
    response = member_client.get(report_url("post", post.pk))

    text = page_text(response)
    assert response.status_code == 200
    assert "Report a concern" in text
    assert "Send me your bank details" in text
    assert "<legend" in response.content.decode() and "What is wrong?" in text
    for words in ("Spam or a scam", "Unkind or abusive", "Worried about someone's safety"):
        assert words in text


@pytest.mark.parametrize("kind, object_id", [("recipe", 1), ("post", 999_999)])
def test_an_unknown_kind_or_thing_is_not_found(member_client, kind, object_id):
    assert member_client.get(report_url(kind, object_id)).status_code == 404


def test_a_missing_reason_is_linked_to_the_field_and_the_note_is_kept(member_client, post):
    response = member_client.post(report_url("post", post.pk), {"note": "They asked me for money"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_reason_0"' in html
    assert "Choose what is wrong." in html
    assert "They asked me for money" in html
    assert not Report.objects.exists()


def test_a_note_that_is_too_long_is_refused_and_kept(member_client, post):
    note = "x" * 1001
    response = member_client.post(report_url("post", post.pk), {"reason": "spam", "note": note})

    assert response.status_code == 400
    assert "1000 characters or fewer" in page_text(response)
    assert note in response.content.decode()


def test_a_spam_report_opens_a_case_and_thanks_the_reporter(member_client, member, post):
    response = member_client.post(
        report_url("post", post.pk), {"reason": "spam", "note": "Scam"}, follow=True
    )

    text = page_text(response)
    report = Report.objects.get()
    assert response.redirect_chain[-1][0] == reverse("report_sent", args=[report.pk])
    assert "Thank you for telling us" in text
    assert "116 123" not in text
    assert report.reporter == member and report.case.kind == "post" and not report.case.urgent


def test_a_safety_report_leads_with_urgent_help_and_says_moderators_were_told(member_client, post):
    response = member_client.post(report_url("post", post.pk), {"reason": "safety"}, follow=True)

    text = page_text(response)
    assert Case.objects.get().urgent
    assert text.index("116 123") < text.index("told the moderators now")
    for words in ("999", "press 2", "SHOUT", "85258"):
        assert words in text


def test_reporting_twice_is_answered_kindly(member_client, member, post):
    reported("post", post.pk, reporter=member)

    shown = member_client.get(report_url("post", post.pk))
    again = member_client.post(report_url("post", post.pk), {"reason": "unkind", "note": "Again"})

    assert "You have already reported this" in page_text(shown)
    assert again.status_code == 400
    assert "already reported this" in page_text(again)
    assert "Again" in again.content.decode()
    assert Report.objects.count() == 1


def test_you_cannot_report_what_you_wrote(asker, post):
    response = signed_in(asker).post(report_url("post", post.pk), {"reason": "spam"})

    assert response.status_code == 400
    assert "something you wrote yourself" in page_text(response)


def test_someone_elses_report_is_not_found(member_client, post):
    report = reported("post", post.pk)

    assert member_client.get(reverse("report_sent", args=[report.pk])).status_code == 404


def test_your_reports_say_what_happened(member_client, member, post, moderator):
    report = reported("post", post.pk, reporter=member)
    act_on_case(actor=moderator, case=report.case, action="hide", reason="A scam")

    text = page_text(member_client.get(reverse("my_reports")))

    assert "Reply in" in text
    assert "Spam or a scam" in text
    assert "A moderator hid it." in text
    assert "A scam" not in text.replace("Spam or a scam", "")  # the reason is the author's


def test_your_reports_take_the_same_queries_however_many(
    member_client, member, category, django_assert_max_num_queries
):
    from tests.forums.fixtures import ask

    def report_one():
        topic = ask(PersonFactory(), category)
        reported("topic", topic.pk, reporter=member)

    report_one()
    with django_assert_max_num_queries(12) as few:
        member_client.get(reverse("my_reports"))
    for _ in range(5):
        report_one()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = member_client.get(reverse("my_reports"))
    assert page_text(response).count("A moderator has not finished looking at it yet.") == 6
