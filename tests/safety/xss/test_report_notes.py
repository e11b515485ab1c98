"""The XSS corpus through reports: the note someone writes when they report a post (by page and
by API), read by a moderator on the case page and in the moderation API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from community.safety.models import Case
from tests.factories import PersonFactory
from tests.forums.fixtures import answer, ask
from tests.frontend.conftest import signed_in
from tests.safety.xss.checks import WITHOUT_NUL, Tally, by_door, follow_api_pages

pytestmark = pytest.mark.django_db
NOTE_MAX = 1000


def test_report_notes_show_the_moderator_nothing_dangerous(settings, category):
    # Every vector is a different person's report on one post; it must stay reportable.
    settings.SAFETY_HOLD_AFTER_REPORTS = 100000
    settings.SAFETY_HOLD_AFTER_TRUSTED_REPORTS = 100000
    moderator = PersonFactory(is_moderator=True)
    post = answer(PersonFactory(), ask(PersonFactory(), category))
    report_url = reverse("report_concern", args=["post", post.pk])
    first = signed_in(PersonFactory())
    form_baseline = first.get(report_url).content.decode()
    first.post(report_url, {"reason": "other", "note": "Harmless note."})
    case = Case.objects.get()
    moderator_client = signed_in(moderator)
    case_url = reverse("moderation_case", args=[case.pk])
    case_baseline = moderator_client.get(case_url).content.decode()
    queue_baseline = moderator_client.get(reverse("moderation_queue")).content.decode()
    tally = Tally("report note")

    for door, vector in by_door("report note"):
        reporter = PersonFactory()
        fields = {"reason": "other", "note": vector[:NOTE_MAX]}
        if door == "page":
            response = signed_in(reporter).post(report_url, fields)
            tally.page_write(vector, response, form_baseline=form_baseline)
        else:
            api = APIClient()
            api.force_login(reporter)
            response = api.post(
                "/api/v1/reports/", {"kind": "post", "object_id": post.pk, **fields}, format="json"
            )
            tally.api_write(vector, response)

    page = moderator_client.get(case_url).content.decode()
    assert "alert(1)" in page  # the notes are on the page, as text
    tally.check_page("case page", page, case_baseline)
    queue = moderator_client.get(reverse("moderation_queue")).content.decode()
    tally.check_page("queue", queue, queue_baseline)
    moderator_api = APIClient()
    moderator_api.force_login(moderator)
    tally.check_api("case API", moderator_api.get(f"/api/v1/moderation/cases/{case.pk}/").json())
    follow_api_pages(tally, moderator_api, "/api/v1/moderation/cases/")
    tally.assert_clean(at_least=WITHOUT_NUL)
