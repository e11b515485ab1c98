"""A person as moderators see them (and act on them), the audit log, and what a suspended or
banned person meets on every page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import AuditLogEntry, User
from community.safety.restrictions import act_on_person
from community.services.audit import record
from frontend.shared.safety import URGENT_HELP_KEY
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, advisor_of
from tests.frontend.chat.conftest import conversation
from tests.frontend.conftest import page_text, signed_in
from tests.frontend.safety.conftest import reported

pytestmark = pytest.mark.django_db
AUDIT = "/moderation/audit/"


def person_url(person):
    return reverse("moderation_person", args=[person.pk])


def test_a_moderator_sees_a_person_and_the_cases_about_them(moderator, asker, post):
    reported("post", post.pk)

    text = page_text(signed_in(moderator).get(person_url(asker)))

    assert "Kestrel" in text and "Joined" in text and "Can use the site" in text
    assert "Reply in" in text and "Still open" in text
    assert "Act on this account" in text


def test_staff_see_the_person_without_the_actions_and_cannot_act(staff_client, org, member):
    reported("event", EventFactory(organisation=org, created_by=member).pk)

    shown = staff_client.get(person_url(member))
    refused = staff_client.post(person_url(member), {"action": "ban", "reason": "No"})

    assert shown.status_code == 200 and "Act on this account" not in page_text(shown)
    assert refused.status_code == 403
    assert not User.objects.get(pk=member.pk).banned


def test_staff_cannot_open_a_person_with_no_case_of_theirs(staff_client, member, post, asker):
    reported("post", post.pk)  # a case, but not one of the staff's organisation

    assert staff_client.get(person_url(member)).status_code == 404
    assert staff_client.get(person_url(asker)).status_code == 404


def test_staff_do_not_see_why_or_since_when_someone_is_barred(staff_client, org, member, moderator):
    reported("event", EventFactory(organisation=org, created_by=member).pk)
    act_on_person(
        actor=moderator, person=member, action="suspend", reason="Rude to helpers", days=3
    )

    staff_text = page_text(staff_client.get(person_url(member)))
    moderator_text = page_text(signed_in(moderator).get(person_url(member)))

    assert "Rude to helpers" not in staff_text and "Joined" not in staff_text
    assert "Suspended until" not in staff_text
    assert "Rude to helpers" in moderator_text and "Joined" in moderator_text


def test_members_and_visitors_cannot_see_a_person_page(client, member_client, member):
    assert client.get(person_url(member)).status_code == 302
    assert member_client.get(person_url(member)).status_code == 403


def test_a_suspension_needs_days_and_keeps_the_reason(moderator, member):
    response = signed_in(moderator).post(
        person_url(member), {"action": "suspend", "reason": "Shouting at people"}
    )

    assert response.status_code == 400
    assert "Shouting at people" in response.content.decode()
    assert User.objects.get(pk=member.pk).suspended_until is None


def test_a_moderator_suspends_someone_for_some_days(moderator, member):
    response = signed_in(moderator).post(
        person_url(member),
        {"action": "suspend", "days": "7", "reason": "Shouting at people"},
        follow=True,
    )

    member.refresh_from_db()
    assert "Rosa is suspended." in page_text(response)
    assert member.suspended_until > timezone.now() + datetime.timedelta(days=6)
    assert "Suspended until" in page_text(response)


def test_the_audit_log_is_for_moderators_only(client, member_client, staff_client, moderator):
    assert client.get(AUDIT).status_code == 302
    assert member_client.get(AUDIT).status_code == 403
    assert staff_client.get(AUDIT).status_code == 403
    assert signed_in(moderator).get(AUDIT).status_code == 200


def test_the_audit_log_filters_by_action_and_person(moderator, member):
    record(actor=moderator, action="safety.case.hide", subject=member, reason="A scam")
    record(actor=member, action="forums.topic.started", subject=member)

    client = signed_in(moderator)
    by_action = page_text(client.get(AUDIT, {"action": "safety.case"}))
    by_person = page_text(client.get(AUDIT, {"actor": "rosa"}))
    nobody = client.get(AUDIT, {"actor": "Nobody at all"})

    assert "safety.case.hide" in by_action and "Reason: A scam" in by_action
    assert "forums.topic.started" not in by_action
    assert "forums.topic.started" in by_person and "safety.case.hide" not in by_person
    assert nobody.status_code == 400
    assert "could not find anyone" in page_text(nobody)
    assert "Nobody at all" in nobody.content.decode()


def test_the_audit_log_offers_no_way_to_change_it(moderator, member):
    record(actor=moderator, action="safety.case.hide", subject=member)

    html = signed_in(moderator).get(AUDIT).content.decode()

    assert 'method="post"' not in html.split("<main", 1)[1]


def test_the_audit_log_takes_the_same_queries_however_many_entries(
    moderator, member, django_assert_max_num_queries
):
    client = signed_in(moderator)
    record(actor=moderator, action="safety.case.hide", subject=member)
    client.get(AUDIT)
    with django_assert_max_num_queries(20) as few:
        client.get(AUDIT)
    for _ in range(30):
        record(actor=PersonFactory(), action="safety.case.hide", subject=member)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(AUDIT)
    assert page_text(response).count("safety.case.hide") == 31
    assert AuditLogEntry.objects.count() >= 31


def test_a_suspended_person_is_told_why_and_until_when_on_every_page(moderator, member):
    act_on_person(actor=moderator, person=member, action="suspend", days=3, reason="Spamming")
    client = signed_in(member)

    for address in ("/", "/forums/", reverse("my_reports"), reverse("my_profile")):
        response = client.get(address)
        assert response.status_code == 403, address
        assert "Your account is suspended until" in page_text(response)
        assert "Spamming" in page_text(response)
        assert reverse("contact") in response.content.decode()
    for address in (reverse("get_help"), reverse("privacy"), reverse("contact")):
        assert client.get(address).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get("/").status_code == 200  # signed out now


def test_a_banned_person_is_told_they_are_banned(moderator, member):
    act_on_person(actor=moderator, person=member, action="ban", reason="Scamming people")

    response = signed_in(member).get("/")

    assert response.status_code == 403
    assert "Your account has been banned" in page_text(response)
    assert "Scamming people" in page_text(response)


def test_a_lifted_suspension_lets_the_person_back(moderator, member):
    act_on_person(actor=moderator, person=member, action="suspend", days=3, reason="Spamming")
    act_on_person(actor=moderator, person=member, action="lift", reason="Sorted out")

    assert signed_in(member).get("/").status_code == 200


def test_the_urgent_help_panel_shows_once_after_risky_writing(member_client):
    session = member_client.session
    session[URGENT_HELP_KEY] = True
    session.save()

    first = page_text(member_client.get("/forums/"))
    second = page_text(member_client.get("/forums/"))

    assert "116 123" in first and "SHOUT" in first
    assert "116 123" not in second


def test_the_urgent_help_panel_after_writing_in_a_room_ends_with_its_organisation(org):
    org.website = "https://lil.example.org"
    org.save()
    person, advisor = PersonFactory(), advisor_of(org)
    room = conversation(person, advisor, organisation=org)
    client = signed_in(person)

    response = client.post(
        room.get_absolute_url(),
        {"body": "I feel like ending it all", "client_id": "5c2d2c0e-7a55-4a61-9c0e-2b1f3e4d5a6b"},
        follow=True,
    )

    text = page_text(response)
    assert "116 123" in text and "Leeds Independent Living" in text and "lil.example.org" in text


def test_the_urgent_help_panel_asks_for_the_organisation_only_when_shown(member_client, org):
    org.website = "https://lil.example.org"
    org.save()
    member_client.get("/forums/")
    with CaptureQueriesContext(connection) as plain:
        member_client.get("/forums/")
    session = member_client.session
    session[URGENT_HELP_KEY] = org.pk
    session.save()

    with CaptureQueriesContext(connection) as shown:
        text = page_text(member_client.get("/forums/"))

    assert "Leeds Independent Living" in text
    assert _organisation_queries(plain) == 0
    assert _organisation_queries(shown) == 1


def _organisation_queries(captured) -> int:
    return sum('FROM "community_organisation"' in query["sql"] for query in captured)
