"""Writing: a new topic (title, "Questions like yours", the rest), replies, quotes, editing,
history, removing; errors keep the text; drafts; and text sent after the session ran out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from forums.models import Draft, Post, Topic
from forums.services.answers import accept_answer
from forums.services.drafts import save_draft
from forums.services.posts import edit_post
from tests.factories import DEFAULT_PASSWORD
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import page_text, signed_in

NEW = reverse("forums_new_topic")


def log_in(client, person):
    """Through the real log-in form, as someone whose session ran out would."""
    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302, response


def topic_fields(category, **changes):
    fields = {
        "title": "How do I pay my PA's holiday pay?",
        "category": category.slug,
        "kind": "question",
        "body": "She works 10 hours a week.\n\nHow much holiday does she get?",
        "action": "post",
    }
    return {**fields, **changes}


# ---- A new topic ----


def test_asking_needs_signing_in(client, db):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_asking_starts_with_the_title(member_client, category):
    response = member_client.get(NEW, {"category": category.slug})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your question or topic in one sentence" in page_text(response)
    assert re.search(r'<option value="employing-a-pa" selected>', page)
    assert 'name="body"' not in page


def test_members_only_categories_are_offered_only_to_members(member_client, private_category):
    # Asking needs an account, so members see them; the list comes from the visibility rules.
    assert "Mental health" in member_client.get(NEW).content.decode()


def test_a_missing_title_comes_back_with_an_error(member_client, category):
    response = member_client.post(
        NEW, {"title": "", "category": category.slug, "action": "continue"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title_error"' in page and 'href="#id_title"' in page
    assert "Error:" in page_text(response)


def test_questions_like_yours_are_suggested_after_the_title_answered_ones_first_and_marked(
    member_client, category, asker, replier, synonyms
):
    answered = ask(asker, category, title="Holiday pay for my personal assistant")
    accept_answer(person=asker, post=answer(replier, answered))
    waiting = ask(asker, category, title="Holiday pay for a PA, with no answer yet")
    response = member_client.post(
        NEW,
        {
            "title": "How much holiday pay for a PA?",
            "category": category.slug,
            "action": "continue",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    suggestions = page.split('id="suggestions-title"')[1].split("</section>")[0]
    assert "Questions like yours" in suggestions
    assert suggestions.index(answered.get_absolute_url()) < suggestions.index(
        waiting.get_absolute_url()
    )
    assert suggestions.count("Answered</span>") == 1
    # The rest of the form, with the title kept.
    assert 'value="How much holiday pay for a PA?"' in page
    assert 'name="body"' in page


def test_an_unanswered_question_much_closer_to_yours_comes_first(
    member_client, category, asker, replier, synonyms
):
    # Issue 13: the gym question (no answer yet) before the answered one that shares "pay".
    daughter = ask(asker, category, title="Can I pay my daughter to be my PA?")
    accept_answer(person=asker, post=answer(replier, daughter))
    gym = ask(asker, category, title="Using my direct payment for a gym membership")
    response = member_client.post(
        NEW,
        {
            "title": "Can I use my direct payment to pay for a gym membership?",
            "category": category.slug,
            "action": "continue",
        },
    )
    suggestions = response.content.decode().split('class="suggestion-list')[1].split("</ul>")[0]
    assert gym.get_absolute_url() in suggestions.split("</li>")[0]
    assert daughter.get_absolute_url() not in suggestions


def test_with_nothing_similar_the_form_just_carries_on(member_client, category):
    response = member_client.post(
        NEW,
        {"title": "Something nobody asked before", "category": category.slug, "action": "continue"},
    )
    assert "Questions like yours" not in page_text(response)
    assert "We did not find a question like yours" in page_text(response)
    assert 'name="body"' in response.content.decode()


def test_posting_a_question_with_an_advisor_asked_for(member_client, member, category):
    response = member_client.post(NEW, topic_fields(category, wants_advisor="on"))
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert topic.author == member and topic.wants_advisor and not topic.anonymous
    text = page_text(member_client.get(response["Location"]))
    assert "Your topic is posted" in text
    assert "Asked for an advisor's answer" in text


def test_posting_without_my_name(member_client, member, category, replier):
    member_client.post(NEW, topic_fields(category, anonymous="on"))
    topic = Topic.objects.get()
    assert topic.anonymous and topic.author == member
    text = page_text(signed_in(replier).get(topic.get_absolute_url()))
    assert "A member" in text and "Rosa" not in text


def test_a_failed_question_keeps_the_text_and_saves_a_draft(member_client, member, category):
    body = "  She works 10 hours a week.\n\nHow much holiday?  "
    response = member_client.post(NEW, topic_fields(category, title="PA pay", body=body))
    page = response.content.decode()
    assert response.status_code == 400
    assert not Topic.objects.exists()
    # The service's rule (titles of 8 characters or more) shows next to the title.
    assert re.search(r'id="id_title_error">.*?at least 8 characters', page, re.S)
    assert 'value="PA pay"' in page
    assert "She works 10 hours a week.\n\nHow much holiday?" in page
    draft = Draft.objects.get(person=member, kind="new_topic")
    assert draft.title == "PA pay" and "How much holiday?" in draft.body
    assert draft.category == category


def test_every_problem_shows_at_once(member_client, category):
    response = member_client.post(NEW, topic_fields(category, title="PA pay", body="   "))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_title_error"' in page and 'id="id_body_error"' in page


def test_only_questions_can_ask_for_an_advisor(member_client, category):
    response = member_client.post(
        NEW, topic_fields(category, kind="discussion", wants_advisor="on")
    )
    assert response.status_code == 400
    assert re.search(
        r'id="id_wants_advisor_error">.*?Only questions can ask', response.content.decode(), re.S
    )
    assert not Topic.objects.exists()


def test_an_empty_body_is_an_error_next_to_the_body(member_client, category):
    response = member_client.post(NEW, topic_fields(category, body=""))
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()


def test_save_draft_and_come_back_to_it(member_client, member, category):
    response = member_client.post(
        NEW, topic_fields(category, action="save_draft", anonymous="on", body="Half written")
    )
    assert response.status_code == 302 and response["Location"] == NEW
    assert not Topic.objects.exists()
    page = member_client.get(NEW)
    text = page_text(page)
    assert "This is the draft you saved" in text
    assert "Half written" in page.content.decode()
    assert re.search(r'name="anonymous"[^>]*checked', page.content.decode())


def test_saving_an_empty_draft_says_there_was_nothing_to_save(member_client, member, category):
    response = member_client.post(
        NEW, topic_fields(category, action="save_draft", title="", body=""), follow=True
    )
    text = page_text(response)
    assert "There was nothing to save" in text
    assert "Your draft is saved" not in text


def test_posting_clears_the_draft(member_client, member, category):
    save_draft(person=member, category=category, title="Almost", body="Half written")
    member_client.post(NEW, topic_fields(category))
    assert not Draft.objects.filter(person=member).exists()


def test_a_draft_can_be_thrown_away(member_client, member, category):
    save_draft(person=member, category=category, title="Almost", body="Half written")
    member_client.post(NEW, {"action": "discard"})
    assert not Draft.objects.filter(person=member).exists()
    assert 'name="body"' not in member_client.get(NEW).content.decode()


def test_a_question_sent_after_the_session_ran_out_waits_after_logging_in(client, member, category):
    response = client.post(NEW, topic_fields(category, body="Typed while logged out"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={NEW}"
    assert not Topic.objects.exists()
    assert "log in and it will be waiting" in page_text(client.get(response["Location"]))

    # Logging in keeps what the session holds (Django moves it to the new session).
    log_in(client, member)
    back = client.get(NEW, follow=True)
    assert "Typed while logged out" in back.content.decode()
    assert "Here is what you wrote" in page_text(back)
    assert Draft.objects.get(person=member, kind="new_topic").body == "Typed while logged out"


# ---- Replies ----


def reply_url(topic):
    return reverse("forums_reply", args=[topic.pk])


def test_replying(member_client, member, question, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reply_url(question), {"body": "Ask for a review.", "action": "post"}
        )
    post = Post.objects.get(topic=question, number=2)
    assert response.status_code == 302
    assert response["Location"] == f"{question.get_absolute_url()}?page=1"
    assert post.author == member
    # Your own reply is not "new" to you: the page opens without sending you round again.
    shown = member_client.get(response["Location"])
    assert shown.status_code == 200
    assert "Your reply is posted" in page_text(shown)
    assert "New since you last looked" not in page_text(shown)


def test_an_empty_reply_comes_back_with_an_error(member_client, question):
    response = member_client.post(reply_url(question), {"body": "   ", "action": "post"})
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()
    assert Post.objects.filter(topic=question).count() == 1


def test_a_failed_reply_keeps_the_text_as_a_draft(member_client, member, question):
    long_body = "x" * 20001
    response = member_client.post(reply_url(question), {"body": long_body, "action": "post"})
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()
    assert len(Draft.objects.get(person=member, topic=question).body) == 20000


def test_a_saved_reply_draft_is_in_the_box_on_the_topic_page(member_client, member, question):
    response = member_client.post(
        reply_url(question), {"body": "Not finished", "action": "save_draft"}
    )
    assert response.status_code == 302
    page = member_client.get(question.get_absolute_url())
    assert "We kept your unsent reply" in page_text(page)
    assert re.search(r"<textarea[^>]*>\s*Not finished</textarea>", page.content.decode())


def test_a_reply_sent_after_the_session_ran_out_waits_after_logging_in(client, member, question):
    response = client.post(
        reply_url(question), {"body": "My reply, typed slowly", "action": "post"}
    )
    assert response["Location"] == f"{reverse('account_login')}?next={reply_url(question)}"
    log_in(client, member)
    back = client.get(reply_url(question), follow=True)
    assert "My reply, typed slowly" in back.content.decode()
    assert Draft.objects.get(person=member, topic=question).body == "My reply, typed slowly"


def test_quoting_a_post_fills_the_reply_box(member_client, question, replier):
    reply = answer(replier, question, body="Ask for a direct payment review.")
    response = member_client.get(reply_url(question), {"quote": reply.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "&gt; **Marigold** [wrote]" in page
    assert "&gt; Ask for a direct payment review." in page


def test_quoting_an_anonymous_asker_does_not_name_them(member_client, asker, category):
    topic = ask(asker, category, title="A question without my name", anonymous=True)
    page = member_client.get(reply_url(topic), {"quote": topic.posts.get().pk}).content.decode()
    assert "Kestrel" not in page and "**A member** [wrote]" in page


def test_visitors_cannot_reply_to_a_members_only_topic(client, private_question):
    response = client.get(reply_url(private_question))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_replying_to_a_removed_topic_is_not_found(member_client, question):
    question.deleted = True
    question.save()
    assert member_client.get(reply_url(question)).status_code == 404
    assert (
        member_client.post(reply_url(question), {"body": "Hello", "action": "post"}).status_code
        == 404
    )


# ---- Editing, history, removing ----


def test_the_author_edits_a_reply(question, replier):
    reply = answer(replier, question)
    url = reverse("forums_post_edit", args=[reply.pk])
    author = signed_in(replier)
    assert "Yes, if the council agrees" in author.get(url).content.decode()
    assert 'name="title"' not in author.get(url).content.decode()
    response = author.post(url, {"body": "Yes, with the council's agreement."})
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Yes, with the council's agreement." and reply.is_edited


def test_editing_the_opening_post_can_change_the_title(question, asker):
    opening = question.posts.get(number=1)
    response = signed_in(asker).post(
        reverse("forums_post_edit", args=[opening.pk]),
        {"title": "Can I pay my son as my PA?", "body": "My council says no."},
    )
    question.refresh_from_db()
    assert question.title == "Can I pay my son as my PA?"
    assert response["Location"].startswith(question.get_absolute_url())


def test_an_edit_that_fails_keeps_the_text(question, asker):
    opening = question.posts.get(number=1)
    response = signed_in(asker).post(
        reverse("forums_post_edit", args=[opening.pk]), {"title": "Short", "body": "New words"}
    )
    assert response.status_code == 400
    assert "New words" in response.content.decode()
    assert 'id="id_title_error"' in response.content.decode()


@pytest.mark.parametrize("who", ["member", "advisor"])
def test_only_the_author_or_a_moderator_may_edit(question, member, advisor, moderator, who):
    opening = question.posts.get(number=1)
    url = reverse("forums_post_edit", args=[opening.pk])
    other = signed_in(member if who == "member" else advisor)
    assert other.get(url).status_code == 403
    assert other.post(url, {"title": "Changed by someone else", "body": "x"}).status_code == 403
    assert signed_in(moderator).get(url).status_code == 200


def test_history_is_for_the_author_and_moderators_only(
    client, member_client, question, asker, moderator
):
    opening = question.posts.get(number=1)
    edit_post(editor=asker, post=opening, body="My council says no. Help!")
    url = reverse("forums_post_history", args=[opening.pk])
    text = page_text(signed_in(asker).get(url))
    assert "As first written" in text and "My council says no." in text and "Help!" in text
    assert signed_in(moderator).get(url).status_code == 200
    assert member_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_history_of_a_members_only_post_is_not_found_for_visitors(client, private_question):
    url = reverse("forums_post_history", args=[private_question.posts.get().pk])
    assert client.get(url).status_code == 302  # logging in first; nothing is shown


def test_removing_a_post_asks_first_then_leaves_a_note(client, question, replier):
    reply = answer(replier, question, body="Something I regret writing")
    url = reverse("forums_post_delete", args=[reply.pk])
    author = signed_in(replier)
    confirm = author.get(url)
    assert confirm.status_code == 200 and "Yes, remove it" in page_text(confirm)
    response = author.post(url)
    assert response.status_code == 302
    text = page_text(client.get(question.get_absolute_url()))
    assert "This post was removed." in text
    assert "Something I regret writing" not in text


def test_members_cannot_remove_other_peoples_posts(member_client, question, replier):
    reply = answer(replier, question)
    assert member_client.post(reverse("forums_post_delete", args=[reply.pk])).status_code == 403
    reply.refresh_from_db()
    assert not reply.is_removed


def test_a_moderator_can_remove_a_post(question, replier, moderator):
    reply = answer(replier, question)
    signed_in(moderator).post(reverse("forums_post_delete", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.is_removed


def test_every_form_is_protected_against_cross_site_posting(member, question):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(NEW, topic_fields(question.category)).status_code == 403
    assert client.post(reply_url(question), {"body": "Hi", "action": "post"}).status_code == 403
    assert not Topic.objects.exclude(pk=question.pk).exists()
