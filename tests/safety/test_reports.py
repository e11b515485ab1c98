"""Report a concern: every refusal has its code; reports join one case per thing; "safety" is
urgent at once; enough reports hold the thing back; reports are personal data."""

import pytest
from django.core import mail

from community.errors import CommunityError
from community.models import Notification, Profile
from community.rate_limits import RateLimited
from community.safety.account_data import (
    erase_moderation,
    erase_reports,
    export_moderation,
    export_reports,
)
from community.safety.models import Case, Report
from community.safety.personal_data import Erasure
from community.safety.reports import report_concern
from tests.factories import OrganisationFactory, PersonFactory, advisor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer():
    person = PersonFactory(display_name="Scammy Sam")
    Profile.objects.filter(person=person).update(bio="Send me your card details")
    return person


def _report(reporter, writer, reason="spam", note=""):
    return report_concern(
        reporter=reporter, kind="profile", object_id=writer.pk, reason=reason, note=note
    )


def _refused(code, **kwargs):
    with pytest.raises(CommunityError) as refused:
        report_concern(**kwargs)
    assert refused.value.code == code
    return refused.value


def _visibility(person):
    return Profile.objects.get(person=person).visibility


def test_a_report_opens_a_case_describing_the_thing(writer):
    report = _report(PersonFactory(), writer, note="They asked for money")
    case = report.case
    assert case.kind == "profile" and case.object_id == writer.pk
    assert case.author == writer
    assert case.label == "Profile of Scammy Sam"
    assert "card details" in case.excerpt
    assert case.report_count == 1
    assert report.note == "They asked for money"
    assert not case.urgent


def test_more_reports_join_the_same_open_case(writer):
    first = _report(PersonFactory(), writer)
    second = _report(PersonFactory(), writer, reason="unkind")
    assert first.case_id == second.case_id
    assert Case.objects.get().report_count == 2


def test_every_refusal_has_its_code(writer):
    reporter = PersonFactory()
    common = {"kind": "profile", "object_id": writer.pk, "reason": "spam"}
    _refused("not_signed_in", reporter=PersonFactory(is_active=False), **common)
    _refused("unknown_kind", reporter=reporter, kind="nonsense", object_id=1, reason="spam")
    _refused("not_found", reporter=reporter, kind="profile", object_id=999999, reason="spam")
    _refused("own_content", reporter=writer, **common)
    wrong = _refused("invalid_reason", reporter=reporter, **{**common, "reason": "bored"})
    assert wrong.field == "reason"
    long = _refused("note_too_long", reporter=reporter, note="x" * 1001, **common)
    assert long.field == "note"
    _report(reporter, writer)
    _refused("already_reported", reporter=reporter, **common)
    assert Report.objects.count() == 1


def test_reporting_too_fast_is_refused(settings, writer):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": "2/600"}
    reporter = PersonFactory()
    for other in [PersonFactory(), PersonFactory()]:
        _report(reporter, other)
    with pytest.raises(RateLimited) as refused:
        _report(reporter, writer)
    assert refused.value.code == "too_fast"
    assert refused.value.action == "report"


@pytest.mark.django_db(transaction=True)
def test_a_safety_report_is_urgent_and_tells_moderators_at_once():
    writer = PersonFactory()
    moderator = PersonFactory(is_moderator=True)
    PersonFactory(is_moderator=True, banned=True)  # barred: not told
    report = _report(PersonFactory(), writer, reason="safety")
    assert report.case.urgent
    assert list(
        Notification.objects.filter(kind="safety.urgent").values_list("recipient", flat=True)
    ) == [moderator.pk]
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert "worried about a person's safety" in mail.outbox[0].body


def test_the_thing_is_held_after_enough_different_reporters(settings, writer):
    settings.SAFETY_HOLD_AFTER_REPORTS = 3
    for _ in range(2):
        _report(PersonFactory(), writer)
    assert _visibility(writer) == "shown"
    _report(PersonFactory(), writer)
    assert _visibility(writer) == "held"
    assert Case.objects.get().held


def test_one_trusted_report_holds_the_thing(settings, writer):
    settings.SAFETY_HOLD_AFTER_TRUSTED_REPORTS = 1
    report = _report(advisor_of(OrganisationFactory()), writer)
    assert report.trusted
    assert _visibility(writer) == "held"


def test_a_moderators_report_is_trusted(writer):
    assert _report(PersonFactory(is_moderator=True), writer).trusted


def test_raising_the_trusted_threshold_needs_more(settings, writer):
    settings.SAFETY_HOLD_AFTER_TRUSTED_REPORTS = 2
    _report(PersonFactory(is_moderator=True), writer)
    assert _visibility(writer) == "shown"
    _report(PersonFactory(is_moderator=True), writer)
    assert _visibility(writer) == "held"


def test_a_waiting_thing_is_not_turned_into_a_held_one(settings, writer):
    settings.SAFETY_HOLD_AFTER_TRUSTED_REPORTS = 1
    Profile.objects.filter(person=writer).update(visibility="hidden")
    _report(PersonFactory(is_moderator=True), writer)
    assert _visibility(writer) == "hidden"


def test_your_reports_are_in_your_data_export_and_kept_anonymised_when_you_go(writer):
    reporter = PersonFactory()
    _report(reporter, writer, reason="unkind", note="Rude to me")
    [row] = export_reports(reporter)
    assert row["you_reported"] == "Profile of Scammy Sam"
    assert row["why"] == "Unkind or abusive"
    assert row["your_note"] == "Rude to me"
    erase_reports(Erasure(person=reporter, remove_posts=False))
    report = Report.objects.get()
    assert report.reporter is None
    assert export_reports(reporter) == []


def test_a_deleted_accounts_cases_keep_the_history_but_not_their_words(writer):
    _report(PersonFactory(), writer)
    [row] = export_moderation(writer)
    assert row["about"] == "Profile of Scammy Sam"
    erase_moderation(Erasure(person=writer, remove_posts=False))
    case = Case.objects.get()
    assert case.author is None
    assert case.label == "Profile of A former member" and case.excerpt == ""
    assert case.report_count == 1
