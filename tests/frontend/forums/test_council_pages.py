"""The pages of "what councils have agreed": the link and the decision on an answered question,
"What did the council decide?" (errors next to their fields, nothing typed lost), and the public
list by council and by what it was for, which never names the asker."""

import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.safety.visibility import Visibility
from forums.models import CouncilDecision
from forums.services.answers import accept_answer
from tests.forums.councils import NOW, answered_question, decision_on
from tests.forums.factories import CategoryFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

pytestmark = pytest.mark.django_db

FORM = {"council": "calderdale", "outcome": "agreed", "year": "2026", "what_for": "gym membership"}


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def answered(question, asker, replier):
    accept_answer(person=asker, post=answer(replier, question))
    return question


@pytest.fixture
def asker_client(asker):
    return signed_in(asker)


def _form_url(topic) -> str:
    return reverse("forums_council_decision", args=[topic.pk])


def _listed(response) -> str:
    """The list's text, after the filter form (whose council list names every council)."""
    content = response.content.decode()
    after_filters = content[content.index("</form>", content.index('class="filter-form"')) :]
    return page_text(type("Listed", (), {"content": after_filters.encode()}))


def _headings(content: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", content)]


# ---- On the question ----


def test_the_asker_of_an_answered_question_is_offered_to_add_what_the_council_decided(
    answered, asker_client
):
    page = asker_client.get(answered.get_absolute_url() + "?page=1").content.decode()
    assert f'<a href="{_form_url(answered)}">Add what the council decided</a>' in page


def test_nobody_is_offered_it_before_an_answer_is_accepted(question, asker_client):
    page = asker_client.get(question.get_absolute_url() + "?page=1").content.decode()
    assert "Answered:" not in page and _form_url(question) not in page
    response = asker_client.get(_form_url(question))
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()


def test_the_member_accepts_and_adds_calderdale_agreed_2026_gym_membership_and_the_council_page_lists_it(  # noqa: E501
    question, asker, asker_client, replier, client
):
    reply = answer(replier, question)
    asker_client.post(reverse("forums_post_answer", args=[reply.pk]))
    form = asker_client.get(_form_url(question))
    assert form.status_code == 200 and 'value="2026"' in form.content.decode()  # this year

    saved = asker_client.post(_form_url(question), FORM)

    assert saved.status_code == 302
    assert saved["Location"] == f"{question.get_absolute_url()}?page=1#council-decision"
    topic_page = page_text(asker_client.get(saved["Location"]))
    assert "Calderdale agreed in 2026. It was for: gym membership." in topic_page
    listed = client.get(reverse("forums_councils"))
    content = listed.content.decode()
    assert "<h3>Calderdale</h3>" in content
    assert "Agreed in 2026: gym membership." in page_text(listed)
    assert f'<a href="{question.get_absolute_url()}">' in content
    assert "Kestrel" not in content and "Katherine Secret" not in content


def test_form_errors_are_linked_to_their_fields_and_what_was_typed_is_kept(answered, asker_client):
    response = asker_client.post(
        _form_url(answered), {**FORM, "outcome": "", "year": "2030", "what_for": "Gym  membership"}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert content.count('class="error-summary"') == 1
    assert 'href="#id_outcome_0">Choose whether the council agreed' in content
    assert 'href="#id_year">The year cannot be in the future.' in content
    assert 'value="Gym  membership"' in content and 'value="2030"' in content
    assert '<option value="calderdale" selected>' in content
    assert not CouncilDecision.objects.exists()


def test_what_was_typed_after_the_session_ran_out_is_waiting_after_logging_in(
    answered, asker, client
):
    sent = client.post(_form_url(answered), {**FORM, "what_for": "swimming pool"})
    assert sent.status_code == 302 and "login" in sent["Location"]
    client.force_login(asker)
    form = client.get(_form_url(answered)).content.decode()
    assert 'value="swimming pool"' in form
    assert not CouncilDecision.objects.exists()


def test_an_unknown_or_hidden_question_is_not_found(asker_client):
    waiting = answered_question(visibility=Visibility.WAITING)
    assert asker_client.get(reverse("forums_council_decision", args=[999])).status_code == 404
    assert asker_client.get(_form_url(waiting)).status_code == 404


@pytest.mark.parametrize("who", ["member", "advisor_on_a_question_asked_without_a_name"])
def test_people_who_may_not_add_it_are_refused(who, asker, replier, category, advisor):
    topic = ask(asker, category, anonymous=who != "member")
    accept_answer(person=asker, post=answer(replier, topic))
    person = replier if who == "member" else advisor
    assert signed_in(person).post(_form_url(topic), FORM).status_code == 403
    assert not CouncilDecision.objects.exists()


def test_a_moderator_corrects_it_and_the_asker_removes_it(answered, asker_client, moderator):
    decision_on(answered, what_for="gym membrship")
    moderator_client = signed_in(moderator)
    page = moderator_client.get(answered.get_absolute_url() + "?page=1").content.decode()
    assert f'<a href="{_form_url(answered)}">Change what the council decided</a>' in page
    form = moderator_client.get(_form_url(answered)).content.decode()
    assert 'value="gym membrship"' in form and "Show which council it was" not in form

    moderator_client.post(_form_url(answered), FORM)
    assert CouncilDecision.objects.get().what_for == "gym membership"
    asker_client.post(_form_url(answered), {"action": "remove"})
    assert not CouncilDecision.objects.exists()


def test_the_asker_without_a_name_chooses_whether_their_council_shows(
    asker, replier, category, client
):
    topic = ask(asker, category, anonymous=True)
    accept_answer(person=asker, post=answer(replier, topic))
    asker_client = signed_in(asker)
    form = asker_client.get(_form_url(topic)).content.decode()
    assert "Show which council it was" in form

    asker_client.post(_form_url(topic), FORM)

    for_the_asker = page_text(asker_client.get(topic.get_absolute_url() + "?page=1"))
    assert "Calderdale agreed in 2026" in for_the_asker
    assert "Only the person who asked and moderators see which council it was." in for_the_asker
    for_others = page_text(client.get(topic.get_absolute_url() + "?page=1"))
    assert "A council (not named) agreed in 2026" in for_others and "Calderdale" not in for_others

    asker_client.post(_form_url(topic), {**FORM, "share_council": "on"})
    assert "Calderdale agreed in 2026" in page_text(client.get(topic.get_absolute_url()))


# ---- The public list ----


def test_the_forums_index_links_to_the_list(client, category):
    page = client.get(reverse("forums")).content.decode()
    assert f'href="{reverse("forums_councils")}">What councils have agreed</a>' in page


def test_the_list_never_names_the_asker_nor_a_council_they_kept_private(client):
    hidden = answered_question(anonymous=True, title="Counselling from my budget?")
    hidden.author.display_name = "Secret Otter"
    hidden.author.save()
    decision_on(hidden, council="calderdale", what_for="counselling")
    decision_on(answered_question(), council="sheffield", what_for="gym membership")

    by_council = client.get(reverse("forums_councils"))
    by_what_for = client.get(reverse("forums_councils") + "?by=for")

    text = _listed(by_council)
    assert "<h3>Sheffield</h3>" in by_council.content.decode()
    assert "Calderdale" not in text and "Counselling from my budget?" not in text
    assert "1 more decision is from a council that is not named" in text
    text = _listed(by_what_for)
    assert "A council (not named) agreed in 2026. Read the question: Counselling" in text
    assert "Calderdale" not in text
    for page in (by_council, by_what_for):
        assert "Secret Otter" not in page.content.decode()


def test_the_filters_work_without_javascript(client):
    decision_on(answered_question(title="Gym in Sheffield"), council="sheffield")
    decision_on(answered_question(title="Swimming in Leeds"), council="leeds", what_for="swimming")
    decision_on(answered_question(title="Gym in Leeds"), council="leeds", what_for="Gym pass")

    leeds = _listed(client.get(reverse("forums_councils") + "?council=leeds"))
    gym = _listed(client.get(reverse("forums_councils") + "?for=GYM&by=for"))

    assert "Swimming in Leeds" in leeds and "Gym in Leeds" in leeds
    assert "Gym in Sheffield" not in leeds
    assert "Gym in Sheffield" in gym and "Gym in Leeds" in gym and "Swimming" not in gym
    nothing = page_text(client.get(reverse("forums_councils") + "?council=york"))
    assert "No decisions match." in nothing and "Clear filters" in nothing


def test_a_members_only_question_is_listed_only_for_members(client, member_client):
    decision_on(answered_question(category=CategoryFactory(members_only=True), title="Private Q"))
    assert "Private Q" not in page_text(client.get(reverse("forums_councils")))
    assert "Private Q" in page_text(member_client.get(reverse("forums_councils")))


@pytest.mark.parametrize("by", ["council", "for"])
def test_the_lists_headings_are_in_order(client, by):
    decision_on(answered_question(), council="leeds")
    content = client.get(reverse("forums_councils") + f"?by={by}").content.decode()
    levels = _headings(content[content.index("<main") :])
    assert levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:], strict=False))
    assert 3 in levels


