"""Delete my account: nothing that names the person is left anywhere in the database, and
nobody else's data changes."""

import pytest
from django.apps import apps
from django.db import models

from community.chat.models import Message, Participant
from community.models import AuditLogEntry, Notification, Profile, User
from community.safety.erasing import delete_account
from community.safety.personal_data import registered_personal_data
from community.support.models import Plan, PlanComment, SupportRequest
from community.support.services.plans import comment_on_plan, start_plan
from community.support.services.requests import accept_request, ask_for_help
from events.models import Appointment, Booking, WaitingListEntry
from forums.models import Post, PostRevision, Topic
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.safety.seeding import DISPLAY_NAME, EMAIL, REAL_NAME, person_with_everything

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _rows_naming(*needles: str) -> list[str]:
    """Every text column of every table, read back and searched (in Python, so JSON and every
    database backend are searched alike)."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for row in model.objects.values_list("pk", *fields).iterator():
            text = " ".join(str(value) for value in row[1:]).lower()
            found += [f"{model._meta.label} {row[0]}: {n}" for n in needles if n.lower() in text]
    return found


def _snapshot_of(person: User) -> dict:
    return {
        "account": User.objects.filter(pk=person.pk).values().get(),
        "profile": Profile.objects.filter(person=person).values().get(),
        "posts": list(Post.objects.filter(author=person).values("pk", "body", "deleted_at")),
        "topics": list(Topic.objects.filter(author=person).values("pk", "title", "deleted")),
        "messages": list(Message.objects.filter(author=person).values("pk", "body", "removed")),
    }


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_leaves_nothing_that_names_the_person():
    world = person_with_everything()
    assert _rows_naming(EMAIL, REAL_NAME, DISPLAY_NAME), "the seed must name the person"
    others_before = _snapshot_of(world.other)

    delete_account(person=world.person, remove_posts=False)

    assert _rows_naming(EMAIL, REAL_NAME, DISPLAY_NAME) == []
    assert _snapshot_of(world.other) == others_before


@pytest.mark.django_db(transaction=True)
def test_kept_posts_stay_in_place_as_a_former_member():
    world = person_with_everything()
    reply = Post.objects.get(topic=world.shared_topic, number=2)
    delete_account(person=world.person, remove_posts=False)
    reply.refresh_from_db()
    assert reply.author is None and reply.body == "Our council said yes to mine."
    assert reply.deleted_at is None
    told = [n.message for n in Notification.objects.filter(recipient=world.other)]
    assert told and all(DISPLAY_NAME not in message for message in told)
    assert any("A former member" in message for message in told)
    assert max(len(message) for message in told) == 300  # the longest still fits


@pytest.mark.django_db(transaction=True)
def test_their_helped_marks_are_taken_back():
    world = person_with_everything()
    question = Post.objects.get(topic=world.shared_topic, number=1)
    assert question.helped_count == 1
    delete_account(person=world.person, remove_posts=False)
    question.refresh_from_db()
    assert question.helped_count == 0


@pytest.mark.django_db(transaction=True)
def test_removed_posts_keep_their_place_with_no_text_or_history():
    world = person_with_everything()
    delete_account(person=world.person, remove_posts=True)
    reply = Post.objects.get(topic=world.shared_topic, number=2)
    assert reply.deleted_at is not None and reply.body == "" and reply.body_html == ""
    world.shared_topic.refresh_from_db()
    assert world.shared_topic.reply_count == 0 and not world.shared_topic.deleted
    world.their_topic.refresh_from_db()
    assert world.their_topic.deleted  # nobody else wrote in it
    assert not PostRevision.objects.filter(post__topic=world.their_topic).exists()
    assert Message.objects.filter(author=None).exclude(body="").count() == 0


@pytest.mark.django_db(transaction=True)
def test_deleting_gives_future_places_to_the_waiting_list_and_keeps_attendance_figures():
    world = person_with_everything()
    delete_account(person=world.person, remove_posts=False)

    promoted = Booking.objects.get(occurrence=world.upcoming, status=Booking.Status.CONFIRMED)
    assert promoted.person == world.other
    attended = Booking.objects.get(occurrence=world.past)
    assert attended.person is None and attended.former_member and attended.attended
    assert attended.access_needs == [] and attended.access_notes == ""
    assert attended.for_person_name == ""
    assert attended.name == "A former member"
    assert not WaitingListEntry.objects.filter(person_id=world.person.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_person_leaves_their_conversations_and_the_audit_log_keeps_what_happened():
    world = person_with_everything()
    person_id = world.person.pk
    delete_account(person=world.person, remove_posts=False)
    assert not User.objects.filter(pk=person_id).exists()
    assert not Participant.objects.filter(person_id=person_id).exists()
    entry = AuditLogEntry.objects.get(action="safety.account.deleted")
    assert entry.actor is None and entry.data == {"removed_posts": False}


def test_every_model_that_points_at_an_account_is_covered_by_the_registry(db):
    """A new app cannot hold people's data without saying how to export and erase it."""
    covered = {label for entry in registered_personal_data() for label in entry.models}
    pointing = {
        model._meta.label
        for model in apps.get_models()
        if not model._meta.proxy
        and any(
            getattr(field, "related_model", None) is User
            for field in model._meta.get_fields()
            if field.concrete or (field.many_to_many and not field.auto_created)
        )
    } | {"community.User"}
    assert pointing - covered == set()


@pytest.mark.django_db(transaction=True)
def test_a_members_requests_and_plans_go_and_the_partner_keeps_a_cancelled_session():
    world = person_with_everything()
    person_id = world.person.pk
    appointment = Appointment.objects.get(guest=world.advisor)
    delete_account(person=world.person, remove_posts=False)

    assert not SupportRequest.objects.filter(member_id=person_id).exists()
    assert not Plan.objects.filter(owner_id=person_id).exists()
    assert not PlanComment.objects.exists()  # the partner's comment went with the plan
    appointment.refresh_from_db()
    assert appointment.organiser is None and appointment.guest == world.advisor
    assert appointment.cancelled_at is not None and appointment.sequence > 0
    assert appointment.title == "Appointment with a former member" and appointment.where == ""


def _helped_by(advisor, member, *, accept=True):
    request = ask_for_help(
        member=member, advisor=advisor, body="Help with my plan, please.", wants="plan"
    )
    if accept:
        accept_request(person=advisor, request=request)
        request.refresh_from_db()
    return request


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("remove_posts", [False, True])
def test_an_advisors_name_leaves_requests_they_took_and_the_member_keeps_them(remove_posts):
    organisation = OrganisationFactory(verified=True)
    advisor, member = advisor_of(organisation), PersonFactory()
    taken = _helped_by(advisor, member)
    plan = start_plan(owner=member, request=taken)
    comment = comment_on_plan(person=advisor, plan=plan, body="What does a good day look like?")
    waiting = _helped_by(advisor, PersonFactory(), accept=False)

    delete_account(person=advisor, remove_posts=remove_posts)

    taken.refresh_from_db()
    assert taken.advisor is None and taken.state == SupportRequest.State.CLOSED
    assert taken.body == "Help with my plan, please." and taken.ended_at
    waiting.refresh_from_db()  # still open, now to the organisation's team
    assert waiting.advisor is None and waiting.state == SupportRequest.State.OPEN
    assert waiting.organisation == organisation
    plan.refresh_from_db()
    assert plan.partner is None
    comment.refresh_from_db()
    assert comment.author is None  # shown as "A former member"
    assert comment.body == ("" if remove_posts else "What does a good day look like?")
