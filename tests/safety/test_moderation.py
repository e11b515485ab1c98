"""Acting on a case: each action needs a reason, is audited, tells the author (with the reason)
and the reporters (in words); staff act only on their organisation's cases; the queue and a case
are read in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.errors import CommunityError
from community.models import AuditLogEntry, Notification, Profile
from community.safety.holds import wait_for_approval
from community.safety.models import Case
from community.safety.moderation import CASE_ACTIONS, act_on_case, case_for_thing
from community.safety.permissions import (
    can_act_on_case,
    can_act_on_people,
    can_read_audit_log,
    can_see_case,
    can_see_queue,
)
from community.safety.reports import report_concern
from community.safety.selectors import case_for_viewer, queue_for, reports_made_by
from forums.models import Topic
from tests.factories import OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return PersonFactory(is_moderator=True)


def _writer(bio="Buy my course"):
    person = PersonFactory()
    Profile.objects.filter(person=person).update(bio=bio)
    return person


def _reported(writer, *reporters, reason="spam"):
    for reporter in reporters or [PersonFactory()]:
        report = report_concern(
            reporter=reporter, kind="profile", object_id=writer.pk, reason=reason
        )
    return report.case


def _code(error_code, **kwargs):
    with pytest.raises(CommunityError) as refused:
        act_on_case(**kwargs)
    assert refused.value.code == error_code
    return refused.value


def _visibility(person):
    return Profile.objects.get(person=person).visibility


def test_hiding_needs_a_reason(moderator):
    case = _reported(_writer())
    refused = _code("reason_needed", actor=moderator, case=case, action="hide", reason="  ")
    assert refused.field == "reason"
    assert Case.objects.get().state == "open"


def test_hiding_closes_the_case_audits_it_and_tells_author_and_reporters(moderator):
    writer = _writer()
    reporter = PersonFactory()
    case = _reported(writer, reporter)
    act_on_case(actor=moderator, case=case, action="hide", reason="Selling is not allowed here")
    case.refresh_from_db()
    assert _visibility(writer) == "hidden"
    assert case.state == "closed" and case.outcome == "hidden"
    assert case.closed_by == moderator
    assert case.outcome_reason == "Selling is not allowed here"
    entry = AuditLogEntry.objects.get(action="safety.case.hide")
    assert entry.actor == moderator
    assert entry.data == {
        "case": case.pk,
        "kind": "profile",
        "object_id": writer.pk,
        "reason": "Selling is not allowed here",
    }  # no label: a profile's holds the person's name, which the append-only log cannot lose
    assert writer.display_name not in str(entry.data)
    told_author = Notification.objects.get(recipient=writer, kind="safety.moderated")
    assert "Selling is not allowed here" in told_author.message
    told_reporter = Notification.objects.get(recipient=reporter, kind="safety.outcome")
    assert "hid it" in told_reporter.message
    assert "Selling" not in told_reporter.message


@pytest.mark.parametrize(
    ("action", "visibility", "outcome"),
    [
        ("restore", "shown", "restored"),
        ("approve", "shown", "approved"),
        ("decline", "hidden", "declined"),
        ("dismiss", "shown", "no_action"),
    ],
)
def test_each_action_sets_what_others_see(moderator, action, visibility, outcome):
    writer = _writer()
    if action in ("approve", "decline"):
        Profile.objects.filter(person=writer).update(visibility="waiting")
        case = wait_for_approval(kind="profile", object_id=writer.pk, author=writer)
    else:  # a waiting thing is only approved or declined (hidden, removed): a held one here
        case = _reported(writer, moderator)
        assert _visibility(writer) == "held"
    act_on_case(actor=moderator, case=case, action=action, reason="Looked at it")
    assert _visibility(writer) == visibility
    assert Case.objects.get().outcome == outcome


def test_removing_clears_the_bio(moderator):
    writer = _writer()
    act_on_case(actor=moderator, case=_reported(writer), action="remove", reason="Scam")
    assert Profile.objects.get(person=writer).bio == ""


def test_refusals_have_their_codes(moderator):
    case = _reported(_writer())
    _code("unknown_action", actor=moderator, case=case, action="explode", reason="x")
    _code("not_allowed", actor=PersonFactory(), case=case, action="hide", reason="x")
    _code("not_for_this_kind", actor=moderator, case=case, action="lock", reason="x")
    act_on_case(actor=moderator, case=case, action="dismiss", reason="Fine")
    _code("case_closed", actor=moderator, case=case, action="hide", reason="x")


def test_staff_act_only_on_their_organisations_cases_and_never_move():
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    outsider = staff_of(OrganisationFactory())
    writer = _writer()
    case = wait_for_approval(
        kind="profile", object_id=writer.pk, author=writer, organisation_id=organisation.pk
    )
    assert can_see_queue(staff) and can_see_case(staff, case)
    assert not can_see_case(outsider, case)
    for action in CASE_ACTIONS:
        assert can_act_on_case(staff, case, action) == (action != "move")
        assert not can_act_on_case(outsider, case, action)
    assert not can_act_on_people(staff) and not can_read_audit_log(staff)
    assert not can_see_queue(PersonFactory())
    _code("not_allowed", actor=outsider, case=case, action="approve", reason="x")
    act_on_case(actor=staff, case=case, action="approve", reason="Looks fine")
    assert AuditLogEntry.objects.get(action="safety.case.approve").organisation == organisation


def test_a_moderator_may_act_on_any_case(moderator):
    organisation = OrganisationFactory()
    writer = _writer()
    case = wait_for_approval(
        kind="profile", object_id=writer.pk, author=writer, organisation_id=organisation.pk
    )
    for action in CASE_ACTIONS:
        assert can_act_on_case(moderator, case, action)


def test_locking_a_topic_keeps_a_reported_case_open(moderator, question):
    report_concern(reporter=PersonFactory(), kind="topic", object_id=question.pk, reason="unkind")
    case = Case.objects.get(kind="topic")
    act_on_case(actor=moderator, case=case, action="lock", reason="Getting heated")
    assert Topic.objects.get(pk=question.pk).locked
    case.refresh_from_db()
    assert case.state == "open" and case.outcome == "locked"


def test_case_for_thing_opens_or_finds_the_case(moderator):
    writer = _writer()
    case = case_for_thing(actor=moderator, kind="profile", object_id=writer.pk)
    assert case_for_thing(actor=moderator, kind="profile", object_id=writer.pk).pk == case.pk
    with pytest.raises(CommunityError) as refused:
        case_for_thing(actor=PersonFactory(), kind="profile", object_id=writer.pk)
    assert refused.value.code == "not_allowed"
    with pytest.raises(CommunityError) as missing:
        case_for_thing(actor=moderator, kind="profile", object_id=999999)
    assert missing.value.code == "not_found"


def test_the_queue_shows_urgent_first_then_oldest(moderator):
    calm = _reported(_writer())
    urgent = _reported(_writer(), reason="safety")
    older_calm = Case.objects.get(pk=calm.pk)
    queue = queue_for(viewer=moderator)
    assert [case.pk for case in queue] == [urgent.pk, older_calm.pk]
    assert [case.pk for case in queue_for(viewer=moderator, urgent_only=True)] == [urgent.pk]
    assert queue[0].described.label.startswith("Profile of")
    assert queue_for(viewer=PersonFactory()) == []


def test_staff_see_only_their_organisations_cases_in_the_queue(moderator):
    organisation = OrganisationFactory()
    staff = staff_of(organisation)
    writer = _writer()
    theirs = wait_for_approval(
        kind="profile", object_id=writer.pk, author=writer, organisation_id=organisation.pk
    )
    _reported(_writer())
    assert [case.pk for case in queue_for(viewer=staff)] == [theirs.pk]
    assert len(queue_for(viewer=moderator)) == 2
    assert case_for_viewer(viewer=staff, case_id=theirs.pk) is not None


def test_the_queue_costs_the_same_queries_however_many_cases(moderator):
    _reported(_writer())
    with CaptureQueriesContext(connection) as few:
        queue_for(viewer=moderator)
    for _ in range(6):
        _reported(_writer(), PersonFactory(), PersonFactory())
    with CaptureQueriesContext(connection) as many:
        assert len(queue_for(viewer=moderator)) == 7
    assert len(many) == len(few)


def test_a_case_shows_its_reporters_in_a_fixed_number_of_queries(moderator):
    writer = _writer()
    case = _reported(writer, PersonFactory(display_name="Reporter One"))
    with CaptureQueriesContext(connection) as few:
        case_for_viewer(viewer=moderator, case_id=case.pk)
    _reported(writer, *[PersonFactory() for _ in range(5)])
    with CaptureQueriesContext(connection) as many:
        seen = case_for_viewer(viewer=moderator, case_id=case.pk)
    assert len(many) == len(few)
    assert len(seen.reports_list) == 6
    assert seen.reports_list[0].reporter_name == "Reporter One"
    assert seen.described.author_id == writer.pk
    assert case_for_viewer(viewer=PersonFactory(), case_id=case.pk) is None


def test_reporters_read_their_reports_and_outcomes(moderator):
    reporter = PersonFactory()
    case = _reported(_writer(), reporter)
    act_on_case(actor=moderator, case=case, action="dismiss", reason="Fine")
    [report] = reports_made_by(person=reporter)
    assert report.case.outcome == "no_action"
