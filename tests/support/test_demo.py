"""The demo's connecting people: after seed_demo the directory has varied helpers, there is a
request in every state and a plan being written together; it tells nobody anything, and running
it again changes nothing."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from community.demo import data
from community.models import Membership, Notification, User
from community.support.demo import LISTINGS, seed
from community.support.models import (
    Listing,
    Plan,
    PlanComment,
    PlanningSession,
    PlanRevision,
    PlanSection,
    SupportRequest,
)
from events.models import Appointment

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 7, tzinfo=datetime.UTC)
COUNTED = (
    Listing,
    SupportRequest,
    Plan,
    PlanSection,
    PlanRevision,
    PlanComment,
    PlanningSession,
    Appointment,
    Notification,
)
State = SupportRequest.State


def _seed_demo(at: datetime.datetime = NOW) -> str:
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _demo(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@{data.DEMO_DOMAIN}")


def test_seeding_twice_changes_nothing_the_second_time():
    first = _seed_demo()
    assert "support: added" in first
    counts = _counts()
    memberships = list(Membership.objects.order_by("pk").values_list("pk", "trained_for"))

    second = _seed_demo(NOW + datetime.timedelta(hours=1))

    assert "support: the demo advisors, requests and plan are already there" in second
    assert _counts() == counts
    assert list(Membership.objects.order_by("pk").values_list("pk", "trained_for")) == memberships


def test_the_support_seeder_tells_nobody_anything():
    _seed_demo()  # the demo people, and their own notifications about roles
    notifications, emails = Notification.objects.count(), len(mail.outbox)
    SupportRequest.objects.all().delete()
    Listing.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        seed()
    assert Notification.objects.count() == notifications
    assert not Notification.objects.filter(kind__startswith="support.").exists()
    assert len(mail.outbox) == emails


def test_there_is_a_request_in_every_state_and_one_handed_over():
    _seed_demo()
    states = set(SupportRequest.objects.values_list("state", flat=True))
    assert states == set(State.values)

    accepted = SupportRequest.objects.filter(state=State.ACCEPTED)
    assert accepted and all(r.room_id and r.advisor_id and r.accepted_at for r in accepted)
    for request in accepted:
        people = set(request.room.participants.values_list("person_id", flat=True))
        assert people == {request.member_id, request.advisor_id}

    closed = SupportRequest.objects.get(state=State.CLOSED)
    assert closed.helped is True and closed.helped_note and closed.ended_at

    expired = SupportRequest.objects.get(state=State.EXPIRED)
    assert expired.expires_at < NOW

    handed = SupportRequest.objects.get(handed_over__gt="")
    assert handed.state == State.OPEN and handed.advisor is None
    assert handed.organisation and handed.handed_over_by and handed.handed_over_note

    # Open ones go to someone and have not expired yet.
    for request in SupportRequest.objects.filter(state=State.OPEN):
        assert request.advisor_id or request.organisation_id
        assert request.expires_at > NOW


def test_helpers_are_listed_with_varied_specialisms_languages_areas_and_training():
    _seed_demo()
    listings = Listing.objects.select_related("person").prefetch_related("specialisms")
    assert listings.count() == len(LISTINGS) >= 6
    helpers = [listing.person for listing in listings]
    organisations = set(
        Membership.objects.trained()
        .filter(person__in=helpers)
        .values_list("organisation__slug", flat=True)
    )
    assert len(organisations) >= 2
    assert "bfi" in {code for listing in listings for code in listing.languages}
    assert len({area for listing in listings for area in listing.areas}) >= 8
    assert len({theme.slug for listing in listings for theme in listing.specialisms.all()}) >= 7
    assert {way for listing in listings for way in listing.ways_to_talk} == {
        "chat",
        "phone",
        "in_person",
    }
    assert [listing.person for listing in listings if listing.paused] == [_demo("dan")]
    assert all(listing.availability for listing in listings)
    trained = Membership.objects.trained().filter(person__in=helpers)
    assert trained.exists() and not trained.filter(trained_for="").exists()


def test_one_plan_is_being_written_with_a_partner_comments_and_a_session():
    _seed_demo()
    plan = Plan.objects.get()
    assert plan.owner == _demo("kestrel") and plan.partner == _demo("geoff")
    assert plan.request.wants == SupportRequest.Wants.PLAN
    assert plan.request.state == State.ACCEPTED
    sections = list(plan.sections.all())
    assert len(sections) == len(PlanSection.Part)
    written = [section for section in sections if section.body]
    assert len(written) >= 4 and all(section.body_html for section in written)
    assert PlanRevision.objects.filter(section__plan=plan).count() == len(written)

    comments = list(plan.comments.all())
    assert len(comments) == 2 and {c.author for c in comments} == {plan.partner}
    assert [bool(c.resolved_at) for c in comments] == [True, False]
    assert comments[0].resolved_by == plan.owner

    session = plan.sessions.select_related("appointment").get()
    appointment = session.appointment
    assert {appointment.organiser, appointment.guest} == {plan.owner, plan.partner}
    assert appointment.starts > NOW and appointment.cancelled_at is None
