"""The post length limit on the pages: the forum's own message, the browser told the same limit,
and text kept for someone logged out cut at the same limit."""

from django.test import Client
from django.urls import reverse

from forums.models.posts import BODY_MAX
from frontend.shared.forums import SESSION_KEY
from tests.frontend.conftest import page_text


def test_a_reply_over_the_limit_gets_the_forums_message(member_client, question):
    response = member_client.post(
        reverse("forums_reply", args=[question.pk]), {"body": "x" * (BODY_MAX + 1)}
    )
    assert response.status_code == 400
    assert "Posts can be up to 20,000 characters. Split it into two posts." in page_text(response)


def test_the_reply_box_tells_the_browser_the_limit(member_client, question):
    page = member_client.get(reverse("forums_reply", args=[question.pk])).content.decode()
    assert f'maxlength="{BODY_MAX}"' in page


def test_text_kept_while_logged_out_is_cut_at_the_limit(question):
    client = Client()
    client.post(reverse("forums_reply", args=[question.pk]), {"body": "y" * (BODY_MAX + 50)})
    assert len(client.session[SESSION_KEY]["fields"]["body"]) == BODY_MAX
