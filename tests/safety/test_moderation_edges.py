"""The edges of moderation: notifications about
taken-away things go, edits send approved things back to waiting, impossible ids are not found,
removing everything closes the person's cases, waiting cases are only approved or declined (or
hidden, removed), urgent e-mails carry no private words, and moderators cannot bar each other."""

import dataclasses
import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.errors import CommunityError
from community.models import AuditLogEntry, Membership, Notification, Profile
from community.permissions import is_verified_staff
from community.safety import registry
from community.safety.holds import (
    authors_who_must_wait,
    must_wait_for_approval,
    visibility_after_edit,
    wait_for_approval,
)
from community.safety.models import Case
from community.safety.moderation import act_on_case, actions_allowed, case_for_thing
from community.safety.permissions import can_see_case, can_see_queue
from community.safety.reports import report_concern
from community.safety.restrictions import act_on_person
from community.safety.visibility import Visibility
from community.services.notifications import forget_notifications_about, notify_many
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, staff_of

pytestmark = pytest.mark.django_db

NOTED = "profile_noted"
HUGE = 99999999999999999999


@pytest.fixture
def moderator():
    return PersonFactory(is_moderator=True)


@pytest.fixture
def noted_kind():
    """The profile kind, telling safety which notifications are about it: the person's own
    "about" notifications (as a topic answers its posts)."""
    kind = dataclasses.replace(
        registry.reportable_kind("profile"),
        name=NOTED,
        notification_about=lambda person_id: [("community.user", person_id)],
    )
    registry.register_reportable(kind)
    yield kind
    registry._registered.pop(NOTED, None)


def _writer(bio="Send me your card details"):
    person = PersonFactory()
    Profile.objects.filter(person=person).update(bio=bio)
    return person


def _newcomer(**fields):
    return PersonFactory(date_joined=timezone.now() - datetime.timedelta(hours=1), **fields)


def _told_about(writer):
    """A read and an unread notification about the writer, and one about something else."""
    reader = PersonFactory()
    about_writer = notify_many(
        recipients=[reader, PersonFactory()], kind="safety.outcome", message="x", about=writer
    )
    Notification.objects.filter(pk=about_writer[0].pk).update(read_at=timezone.now())
    notify_many(recipients=[reader], kind="safety.outcome", message="y", about=PersonFactory())
    return reader


def _about(person):
    return Notification.objects.filter(about_type="community.user", about_id=person.pk)


def _refused(code, service, **kwargs):
    with pytest.raises(CommunityError) as refused:
        service(**kwargs)
    assert refused.value.code == code


# --- Finding 3: notifications about a thing go when it stops being shown -----------------------


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_hiding_or_removing_forgets_notifications_read_or_not(noted_kind, moderator, action):
    writer = _writer()
    _told_about(writer)
    case = report_concern(reporter=PersonFactory(), kind=NOTED, object_id=writer.pk, reason="spam")
    act_on_case(actor=moderator, case=case.case, action=action, reason="A scam")
    assert not _about(writer).exists()
    assert Notification.objects.filter(message="y").exists()


def test_restoring_or_dismissing_keeps_notifications(noted_kind, moderator):
    writer = _writer()
    _told_about(writer)
    case = report_concern(reporter=PersonFactory(), kind=NOTED, object_id=writer.pk, reason="spam")
    act_on_case(actor=moderator, case=case.case, action="dismiss", reason="It is fine")
    assert _about(writer).count() == 2


def test_an_automatic_hold_forgets_notifications(noted_kind, moderator):
    writer = _writer()
    _told_about(writer)
    report_concern(reporter=moderator, kind=NOTED, object_id=writer.pk, reason="spam")
    assert Profile.objects.get(person=writer).visibility == Visibility.HELD
    assert not _about(writer).exists()


def test_declining_forgets_notifications(noted_kind, moderator):
    writer = _writer()
    case = wait_for_approval(kind=NOTED, object_id=writer.pk, author=writer)
    _told_about(writer)
    act_on_case(actor=moderator, case=case, action="decline", reason="Not for here")
    assert not _about(writer).exists()


def test_forgetting_is_one_query_however_many_things():
    people = PersonFactory.create_batch(5)
    for person in people:
        notify_many(recipients=[people[0]], kind="safety.outcome", message="x", about=person)
    pairs = [("community.user", person.pk) for person in people] + [("forums.post", 7)]
    with CaptureQueriesContext(connection) as queries:
        assert forget_notifications_about(pairs) == 5
    assert len(queries) == 1
    assert forget_notifications_about([]) == 0


# --- Finding 6: an edit by someone who must still wait sends a shown thing back --------------


def test_an_edit_by_a_new_account_sends_a_shown_thing_back_to_waiting():
    newcomer = _newcomer()
    assert visibility_after_edit(editor=newcomer, current=Visibility.SHOWN) == Visibility.WAITING
    for kept in (Visibility.WAITING, Visibility.HELD, Visibility.HIDDEN):
        assert visibility_after_edit(editor=newcomer, current=kept) == kept
    settled = PersonFactory(date_joined=timezone.now() - datetime.timedelta(days=60))
    assert visibility_after_edit(editor=settled, current=Visibility.SHOWN) == Visibility.SHOWN


# --- Finding 7: impossible ids are not found, never a crash ----------------------------------