def test_an_empty_list_says_how_to_add_one(client):
    text = page_text(client.get(reverse("forums_councils")))
    assert "Nobody has added what their council decided yet." in text


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_list_queries_are_the_same_for_3_and_30_decisions(
    client, django_assert_num_queries, how_many
):
    for number in range(how_many):
        decision_on(answered_question(), council=("leeds", "york", "bristol")[number % 3])
    # The decisions with their questions: one query, signed out.
    with django_assert_num_queries(1):
        assert client.get(reverse("forums_councils")).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("forums_councils") + "?by=for").status_code == 200


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_list_queries_for_a_member_do_not_grow(
    member_client, django_assert_max_num_queries, how_many
):
    for _ in range(how_many):
        decision_on(answered_question())
    with django_assert_max_num_queries(6):
        assert member_client.get(reverse("forums_councils")).status_code == 200


def test_showing_a_decision_costs_the_question_page_no_more_than_looking_for_one(client, answered):
    url = answered.get_absolute_url() + "?page=1"
    client.get(url)
    # Measured as drawn, not from the copy kept for visitors (frontend.shared.visitor_pages).
    cache.clear()
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    decision_on(answered)
    cache.clear()
    with CaptureQueriesContext(connection) as with_one:
        assert "Calderdale agreed" in page_text(client.get(url))
    assert len(with_one) == len(without)
    looked = [q["sql"] for q in without.captured_queries if "forums_councildecision" in q["sql"]]
    assert len(looked) == 1
