"""Support plans: starting one (from a request or not), every saved version of a section kept,
comments and who hears of them, sharing, planning sessions, the plan to print or keep, and
reading a plan at a cost that does not grow with its comments and changes."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.errors import CommunityError, NotAllowed
from community.models import Notification
from community.safety.services import block_person
from community.support.errors import SupportError
from community.support.models import (
    PLAN_SECTION_MAX,
    Listing,
    Plan,
    PlanRevision,
    PlanSection,
    PlanShare,
    SupportRequest,
)
from community.support.plan_selectors import plan_for, plans_as_partner, plans_for, section_history
from community.support.services.listings import set_paused
from community.support.services.plans import (
    book_planning_session,
    cancel_planning_session,
    comment_on_plan,
    edit_section,
    plan_as_html,
    plan_as_text,
    remove_partner,
    resolve_comment,
    set_organisation_can_see,
    set_partner,
    share_plan,
    start_plan,
    unshare_plan,
)
from community.support.services.requests import accept_request, reassign_request
from tests.factories import OrganisationFactory, PersonFactory, advisor_of, staff_of

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
NOW = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def in_january_2026():
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def member():
    return PersonFactory(display_name="Budget Holder")


@pytest.fixture
def partner(organisation):
    return advisor_of(organisation, display_name="Planning Partner")


@pytest.fixture
def request_for_plan(member, partner, organisation):
    return SupportRequest.objects.create(
        member=member,
        advisor=partner,
        organisation=organisation,
        wants=SupportRequest.Wants.PLAN,
        body="Can someone help me write my support plan?",
        state=SupportRequest.State.ACCEPTED,
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


@pytest.fixture
def plan(member, request_for_plan):
    return start_plan(owner=member, request=request_for_plan)


def notifications(person, kind):
    return list(Notification.objects.filter(recipient=person, kind=kind))


# --- Starting -------------------------------------------------------------------------------


def test_a_new_plan_has_the_six_usual_parts_in_order_and_empty(member):
    plan = start_plan(owner=member, title="  ")

    parts = list(plan.sections.values_list("part", "body"))
    assert [part for part, _ in parts] == PlanSection.Part.values
    assert all(body == "" for _, body in parts)
    assert plan.title == "My support plan"
    assert plan.partner is None and plan.organisation is None


def test_a_plan_from_a_request_has_its_helper_as_partner_once_however_often_started(
    plan, member, partner, organisation, request_for_plan
):
    assert plan.owner == member and plan.partner == partner
    assert plan.organisation == organisation and plan.organisation_can_see
    assert start_plan(owner=member, request=request_for_plan) == plan  # a second press
    assert member.support_plans.count() == 1


def test_a_plan_cannot_start_from_someone_elses_request(partner, request_for_plan):
    with pytest.raises(NotAllowed):
        start_plan(owner=partner, request=request_for_plan)


def test_two_presses_at_once_make_one_plan(member, request_for_plan, monkeypatch):
    """The second press finds no plan (the first is not committed) and bumps into the
    one_plan_per_request constraint: it gives the plan the first press made."""
    from community.support.services import plans as plan_services

    first = start_plan(owner=member, request=request_for_plan)
    misses = iter([None])
    real_filter = Plan.objects.filter

    def filter_missing_the_first_once(*args, **kwargs):
        found = real_filter(*args, **kwargs)
        if "request" in kwargs:
            return _Missing(found, misses)
        return found

    tries = []
    real_new_plan = plan_services._new_plan

    def new_plan(**kwargs):
        tries.append(kwargs)
        return real_new_plan(**kwargs)

    monkeypatch.setattr(plan_services.Plan.objects, "filter", filter_missing_the_first_once)
    monkeypatch.setattr(plan_services, "_new_plan", new_plan)
    again = start_plan(owner=member, request=request_for_plan)
    monkeypatch.undo()

    assert len(tries) == 1  # it did try to make a second one, and the database said no
    assert again == first
    assert Plan.objects.filter(request=request_for_plan).count() == 1
    assert PlanSection.objects.filter(plan__owner=member).count() == 6


class _Missing:
    """A query whose first .first() says "nothing yet", as a second press would see it."""

    def __init__(self, queryset, misses):
        self.queryset, self.misses = queryset, misses

    def first(self):
        return next(self.misses, self.queryset.first())


def test_a_request_taken_by_someone_new_gives_a_partnerless_plan_its_new_helper(
    plan, member, partner, organisation, request_for_plan
):
    Plan.objects.filter(pk=plan.pk).update(partner=None)  # say the partner's account was erased
    newcomer = advisor_of(organisation, display_name="New Helper")
    reassign_request(staff=staff_of(organisation), request=request_for_plan, helper=newcomer)
    accept_request(person=newcomer, request=request_for_plan)

    again = start_plan(owner=member, request=request_for_plan)

    assert again == plan
    assert again.partner == newcomer and again.organisation == organisation
    assert plan_for(viewer=newcomer, plan_id=plan.pk) is not None


def test_a_partner_the_member_took_off_is_not_put_back_by_starting_again(
    plan, member, partner, request_for_plan
):
    remove_partner(owner=member, plan=plan)

    again = start_plan(owner=member, request=request_for_plan)  # the request still names them

    assert again.partner is None
    assert plan_for(viewer=partner, plan_id=plan.pk) is None


def test_a_plan_that_has_a_partner_keeps_them_when_started_again(
    plan, member, partner, organisation, request_for_plan
):
    newcomer = advisor_of(organisation)
    reassign_request(staff=staff_of(organisation), request=request_for_plan, helper=newcomer)
    accept_request(person=newcomer, request=request_for_plan)

    assert start_plan(owner=member, request=request_for_plan).partner == partner


def test_a_title_that_is_too_long_is_refused_with_the_field_named(member):
    with pytest.raises(SupportError) as refused:
        start_plan(owner=member, title="x" * 121)
    assert (refused.value.code, refused.value.field) == ("too_long", "title")


# --- Writing, every change kept -------------------------------------------------------------


def test_every_saved_version_of_a_part_is_kept_with_who_saved_it(plan, member, partner):
    edit_section(person=member, plan=plan, part="about_me", body="I live in Leeds.")
    with time_machine.travel(NOW + datetime.timedelta(hours=1)):
        edit_section(person=member, plan=plan, part="about_me", body="I live in Leeds with Sam.")

    history = list(section_history(viewer=partner, plan=plan, part="about_me"))
    assert [r.body for r in history] == ["I live in Leeds with Sam.", "I live in Leeds."]
    assert {r.edited_by for r in history} == {member}
    assert history[0].created > history[1].created
    assert plan.sections.get(part="about_me").body == "I live in Leeds with Sam."


def test_saving_a_part_unchanged_keeps_no_extra_version(plan, member):
    edit_section(person=member, plan=plan, part="budget", body="£200 a week for my PA.")
    edit_section(person=member, plan=plan, part="budget", body="£200 a week for my PA.  ")
    assert PlanRevision.objects.filter(section__plan=plan).count() == 1


def test_a_part_is_rendered_from_markdown_once_and_made_safe(plan, member):
    body = "# My week\n\n**Tuesdays** I swim. <script>alert(1)</script>"
    section = edit_section(person=member, plan=plan, part="important", body=body)
    assert "<h3>My week</h3>" in section.body_html  # headings start below the page's own
    assert "<strong>Tuesdays</strong>" in section.body_html
    assert "<script>" not in section.body_html
    assert PlanSection.objects.get(pk=section.pk).body == body.strip()  # stored as written


def test_only_the_member_changes_their_plan(plan, partner, organisation):
    with pytest.raises(NotAllowed):
        edit_section(person=partner, plan=plan, part="about_me", body="I know better.")
    # Someone who cannot see it is told it is not there, not that they may not.
    with pytest.raises(SupportError) as hidden:
        edit_section(person=PersonFactory(), plan=plan, part="about_me", body="Hello")
    assert hidden.value.code == "not_found"


@pytest.mark.parametrize(
    "part, body, code, field",
    [
        ("hobbies", "Swimming", "not_found", "part"),
        ("about_me", "x" * (PLAN_SECTION_MAX + 1), "too_long", "body"),
        ("about_me", "hidden\x00character", "hidden_character", "body"),
    ],
)
def test_bad_input_is_refused_with_a_code_and_the_field(plan, member, part, body, code, field):
    with pytest.raises(SupportError) as refused:
        edit_section(person=member, plan=plan, part=part, body=body)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert refused.value.message


def test_the_history_shows_nothing_to_people_who_cannot_see_the_plan(plan, member):
    edit_section(person=member, plan=plan, part="about_me", body="Private things.")
    assert list(section_history(viewer=PersonFactory(), plan=plan, part="about_me")) == []
    assert list(section_history(viewer=AnonymousUser(), plan=plan, part="about_me")) == []
    assert list(section_history(viewer=member, plan=plan, part="nonsense")) == []


# --- Comments -------------------------------------------------------------------------------


def test_the_partners_comment_on_a_part_tells_the_member(plan, member, partner):
    comment = comment_on_plan(person=partner, plan=plan, body="Say more about *Tuesdays*.",
                              part="important")  # fmt: skip

    assert comment.section.part == "important"
    assert "<em>Tuesdays</em>" in comment.body_html
    [told] = notifications(member, "support.plan_comment")
    assert "Planning Partner" in told.message and told.url == f"/plans/{plan.pk}/"


def test_the_members_own_comment_tells_nobody(plan, member):
    comment_on_plan(person=member, plan=plan, body="Note to self: ask about respite.")
    assert Notification.objects.filter(kind="support.plan_comment").count() == 0


def test_people_shared_with_comment_only_when_the_member_allows(plan, member):
    reader, commenter = PersonFactory(), PersonFactory()
    share_plan(owner=member, plan=plan, person=reader)
    share_plan(owner=member, plan=plan, person=commenter, can_comment=True)

    comment_on_plan(person=commenter, plan=plan, body="Looks good to me.")
    with pytest.raises(NotAllowed):
        comment_on_plan(person=reader, plan=plan, body="Me too.")


def test_an_empty_comment_or_one_on_a_missing_part_is_refused(plan, partner):
    with pytest.raises(SupportError) as empty:
        comment_on_plan(person=partner, plan=plan, body="   ")
    assert (empty.value.code, empty.value.field) == ("empty", "body")
    with pytest.raises(SupportError) as missing:
        comment_on_plan(person=partner, plan=plan, body="Hi", part="hobbies")
    assert (missing.value.code, missing.value.field) == ("not_found", "part")


def test_the_member_resolves_a_comment_and_can_open_it_again(plan, member, partner):
    comment = comment_on_plan(person=partner, plan=plan, body="Add your PA's hours.")

    resolve_comment(person=member, comment=comment)
    resolve_comment(person=member, comment=comment)  # pressed twice: still resolved, once
    assert comment.resolved_at is not None and comment.resolved_by == member

    resolve_comment(person=member, comment=comment, resolved=False)
    assert comment.resolved_at is None and comment.resolved_by is None


def test_someone_who_only_reads_cannot_resolve_comments(plan, member, partner):
    reader = PersonFactory()
    share_plan(owner=member, plan=plan, person=reader)
    comment = comment_on_plan(person=partner, plan=plan, body="Add your PA's hours.")
    with pytest.raises(NotAllowed):
        resolve_comment(person=reader, comment=comment)


# --- Sharing --------------------------------------------------------------------------------


def test_sharing_lets_someone_read_and_tells_them_once(plan, member):
    sister = PersonFactory(display_name="Sister")

    share_plan(owner=member, plan=plan, person=sister)
    share_plan(owner=member, plan=plan, person=sister, can_comment=True)

    assert plan_for(viewer=sister, plan_id=plan.pk) == plan
    assert plan.shares.get(person=sister).can_comment
    [told] = notifications(sister, "support.plan_shared")
    assert "Budget Holder" in told.message

    unshare_plan(owner=member, plan=plan, person=sister)
    assert plan_for(viewer=sister, plan_id=plan.pk) is None


def test_only_the_member_shares_and_never_with_themselves_or_someone_kept_apart(
    plan, member, partner
):
    with pytest.raises(NotAllowed):
        share_plan(owner=partner, plan=plan, person=PersonFactory())
    with pytest.raises(SupportError) as own:
        share_plan(owner=member, plan=plan, person=member)
    assert own.value.field == "person"
    pest = PersonFactory()
    block_person(blocker=pest, blocked=member)
    with pytest.raises(SupportError) as blocked:
        share_plan(owner=member, plan=plan, person=pest)
    assert blocked.value.code == "blocked"
    with pytest.raises(SupportError) as closed:
        share_plan(owner=member, plan=plan, person=PersonFactory(is_active=False))
    assert closed.value.code == "not_found"


def test_the_member_can_stop_the_organisation_seeing_the_plan(plan, member, organisation):
    staff = staff_of(organisation)
    assert plan_for(viewer=staff, plan_id=plan.pk) == plan

    set_organisation_can_see(owner=member, plan=plan, allowed=False)

    assert plan_for(viewer=staff, plan_id=plan.pk) is None


# --- The planning partner -------------------------------------------------------------------


def test_the_member_stops_their_partner_seeing_the_plan_at_once(plan, member, partner):
    share_plan(owner=member, plan=plan, person=partner)  # a share of their own goes too
    starts = NOW + datetime.timedelta(days=2)
    session = book_planning_session(person=partner, plan=plan, starts=starts, minutes=60,
                                    way="in_person", where="12 Mill Lane")  # fmt: skip

    remove_partner(owner=member, plan=plan)

    assert plan.partner is None
    assert Plan.objects.get(pk=plan.pk).partner is None
    assert plan_for(viewer=partner, plan_id=plan.pk) is None
    assert not PlanShare.objects.filter(plan=plan, person=partner).exists()
    session.appointment.refresh_from_db()
    assert session.appointment.cancelled_at is not None  # they will not turn up
    [told] = notifications(partner, "support.planning_session_cancelled")
    assert told.url == "" and "My support plan" not in told.message  # no way back in
    remove_partner(owner=member, plan=plan)  # pressed twice: nothing more happens
    assert len(notifications(partner, "support.planning_session_cancelled")) == 1


def test_taking_the_partner_off_stops_their_organisations_staff_until_the_member_says(
    plan, member, organisation
):
    staff = staff_of(organisation)
    assert plan.organisation_can_see and plan_for(viewer=staff, plan_id=plan.pk) is not None

    remove_partner(owner=member, plan=plan)

    assert plan.organisation == organisation and not plan.organisation_can_see
    assert not Plan.objects.get(pk=plan.pk).organisation_can_see
    assert plan_for(viewer=staff, plan_id=plan.pk) is None
    set_organisation_can_see(owner=member, plan=plan, allowed=True)  # the member lets them again
    assert plan_for(viewer=staff, plan_id=plan.pk) is not None


def test_the_member_chooses_a_new_partner_who_is_told(plan, member, partner, organisation):
    newcomer = advisor_of(organisation, display_name="New Helper")

    set_partner(owner=member, plan=plan, person=newcomer)

    assert plan.partner == newcomer and Plan.objects.get(pk=plan.pk).partner == newcomer
    assert plan.organisation == organisation and plan.organisation_can_see  # same organisation
    assert plan_for(viewer=newcomer, plan_id=plan.pk) is not None
    assert plan_for(viewer=partner, plan_id=plan.pk) is None
    [told] = notifications(newcomer, "support.plan_shared")
    assert "chose you as the planning partner" in told.message
    set_partner(owner=member, plan=plan, person=newcomer)  # again: told once
    assert len(notifications(newcomer, "support.plan_shared")) == 1


def test_a_partner_from_another_organisation_brings_no_staff_until_the_member_says(
    plan, member, organisation
):
    elsewhere = OrganisationFactory()
    newcomer = advisor_of(elsewhere)

    set_partner(owner=member, plan=plan, person=newcomer)

    assert plan.organisation == elsewhere and not plan.organisation_can_see
    assert plan_for(viewer=staff_of(elsewhere), plan_id=plan.pk) is None
    assert plan_for(viewer=staff_of(organisation), plan_id=plan.pk) is None


def test_a_plan_of_ones_own_gets_a_partner_and_their_organisation(member, organisation):
    own = start_plan(owner=member)
    helper = advisor_of(organisation)

    set_partner(owner=member, plan=own, person=helper)

    assert own.partner == helper and own.organisation == organisation
    assert not own.organisation_can_see


def test_only_a_helper_taking_requests_and_not_kept_apart_can_be_chosen(
    plan, member, partner, organisation
):
    paused = advisor_of(organisation)
    set_paused(person=paused, paused=True)
    unlisted = advisor_of(organisation)  # takes requests through their team, not by name
    Listing.objects.create(person=unlisted, listed=False)
    blocker = advisor_of(organisation)
    block_person(blocker=blocker, blocked=member)
    cases = [
        (PersonFactory(), "not_a_helper"),
        (paused, "not_a_helper"),
        (unlisted, "not_a_helper"),
        (blocker, "blocked"),
        (member, "not_allowed"),
        (advisor_of(organisation, is_active=False), "not_found"),
        (None, "not_found"),
    ]
    for person, code in cases:
        with pytest.raises(SupportError) as refused:
            set_partner(owner=member, plan=plan, person=person)
        assert (refused.value.code, refused.value.field) == (code, "person")
    assert Plan.objects.get(pk=plan.pk).partner == partner


def test_the_partner_one_has_can_be_kept_after_they_leave_the_list(plan, member, partner):
    Listing.objects.create(person=partner, listed=False)

    assert set_partner(owner=member, plan=plan, person=partner).partner == partner
    assert not notifications(partner, "support.plan_shared")  # nothing changed, nobody told


def test_only_the_member_changes_the_partner(plan, member, partner, organisation):
    reader = PersonFactory()
    share_plan(owner=member, plan=plan, person=reader)
    for who in (partner, reader, staff_of(organisation)):
        with pytest.raises(NotAllowed):
            remove_partner(owner=who, plan=plan)
        with pytest.raises(NotAllowed):
            set_partner(owner=who, plan=plan, person=advisor_of(organisation))
    with pytest.raises(SupportError) as hidden:
        remove_partner(owner=PersonFactory(), plan=plan)
    assert hidden.value.code == "not_found"
    assert Plan.objects.get(pk=plan.pk).partner == partner


# --- Reading --------------------------------------------------------------------------------


def test_nobody_else_finds_the_plan_and_bad_addresses_find_nothing(plan):
    for viewer in (
        PersonFactory(),
        PersonFactory(is_moderator=True),
        PersonFactory(is_superuser=True),
        staff_of(OrganisationFactory()),
        AnonymousUser(),
    ):
        assert plan_for(viewer=viewer, plan_id=plan.pk) is None
    assert plan_for(viewer=plan.owner, plan_id=plan.pk + 1000) is None
    assert plan_for(viewer=plan.owner, plan_id="not-a-number") is None


def test_plans_for_lists_mine_as_partner_and_shared_each_once(plan, member, partner):
    mine = start_plan(owner=partner, title="Partner's own plan")
    share_plan(owner=member, plan=plan, person=partner)  # partner and shared: still once
    someone_elses = start_plan(owner=PersonFactory())

    assert sorted(p.pk for p in plans_for(person=partner)) == sorted([plan.pk, mine.pk])
    assert list(plans_as_partner(person=partner)) == [plan]
    assert someone_elses not in plans_for(person=partner)
    assert list(plans_for(person=AnonymousUser())) == []


def _busy_plan(comments: int, organisation) -> tuple:
    member = PersonFactory()
    partner = advisor_of(organisation)
    request = SupportRequest.objects.create(
        member=member, advisor=partner, organisation=organisation, wants="plan", body="Help",
        state="accepted", expires_at=timezone.now() + datetime.timedelta(days=14),
    )  # fmt: skip
    plan = start_plan(owner=member, request=request)
    for number in range(comments):
        edit_section(person=member, plan=plan, part="about_me", body=f"Version {number}")
        comment_on_plan(person=partner, plan=plan, body=f"C{number}")
        share_plan(owner=member, plan=plan, person=PersonFactory())
    book_planning_session(
        person=member, plan=plan, starts=NOW + datetime.timedelta(days=2), minutes=60, way="chat"
    )
    return plan, partner


def _reading_cost(plan, viewer) -> int:
    with CaptureQueriesContext(connection) as queries:
        found = plan_for(viewer=viewer, plan_id=plan.pk)
        for section in found.sections.all():
            section.get_part_display()
        for comment in found.comments.all():
            _ = comment.author.display_name, comment.section
        for share in found.shares.all():
            _ = share.person.display_name
        for session in found.sessions.all():
            _ = session.appointment.organiser.display_name, session.appointment.guest
    return len(queries)


def test_reading_a_plan_costs_the_same_however_many_comments_changes_and_shares(organisation):
    small, small_partner = _busy_plan(1, organisation)
    busy, busy_partner = _busy_plan(15, organisation)

    assert _reading_cost(busy, busy_partner) == _reading_cost(small, small_partner) == 5
    staff = staff_of(organisation)
    assert _reading_cost(busy, staff) == _reading_cost(small, staff) == 6  # + "are you staff?"


# --- Planning sessions ----------------------------------------------------------------------


def test_booking_a_session_makes_an_appointment_for_both_and_tells_the_other(plan, member, partner):
    starts = datetime.datetime(2026, 1, 8, 14, 0, tzinfo=UTC)
    session = book_planning_session(
        person=partner, plan=plan, starts=starts, minutes=90, way="in_person", where="The café"
    )

    appointment = session.appointment
    assert (appointment.organiser, appointment.guest) == (partner, member)
    assert appointment.ends - appointment.starts == datetime.timedelta(minutes=90)
    assert appointment.title == "Planning session: My support plan"
    [told] = notifications(member, "support.planning_session_booked")
    assert "Thursday 8 January at 14:00" in told.message


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"starts": NOW - datetime.timedelta(hours=1)}, "invalid_time", "starts"),
        ({"starts": "tomorrow"}, "invalid_time", "starts"),
        ({"minutes": 10}, "invalid_time", "minutes"),
        ({"minutes": 241}, "invalid_time", "minutes"),
        ({"way": "video"}, "invalid_way", "way"),
        ({"where": "x" * 201}, "too_long", "where"),
    ],
)
def test_a_session_with_bad_details_is_refused_with_the_field_named(
    plan, member, change, code, field
):
    details = {"starts": NOW + datetime.timedelta(days=1), "minutes": 60, "way": "phone"}
    with pytest.raises(CommunityError) as refused:  # SupportError, or EventError from events
        book_planning_session(person=member, plan=plan, **(details | change))
    assert (refused.value.code, refused.value.field) == (code, field)
    assert plan.sessions.count() == 0


def test_no_session_without_a_partner_nor_with_someone_kept_apart(plan, member, partner):
    starts = NOW + datetime.timedelta(days=1)
    alone = start_plan(owner=member)
    with pytest.raises(SupportError) as no_partner:
        book_planning_session(person=member, plan=alone, starts=starts, minutes=60, way="chat")
    assert no_partner.value.code == "not_partner"

    block_person(blocker=partner, blocked=member)
    with pytest.raises(CommunityError) as blocked:
        book_planning_session(person=member, plan=plan, starts=starts, minutes=60, way="chat")
    assert blocked.value.code == "blocked"


def test_only_the_two_people_book_or_cancel_a_session(plan, member, partner, organisation):
    reader = PersonFactory()
    share_plan(owner=member, plan=plan, person=reader)
    starts = NOW + datetime.timedelta(days=1)
    with pytest.raises(NotAllowed):
        book_planning_session(person=reader, plan=plan, starts=starts, minutes=60, way="chat")
    with pytest.raises(SupportError) as hidden:
        book_planning_session(person=PersonFactory(), plan=plan, starts=starts, minutes=60,
                              way="chat")  # fmt: skip
    assert hidden.value.code == "not_found"

    session = book_planning_session(person=member, plan=plan, starts=starts, minutes=60, way="chat")
    with pytest.raises(NotAllowed):
        cancel_planning_session(person=staff_of(organisation), session=session)


def test_cancelling_a_session_tells_the_other_and_keeps_it_marked_cancelled(plan, member, partner):
    starts = NOW + datetime.timedelta(days=1)
    session = book_planning_session(person=member, plan=plan, starts=starts, minutes=60, way="chat")

    cancel_planning_session(person=partner, session=session)

    session.appointment.refresh_from_db()
    assert session.appointment.cancelled_at is not None and session.appointment.sequence == 1
    [told] = notifications(member, "support.planning_session_cancelled")
    assert "Planning Partner cancelled the planning session for “My support plan”" in told.message
    assert told.url == f"/plans/{plan.pk}/"
    assert notifications(member, "support.planning_session_booked") == []


# --- To print or keep -----------------------------------------------------------------------


def test_the_plan_as_a_page_escapes_what_people_typed_and_leaves_out_comments(
    plan, member, partner
):
    plan.title = 'My plan <script>alert("x")</script>'
    plan.save()
    edit_section(person=member, plan=plan, part="about_me", body="I like **tea** & cake.")
    comment_on_plan(person=partner, plan=plan, body="A private remark")
    found = plan_for(viewer=member, plan_id=plan.pk)

    page = plan_as_html(found)

    assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<strong>tea</strong> &amp; cake" in page  # the stored, cleaned HTML
    assert "A private remark" not in page
    assert page.count("<h2") == 6 and "Nothing written here yet." in page
    assert "Budget Holder" in page and member.real_name not in page


def test_the_plan_as_text_has_each_part_as_written(plan, member):
    edit_section(person=member, plan=plan, part="budget", body="- PA: £200 a week")

    text = plan_as_text(plan)

    assert text.startswith("My support plan\n===============\n")
    assert "How I will spend my budget\n--------------------------\n\n- PA: £200 a week" in text
    assert text.count("(Nothing written here yet.)") == 5
    assert member.real_name not in text