@pytest.mark.parametrize("object_id", [HUGE, 2**63, 0, -1])
def test_impossible_ids_are_not_found(moderator, object_id):
    _refused("not_found", case_for_thing, actor=moderator, kind="profile", object_id=object_id)
    _refused(
        "not_found",
        report_concern,
        reporter=PersonFactory(),
        kind="profile",
        object_id=object_id,
        reason="spam",
    )


# --- Finding 11: who must wait, for many authors at once -------------------------------------


def test_authors_who_must_wait_matches_the_one_person_rule(settings):
    settings.SAFETY_NEW_ACCOUNT_APPROVALS = 1
    waiting = _newcomer()
    approved = _newcomer()
    Case.objects.create(
        kind="post", object_id=1, author=approved, state="closed", outcome="approved"
    )
    with_role = _newcomer()
    MembershipFactory(person=with_role, role="staff", trained_on=None)
    people = [
        waiting,
        approved,
        with_role,
        _newcomer(is_moderator=True),
        _newcomer(banned=True),
        PersonFactory(date_joined=timezone.now() - datetime.timedelta(days=60)),
    ]
    answer = authors_who_must_wait([person.pk for person in people])
    assert answer == {waiting.pk}
    assert answer == {person.pk for person in people if must_wait_for_approval(person)}
    assert authors_who_must_wait([]) == set()


def test_authors_who_must_wait_costs_the_same_for_many():
    few = [_newcomer().pk]
    many = [_newcomer().pk for _ in range(8)]
    with CaptureQueriesContext(connection) as one:
        authors_who_must_wait(few)
    with CaptureQueriesContext(connection) as eight:
        assert authors_who_must_wait(many) == set(many)
    assert len(eight) == len(one) <= 3


# --- Finding 12: removing everything closes the person's open cases ---------------------------


def test_removing_everything_closes_their_open_cases_in_the_audit(moderator):
    writer = _writer()
    case = report_concern(
        reporter=PersonFactory(), kind="profile", object_id=writer.pk, reason="spam"
    )
    act_on_person(actor=moderator, person=writer, action="remove_everything", reason="Spammer")
    closed = Case.objects.get(pk=case.case_id)
    assert closed.state == "closed" and closed.outcome == "removed"
    assert closed.outcome_reason == "Spammer" and closed.closed_by == moderator
    entry = AuditLogEntry.objects.get(action="safety.person.remove_everything")
    assert entry.data["cases_closed"] == 1


# --- Finding 13: waiting cases are approved or declined, hidden or removed --------------------


def test_a_waiting_case_offers_only_approval_decline_hide_remove(moderator):
    writer = _newcomer()
    case = wait_for_approval(kind="profile", object_id=writer.pk, author=writer)
    assert actions_allowed(actor=moderator, case=case) == ["hide", "remove", "approve", "decline"]
    for action in ("restore", "dismiss"):
        _refused(
            "not_for_waiting", act_on_case, actor=moderator, case=case, action=action, reason="ok"
        )
    assert Case.objects.get(pk=case.pk).state == "open"


def test_a_reported_case_still_offers_restore_and_dismiss(moderator):
    writer = _writer()
    case = report_concern(
        reporter=PersonFactory(), kind="profile", object_id=writer.pk, reason="spam"
    )
    allowed = actions_allowed(actor=moderator, case=case.case)
    assert "restore" in allowed and "dismiss" in allowed and "approve" not in allowed


# --- Finding 15: the urgent e-mail has no words from the thing -------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_urgent_email_links_to_the_case_without_the_words():
    PersonFactory(is_moderator=True)
    writer = _writer(bio="My private words about my family")
    report_concern(reporter=PersonFactory(), kind="profile", object_id=writer.pk, reason="safety")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "private words" not in body
    assert "/moderation/cases/" in body


# --- Finding 17: only a verified organisation's staff help moderate ---------------------------


def test_staff_of_an_unverified_organisation_see_no_queue():
    unverified = OrganisationFactory(verified=False)
    verified = OrganisationFactory(verified=True)
    theirs = staff_of(unverified)
    ours = staff_of(verified)
    assert not is_verified_staff(theirs) and not can_see_queue(theirs)
    assert is_verified_staff(ours) and can_see_queue(ours)
    assert is_verified_staff(ours, verified) and is_verified_staff(ours, verified.pk)
    assert not is_verified_staff(ours, unverified)
    case = Case.objects.create(kind="profile", object_id=1, organisation=unverified)
    assert not can_see_case(theirs, case)
    Membership.objects.filter(person=ours).update(active=False)
    assert not can_see_queue(ours)


# --- Finding 20: superusers are never targets; moderators only by a site admin ----------------


def test_a_moderator_cannot_bar_a_site_admin_or_another_moderator(moderator):
    site_admin = PersonFactory(is_superuser=True)
    other_moderator = PersonFactory(is_moderator=True)
    for person in (site_admin, other_moderator):
        _refused(
            "not_allowed", act_on_person, actor=moderator, person=person, action="ban", reason="x"
        )
        person.refresh_from_db()
        assert not person.banned
    act_on_person(actor=site_admin, person=other_moderator, action="ban", reason="Misused it")
    other_moderator.refresh_from_db()
    assert other_moderator.banned
    other_admin = PersonFactory(is_superuser=True)
    _refused(
        "not_allowed",
        act_on_person,
        actor=site_admin,
        person=other_admin,
        action="warn",
        reason="x",
    )
