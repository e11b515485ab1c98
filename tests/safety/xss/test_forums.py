"""The XSS corpus through the forums: post bodies and topic titles, by page and by API, then
shown on the topic pages, the category list and in the API's JSON."""

import math

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from forums.models import Topic
from forums.models.posts import POSTS_PER_PAGE
from forums.services.validation import TITLE_MAX, TITLE_MIN
from tests.factories import PersonFactory
from tests.forums.fixtures import ask
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door, follow_api_pages, sample

pytestmark = pytest.mark.django_db
API = "/api/v1/forums"


def as_title(vector: str) -> str:
    """Titles have a length range: pad or cut, keeping the dangerous part."""
    title = vector if len(vector.strip()) >= TITLE_MIN else f"{vector} topic"
    return title[:TITLE_MAX]


def both_clients(person):
    api = APIClient()
    api.force_login(person)
    return signed_in(person), api


def test_post_bodies_show_nothing_dangerous(category):
    writer, reader = PersonFactory(), PersonFactory()
    topic = ask(PersonFactory(), category, title="Harmless question about holiday pay")
    reader_client = signed_in(reader)
    baseline = reader_client.get(topic.get_absolute_url()).content.decode()
    reply_url = reverse("forums_reply", args=[topic.pk])
    page_client, api = both_clients(writer)
    form_baseline = page_client.get(reply_url).content.decode()
    tally = Tally("forum post body")

    for door, vector in by_door("post body"):
        if door == "page":
            response = page_client.post(reply_url, {"body": vector})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            response = api.post(f"{API}/topics/{topic.pk}/posts/", {"body": vector}, format="json")
            tally.api_write(vector, response)

    topic.refresh_from_db()
    for number in range(1, math.ceil(topic.last_post_number / POSTS_PER_PAGE) + 1):
        page = reader_client.get(topic.get_absolute_url(), {"page": number}).content.decode()
        tally.check_page(f"topic page {number}", page, baseline)
    follow_api_pages(tally, api, f"{API}/topics/{topic.pk}/posts/")
    tally.assert_clean(at_least=WITHOUT_NUL)


def test_topic_titles_show_nothing_dangerous(category):
    writer, reader = PersonFactory(), PersonFactory()
    harmless = ask(PersonFactory(), category, title="Harmless question about holiday pay")
    reader_client = signed_in(reader)
    topic_baseline = reader_client.get(harmless.get_absolute_url()).content.decode()
    list_url = reverse("forums_category", args=[category.slug])
    list_baseline = reader_client.get(list_url).content.decode()
    new_url = reverse("forums_new_topic")
    page_client, api = both_clients(writer)
    # A refused topic comes back as the whole form, not the title-only first step.
    refused = {"title": "Harmless title", "category": category.slug, "body": "", "action": "post"}
    form_baseline = page_client.post(new_url, refused).content.decode()
    tally = Tally("topic title")

    for door, vector in by_door("topic title"):
        title = as_title(vector)
        if door == "page":
            fields = {
                "title": title,
                "category": category.slug,
                "kind": "question",
                "body": "Harmless body.",
                "action": "post",
            }
            tally.page_write(vector, page_client.post(new_url, fields), form_baseline=form_baseline)
        else:
            response = api.post(
                f"{API}/topics/",
                {"category": category.slug, "title": title, "body": "Harmless body."},
                format="json",
            )
            tally.api_write(vector, response)

    topics = list(Topic.objects.filter(author=writer).order_by("pk"))
    assert len(topics) == tally.stored
    # The category's list shows every title; a sample of the topics' own pages too.
    for topic in sample(topics):
        page = reader_client.get(topic.get_absolute_url()).content.decode()
        tally.check_page(topic.title, page, topic_baseline)
    number, more = 1, True
    while more:
        page = reader_client.get(list_url, {"page": number}).content.decode()
        tally.check_page(f"category page {number}", page, list_baseline)
        number, more = number + 1, f"page={number + 1}" in page
    follow_api_pages(tally, api, f"{API}/topics/?category={category.slug}")
    tally.assert_clean(at_least=WITHOUT_NUL)
