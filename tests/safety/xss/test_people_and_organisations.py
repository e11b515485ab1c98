"""The XSS corpus through what people say about themselves and about their organisation: a
profile's display name and "About you", an organisation's name, description and website, by page
and by API, then shown on the person's page, next to their post, and on the organisation's page."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.services.profiles import DISPLAY_NAME_MAX
from tests.factories import OrganisationFactory, PersonFactory, staff_of
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import VECTORS, WITHOUT_NUL, Tally, by_door

pytestmark = pytest.mark.django_db


def api_client(person):
    api = APIClient()
    api.force_login(person)
    return api


def test_display_names_and_bios_show_nothing_dangerous(category):
    writer, reader = PersonFactory(), PersonFactory()
    topic = ask(PersonFactory(), category, title="Harmless question about holiday pay")
    answer(writer, topic)
    reader_client, page_client, api = signed_in(reader), signed_in(writer), api_client(writer)
    reader_api = api_client(reader)
    person_url = reverse("person", args=[writer.pk])
    profile_url = reverse("my_profile")
    person_baseline = reader_client.get(person_url).content.decode()
    topic_baseline = reader_client.get(topic.get_absolute_url()).content.decode()
    form_baseline = page_client.post(profile_url, {"display_name": ""}).content.decode()
    tally = Tally("display name and bio")

    for n, (door, vector) in enumerate(by_door()):
        # Names are short and unique: a number keeps them apart, the cut keeps the attack.
        fields = {"display_name": f"{n} {vector}"[:DISPLAY_NAME_MAX], "bio": vector}
        if door == "page":
            response = page_client.post(profile_url, fields)
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            tally.api_write(vector, api.patch("/api/v1/me/", fields, format="json"))
        tally.check_page(vector, reader_client.get(person_url).content.decode(), person_baseline)
        page = reader_client.get(topic.get_absolute_url()).content.decode()
        tally.check_page(vector, page, topic_baseline)
        if door == "api":
            # Another person's view of the profile, as the API gives it.
            tally.check_api(vector, reader_api.get(f"/api/v1/people/{writer.pk}/").json())
    tally.assert_clean(at_least=WITHOUT_NUL - 5)


def test_organisation_texts_show_nothing_dangerous():
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    reader_client, page_client, api = (
        signed_in(PersonFactory()),
        signed_in(staff),
        api_client(staff),
    )
    page_url = reverse("organisation", args=[organisation.slug])
    edit_url = reverse("organisation_edit", args=[organisation.slug])
    page_baseline = reader_client.get(page_url).content.decode()
    list_baseline = reader_client.get(reverse("organisations")).content.decode()
    form_baseline = page_client.post(edit_url, {"name": ""}).content.decode()
    tally = Tally("organisation name, description and website")

    for n, (door, vector) in enumerate(by_door()):
        fields = {
            "name": f"{n} {vector}"[:150],
            "kind": organisation.kind,
            "description": vector,
            "area": "",
            # Most vectors are no web address at all; the ones that are must never be a link.
            "website": vector.strip(),
        }
        if door == "page":
            response = page_client.post(edit_url, fields)
            if response.status_code == 400 and "website" in response.content.decode():
                tally.check_page(vector, response.content.decode(), form_baseline)
                response = page_client.post(edit_url, {**fields, "website": ""})
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            url = f"/api/v1/organisations/{organisation.slug}/"
            response = api.patch(url, fields, format="json")
            if response.status_code == 400 and "website" in str(response.json()):
                response = api.patch(url, {**fields, "website": ""}, format="json")
            tally.api_write(vector, response)
        tally.check_page(vector, reader_client.get(page_url).content.decode(), page_baseline)
    tally.check_page(
        "list", reader_client.get(reverse("organisations")).content.decode(), list_baseline
    )
    assert len(VECTORS) > 100
    tally.assert_clean(at_least=WITHOUT_NUL)
