"""The moderation queue, a case and its actions, and "Moderate" from a thing, for each role:
visitor, member, the organisation's staff, another organisation's staff, moderator."""

import re

import pytest
from django.urls import reverse

from community.models import AuditLogEntry
from community.safety.models import Case
from community.safety.visibility import Visibility
from forums.models import Post
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.safety.conftest import reported

pytestmark = pytest.mark.django_db
QUEUE = "/moderation/"


def test_a_visitor_is_asked_to_sign_in_and_a_member_is_refused(client, member_client):
    assert client.get(QUEUE).status_code == 302
    assert member_client.get(QUEUE).status_code == 403


def test_moderators_see_every_case_urgent_first(moderator, post, event):
    reported("post", post.pk, reason="spam")
    reported("event", event.pk, reason="safety")

    response = signed_in(moderator).get(QUEUE)

    text = page_text(response).split("Open cases", 1)[1]
    assert response.status_code == 200
    assert text.index("Urgent") < text.index("Budget drop-in") < text.index("Reply in")
    assert "Spam or a scam: 1 report" in text
    assert "Worried about someone's safety: 1 report" in text


def test_staff_see_only_their_own_organisations_cases(staff_client, other_staff, post, event):
    reported("post", post.pk)
    reported("event", event.pk)

    own = page_text(staff_client.get(QUEUE))
    other = page_text(signed_in(other_staff).get(QUEUE))

    assert "Budget drop-in" in own and "Reply in" not in own
    assert "Budget drop-in" not in other and "There is nothing waiting" in other


def test_the_urgent_only_filter_is_a_get_form(moderator, post, event):
    reported("post", post.pk, reason="spam")
    reported("event", event.pk, reason="safety")

    text = page_text(signed_in(moderator).get(QUEUE, {"urgent": "on", "kind": "nonsense"}))

    assert "Budget drop-in" in text and "Reply in" not in text


def test_the_queue_takes_the_same_queries_however_many_cases(
    moderator, category, django_assert_max_num_queries
):
    client = signed_in(moderator)

    def one_case():
        topic = ask(PersonFactory(), category)
        reported("post", answer(PersonFactory(), topic).pk, reason="unkind")

    one_case()
    client.get(QUEUE)  # the cache learns the header's answers
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE)
    for _ in range(6):
        one_case()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert page_text(response).count("Unkind or abusive: 1 report") == 7


def test_a_case_shows_every_report_and_the_authors_history(moderator, post, asker):
    report = reported(
        "post",
        post.pk,
        note="They want my bank details",
        reporter=PersonFactory(display_name="Wren"),
    )

    response = signed_in(moderator).get(reverse("moderation_case", args=[report.case_id]))

    text = page_text(response)
    assert "Wren" in text and "They want my bank details" in text
    assert reverse("moderation_person", args=[asker.pk]) in response.content.decode()
    assert "Remove it for good" in text and "Move the topic" not in text


def test_hiding_needs_a_reason_and_keeps_the_choice(moderator, post):
    case = reported("post", post.pk).case
    url = reverse("moderation_case", args=[case.pk])

    response = signed_in(moderator).post(url, {"action": "hide", "reason": ""})

    assert response.status_code == 400
    assert 'href="#id_reason"' in response.content.decode()
    assert re.search(r'<input[^>]*value="hide"[^>]*checked', response.content.decode())
    assert Post.objects.get(pk=post.pk).visibility == Visibility.SHOWN


def test_a_moderator_hides_a_post_with_a_reason(moderator, post):
    case = reported("post", post.pk).case
    client = signed_in(moderator)

    response = client.post(
        reverse("moderation_case", args=[case.pk]),
        {"action": "hide", "reason": "Asking for bank details"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == QUEUE
    assert "Hidden." in page_text(response)
    assert Post.objects.get(pk=post.pk).visibility == Visibility.HIDDEN
    assert Case.objects.get(pk=case.pk).state == Case.State.CLOSED
    assert AuditLogEntry.objects.filter(action="safety.case.hide").exists()


def test_staff_act_on_their_own_cases_but_never_move_and_others_find_nothing(
    staff_client, other_staff, event
):
    case = reported("event", event.pk).case
    url = reverse("moderation_case", args=[case.pk])

    own = staff_client.get(url)

    assert own.status_code == 200
    assert "Hide it" in page_text(own) and "Move the topic" not in page_text(own)
    assert signed_in(other_staff).get(url).status_code == 404


def test_a_topic_offers_lock_and_move_to_moderators(moderator, category):
    topic = ask(PersonFactory(), category)
    case = reported("topic", topic.pk).case

    text = page_text(signed_in(moderator).get(reverse("moderation_case", args=[case.pk])))

    assert "Close the topic to new replies" in text and "Move the topic" in text
    assert "Move the topic to" in text and category.name in text


def test_moderate_from_a_thing_opens_its_case(moderator, post, member_client):
    url = reverse("moderation_thing", args=["post", post.pk])

    response = signed_in(moderator).post(url)

    case = Case.objects.get(kind="post", object_id=post.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation_case", args=[case.pk])
    assert member_client.post(url).status_code == 403
    assert (
        signed_in(moderator).post(reverse("moderation_thing", args=["recipe", 1])).status_code
        == 404
    )


def test_the_header_links_moderation_for_moderators_and_staff_only(
    moderator, staff_client, member_client
):
    assert ">Moderation</a>" in signed_in(moderator).get("/").content.decode()
    assert ">Moderation</a>" in staff_client.get("/").content.decode()
    assert ">Moderation</a>" not in member_client.get("/").content.decode()
