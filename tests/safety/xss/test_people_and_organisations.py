"""The XSS corpus through what people say about themselves and about their organisation: a
profile's display name and "About you", an organisation's name, description and website, by page
and by API. Each vector is its own person or organisation, so nothing overwrites it: the pages
that show many of them at once (a topic full of their answers, the organisations list), a sample
of their own pages, and every one of them in the API are checked at the end."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.services.profiles import DISPLAY_NAME_MAX
from forums.models.posts import POSTS_PER_PAGE
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import (
    VECTORS,
    WITHOUT_NUL,
    Tally,
    by_door,
    follow_api_pages,
    sample,
)

pytestmark = pytest.mark.django_db


def api_client(person):
    api = APIClient()
    api.force_login(person)
    return api


def each_page(client, url: str):
    """Every page of a paged list, following the page numbers."""
    number, more = 1, True
    while more:
        page = client.get(url, {"page": number}).content.decode()
        yield number, page
        number, more = number + 1, f"page={number + 1}" in page


def test_display_names_and_bios_show_nothing_dangerous(category):
    reader = PersonFactory()
    reader_client, reader_api = signed_in(reader), api_client(reader)
    profile_url = reverse("my_profile")
    person_baseline = reader_client.get(reverse("person", args=[reader.pk])).content.decode()
    harmless = ask(PersonFactory(), category, title="Harmless question about holiday pay")
    answer(PersonFactory(), harmless)
    topic_baseline = reader_client.get(harmless.get_absolute_url()).content.decode()
    form_baseline = signed_in(reader).post(profile_url, {"display_name": ""}).content.decode()
    tally = Tally("display name and bio")
    writers, topics = [], []

    for n, (door, vector) in enumerate(by_door("profile")):
        # One person per vector. They answer questions a page's worth at a time, so every
        # name is shown next to an answer (and a new answer tells only a page of people).
        if n % (POSTS_PER_PAGE - 1) == 0:
            topics.append(ask(PersonFactory(), category, title=f"Question number {n} about pay"))
        writer = PersonFactory()
        answer(writer, topics[-1])
        writers.append((vector, writer))
        # Names are short and unique: a number keeps them apart, the cut keeps the attack.
        fields = {"display_name": f"{n} {vector}"[:DISPLAY_NAME_MAX], "bio": vector}
        if door == "page":
            response = signed_in(writer).post(profile_url, fields)
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            tally.api_write(vector, api_client(writer).patch("/api/v1/me/", fields, format="json"))
        # Another person's view of the profile, as the API gives it.
        tally.check_api(vector, reader_api.get(f"/api/v1/people/{writer.pk}/").json())

    for topic in topics:
        # Each topic's answers fit on its first page, with the answer of the person who asked.
        page = reader_client.get(topic.get_absolute_url()).content.decode()
        tally.check_page(f"topic {topic.pk}", page, topic_baseline)
    for vector, writer in sample(writers):
        page = reader_client.get(reverse("person", args=[writer.pk])).content.decode()
        tally.check_page(vector, page, person_baseline)
    tally.assert_clean(at_least=WITHOUT_NUL - 10)


def test_organisation_texts_show_nothing_dangerous():
    reader_client, reader_api = signed_in(PersonFactory()), api_client(PersonFactory())
    harmless = OrganisationFactory()
    page_baseline = reader_client.get(
        reverse("organisation", args=[harmless.slug])
    ).content.decode()
    list_baseline = reader_client.get(reverse("organisations")).content.decode()
    form_baseline = (
        signed_in(staff_of(harmless))
        .post(reverse("organisation_edit", args=[harmless.slug]), {"name": ""})
        .content.decode()
    )
    tally = Tally("organisation name, description and website")
    written = []

    for n, (door, vector) in enumerate(by_door("organisation")):
        organisation = OrganisationFactory()
        staff = staff_of(organisation)
        fields = {
            "name": f"{n} {vector}"[:150],
            "kind": organisation.kind,
            "description": vector,
            "area": "",
            # Most vectors are no web address at all; the ones that are must never be a link.
            "website": vector.strip(),
        }
        if door == "page":
            page_client = signed_in(staff)
            edit_url = reverse("organisation_edit", args=[organisation.slug])
            response = page_client.post(edit_url, fields)
            if response.status_code == 400 and "website" in response.content.decode():
                tally.check_page(vector, response.content.decode(), form_baseline)
                response = page_client.post(edit_url, {**fields, "website": ""})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            url = f"/api/v1/organisations/{organisation.slug}/"
            api = api_client(staff)
            response = api.patch(url, fields, format="json")
            if response.status_code == 400 and "website" in str(response.json()):
                response = api.patch(url, {**fields, "website": ""}, format="json")
            tally.api_write(vector, response)
        organisation.refresh_from_db()
        written.append((vector, organisation))
        tally.check_api(
            vector, reader_api.get(f"/api/v1/organisations/{organisation.slug}/").json()
        )

    for number, page in each_page(reader_client, reverse("organisations")):
        tally.check_page(f"organisations page {number}", page, list_baseline)
    # Every website that was accepted is shown as a link on its page: all of those, and a sample.
    with_website = [(vector, o) for vector, o in written if o.website]
    chosen = {o.pk: (vector, o) for vector, o in [*sample(written), *with_website]}
    for vector, organisation in chosen.values():
        page = reader_client.get(reverse("organisation", args=[organisation.slug]))
        tally.check_page(vector, page.content.decode(), page_baseline)
    follow_api_pages(tally, reader_api, "/api/v1/organisations/?page_size=100")
    assert len(VECTORS) > 100
    tally.assert_clean(at_least=WITHOUT_NUL)
