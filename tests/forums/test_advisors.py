"""Questions reach advisors (issue 13 point 3): who is told of a question for an advisor's
answer, "I'm answering this", and raising a question that waited too long to staff."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.errors import NotAllowed
from community.models import Notification
from community.notification_kinds import Delivery, get_kind
from community.periodic import registered_jobs
from community.safety.models import Case
from community.safety.moderation import act_on_case
from community.safety.services import block_person
from community.safety.visibility import Visibility
from community.support.models import Listing
from forums.answering_data import export_answer_claims
from forums.errors import ForumError
from forums.models import AnswerClaim, RaisedQuestion, Watch
from forums.permissions import can_claim_question, can_withdraw_claim
from forums.selectors.waiting import current_answer_claim
from forums.services.advisors import (
    claim_question,
    raise_long_waiting_questions,
    withdraw_claim,
)
from forums.services.answers import accept_answer
from forums.services.posts import post_reply
from forums.services.watching import watch_category
from forums.tasks import raise_long_waiting_questions_in_background
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, advisor_of
from tests.factories import staff_of as make_staff_of
from tests.factories import theme as make_theme
from tests.forums.factories import CategoryFactory
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db

FOR_ADVISORS = "forums.question_for_advisors"
WAITING_LONG = "forums.question_waiting_long"


def knows_about(person, *themes):
    """What an advisor chose as specialisms in their directory listing (community.support)."""
    listing, _ = Listing.objects.get_or_create(person=person)
    listing.specialisms.add(*themes)
    return person


def _kinds(person) -> list[str]:
    return sorted(Notification.objects.filter(recipient=person).values_list("kind", flat=True))


@pytest.fixture
def start(db) -> datetime.datetime:
    """A moment just ahead of the real clock: everyone the fixtures made exists by then (and is
    an established member, so their questions are shown at once)."""
    return timezone.now().replace(microsecond=0) + datetime.timedelta(minutes=5)


@pytest.fixture
def pa_theme(db):
    return make_theme()


@pytest.fixture
def money_theme(db):
    return make_theme("managing-the-money", "Managing the money")


@pytest.fixture
def pa_category(pa_theme):
    return CategoryFactory(name="Employing a PA", slug="pas", theme=pa_theme)


@pytest.fixture
def collective(db):
    return OrganisationFactory(name="Calder Valley Collective", verified=True)


@pytest.fixture
def pa_advisor(collective, pa_theme):
    return knows_about(advisor_of(collective, display_name="Bev T"), pa_theme)


@pytest.fixture
def second_advisor(pa_theme):
    organisation = OrganisationFactory(name="Leeds Carers", verified=True)
    return knows_about(advisor_of(organisation, display_name="Jo K"), pa_theme)


def _for_advisor(asker, category, **options):
    return ask(asker, category, title="Can I pay my daughter?", wants_advisor=True, **options)


# ---- Who is told ----


def test_advisors_who_know_the_theme_are_told_of_a_question_for_an_advisor(
    asker, pa_advisor, pa_category
):
    topic = _for_advisor(asker, pa_category)

    note = Notification.objects.get(recipient=pa_advisor)
    assert note.kind == FOR_ADVISORS
    assert note.message == "Kestrel asked for an advisor's answer: “Can I pay my daughter?”"
    assert note.url == topic.post_url(1)
    # Daily digest unless they choose otherwise.
    assert note.delivery == Delivery.DIGEST
    assert get_kind(FOR_ADVISORS).default_delivery == Delivery.DIGEST


def test_an_anonymous_question_is_told_without_the_askers_name(asker, pa_advisor, pa_category):
    _for_advisor(asker, pa_category, anonymous=True)
    message = Notification.objects.get(recipient=pa_advisor).message
    assert message.startswith("A member asked") and "Kestrel" not in message


def test_other_themes_untrained_people_and_the_asker_are_not_told(
    asker, pa_advisor, pa_theme, money_theme, pa_category, collective
):
    money_advisor = knows_about(advisor_of(collective), money_theme)
    # Chose the theme, but holds no trained role: a member, staff, or vouched for by an
    # organisation that is not verified.
    member = knows_about(PersonFactory(), pa_theme)
    staff = knows_about(make_staff_of(collective), pa_theme)
    unverified = knows_about(advisor_of(OrganisationFactory(verified=False)), pa_theme)
    revoked = knows_about(PersonFactory(), pa_theme)
    MembershipFactory(person=revoked, organisation=collective, active=False)
    asking_advisor = knows_about(advisor_of(collective, display_name="Asking Advisor"), pa_theme)

    _for_advisor(asking_advisor, pa_category)

    assert _kinds(pa_advisor) == [FOR_ADVISORS]
    for person in (money_advisor, member, staff, unverified, revoked, asking_advisor):
        assert _kinds(person) == []


def test_a_question_that_did_not_ask_for_an_advisor_tells_no_advisor(
    asker, pa_advisor, pa_category
):
    ask(asker, pa_category, title="Just asking everyone")
    ask(asker, pa_category, title="A discussion", kind="discussion")
    assert _kinds(pa_advisor) == []


def test_a_category_without_a_theme_tells_no_advisor(asker, pa_advisor, category):
    _for_advisor(asker, category)
    assert _kinds(pa_advisor) == []


def test_an_advisor_watching_the_category_is_told_once(asker, pa_advisor, pa_category):
    watch_category(person=pa_advisor, category=pa_category)
    _for_advisor(asker, pa_category)
    assert _kinds(pa_advisor) == [FOR_ADVISORS]


def test_an_advisor_who_muted_the_category_is_not_told(asker, pa_advisor, pa_category):
    watch_category(person=pa_advisor, category=pa_category, level=Watch.Level.MUTED)
    _for_advisor(asker, pa_category)
    assert _kinds(pa_advisor) == []


def test_an_advisor_who_blocked_the_asker_is_not_told(asker, pa_advisor, pa_category):
    block_person(blocker=pa_advisor, blocked=asker)
    _for_advisor(asker, pa_category)
    assert _kinds(pa_advisor) == []


def test_an_advisor_paused_by_their_organisation_is_not_told(
    asker, pa_advisor, pa_category, collective
):
    Listing.objects.filter(person=pa_advisor).update(paused_by_organisation=collective)
    _for_advisor(asker, pa_category)
    assert _kinds(pa_advisor) == []


def test_a_members_only_question_reaches_only_advisors_who_can_see_it(
    asker, pa_advisor, pa_theme, collective
):
    private = CategoryFactory(members_only=True, theme=pa_theme)
    closed = knows_about(advisor_of(collective, is_active=False), pa_theme)
    suspended = knows_about(
        advisor_of(collective, suspended_until=timezone.now() + datetime.timedelta(days=3)),
        pa_theme,
    )
    _for_advisor(asker, private)
    assert _kinds(pa_advisor) == [FOR_ADVISORS]
    assert _kinds(closed) == [] and _kinds(suspended) == []


def test_a_held_question_tells_advisors_only_when_a_moderator_approves_it(
    pa_advisor, pa_category, moderator
):
    newcomer = PersonFactory(display_name="New Nell", date_joined=timezone.now())
    topic = _for_advisor(newcomer, pa_category)
    assert topic.visibility == Visibility.WAITING
    assert _kinds(pa_advisor) == []

    case = Case.objects.get(kind="topic", object_id=topic.pk)
    act_on_case(actor=moderator, case=case, action="approve", reason="Fine to show.")

    assert _kinds(pa_advisor) == [FOR_ADVISORS]


def test_telling_advisors_takes_the_same_queries_for_2_or_20_advisors(
    asker, pa_theme, pa_category, collective
):
    def queries_to_ask(title: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            ask(asker, pa_category, title=title, wants_advisor=True)
        return len(captured)

    for _ in range(2):
        knows_about(advisor_of(collective), pa_theme)
    few = queries_to_ask("First question")
    for _ in range(18):
        knows_about(advisor_of(collective), pa_theme)
    many = queries_to_ask("Second question")

    assert Notification.objects.filter(kind=FOR_ADVISORS).count() == 2 + 20
    assert few == many


# ---- "I'm answering this" ----


def test_an_advisor_says_they_are_answering_and_takes_it_back(asker, pa_advisor, pa_category):
    topic = _for_advisor(asker, pa_category)
    claim = claim_question(advisor=pa_advisor, topic=topic)

    assert current_answer_claim(topic=topic) == claim
    assert not can_claim_question(pa_advisor, topic, claim)
    assert can_withdraw_claim(pa_advisor, claim)

    withdraw_claim(advisor=pa_advisor, topic=topic)
    assert current_answer_claim(topic=topic) is None
    claim.refresh_from_db()
    assert claim.ended == AnswerClaim.Ended.WITHDRAWN and claim.ended_at is not None


def test_pressing_it_twice_keeps_the_first_time(asker, pa_advisor, pa_category):
    topic = _for_advisor(asker, pa_category)
    first = claim_question(advisor=pa_advisor, topic=topic)
    assert claim_question(advisor=pa_advisor, topic=topic) == first
    assert AnswerClaim.objects.filter(topic=topic).count() == 1


def test_a_second_advisor_is_told_who_is_answering(asker, pa_advisor, second_advisor, pa_category):
    topic = _for_advisor(asker, pa_category)
    claim = claim_question(advisor=pa_advisor, topic=topic)

    assert not can_claim_question(second_advisor, topic, claim)
    assert not can_withdraw_claim(second_advisor, claim)
    with pytest.raises(ForumError) as said:
        claim_question(advisor=second_advisor, topic=topic)
    assert said.value.code == "someone_is_answering"
    assert said.value.message.startswith("Bev T is already answering this question.")
    with pytest.raises(NotAllowed):
        withdraw_claim(advisor=second_advisor, topic=topic)
    # They can still reply.
    post_reply(author=second_advisor, topic=topic, body="To add to what Bev will say...")


def test_only_trained_advisors_may_say_it_and_not_of_their_own_question(
    asker, replier, moderator, pa_advisor, pa_category, collective, pa_theme
):
    topic = _for_advisor(asker, pa_category)
    staff = make_staff_of(collective)
    planning_partner = PersonFactory()
    MembershipFactory(person=planning_partner, organisation=collective, role="planning_partner")
    for person in (asker, replier, moderator, staff, None):
        assert not can_claim_question(person, topic, None)
    assert can_claim_question(planning_partner, topic, None)
    with pytest.raises(NotAllowed):
        claim_question(advisor=replier, topic=topic)
    own = _for_advisor(pa_advisor, pa_category)
    assert not can_claim_question(pa_advisor, own, None)


def test_only_open_questions_for_an_advisor_can_be_claimed(asker, replier, pa_advisor, pa_category):
    plain = ask(asker, pa_category, title="For everyone")
    discussion = ask(asker, pa_category, title="A chat about PAs", kind="discussion")
    answered = _for_advisor(asker, pa_category)
    accept_answer(person=asker, post=answer(replier, answered))
    answered.refresh_from_db()
    locked = _for_advisor(asker, pa_category)
    locked.locked = True
    for topic in (plain, discussion, answered, locked):
        assert not can_claim_question(pa_advisor, topic, None)


def test_the_claim_ends_when_the_advisor_replies(asker, pa_advisor, second_advisor, pa_category):
    topic = _for_advisor(asker, pa_category)
    first = claim_question(advisor=pa_advisor, topic=topic)
    answer(pa_advisor, topic)

    assert current_answer_claim(topic=topic) is None
    claim_question(advisor=second_advisor, topic=topic)
    first.refresh_from_db()
    assert first.ended == AnswerClaim.Ended.REPLIED


def test_a_claim_stops_showing_after_two_days(
    start, asker, pa_advisor, second_advisor, pa_category
):
    with time_machine.travel(start, tick=False):
        topic = _for_advisor(asker, pa_category)
        first = claim_question(advisor=pa_advisor, topic=topic)
    with time_machine.travel(start + datetime.timedelta(days=2, minutes=-1), tick=False):
        assert current_answer_claim(topic=topic) == first
    with time_machine.travel(start + datetime.timedelta(days=2, minutes=1), tick=False):
        assert current_answer_claim(topic=topic) is None
        claim_question(advisor=second_advisor, topic=topic)
    first.refresh_from_db()
    assert first.ended == AnswerClaim.Ended.LAPSED


def test_withdrawing_when_nobody_is_answering_says_so(asker, pa_advisor, pa_category):
    topic = _for_advisor(asker, pa_category)
    with pytest.raises(ForumError) as said:
        withdraw_claim(advisor=pa_advisor, topic=topic)
    assert said.value.code == "not_answering"


# ---- Raising a question that waited too long ----


def _raise_at(moment) -> int:
    with time_machine.travel(moment, tick=False):
        return raise_long_waiting_questions()


@pytest.fixture
def waiting_question(start, asker, pa_category, pa_advisor):
    with time_machine.travel(start, tick=False):
        return _for_advisor(asker, pa_category)


def test_a_question_is_raised_once_after_three_days_to_the_staff_who_cover_its_theme(
    start, waiting_question, collective, money_theme
):
    covering_staff = make_staff_of(collective, display_name="Covering Staff")
    other = OrganisationFactory(name="Money Matters", verified=True)
    knows_about(advisor_of(other), money_theme)
    other_staff = make_staff_of(other)

    assert _raise_at(start + datetime.timedelta(days=3, minutes=-1)) == 0
    assert _kinds(covering_staff) == []

    assert _raise_at(start + datetime.timedelta(days=3, minutes=1)) == 1
    note = Notification.objects.get(recipient=covering_staff)
    assert note.kind == WAITING_LONG and note.delivery == Delivery.EMAIL
    assert note.message.startswith("“Can I pay my daughter?” has waited 3 days")
    assert note.url == waiting_question.get_absolute_url()
    assert _kinds(other_staff) == []
    raised = RaisedQuestion.objects.get(topic=waiting_question)
    assert list(raised.organisations.all()) == [collective] and not raised.to_moderators

    assert _raise_at(start + datetime.timedelta(days=5)) == 0
    assert _kinds(covering_staff) == [WAITING_LONG]


def test_the_wait_is_a_setting(start, waiting_question, collective, settings):
    settings.FORUMS_ADVISOR_WAIT_DAYS = 1
    make_staff_of(collective)
    assert _raise_at(start + datetime.timedelta(days=1, minutes=1)) == 1


def test_a_question_an_advisor_replied_to_or_that_is_answered_is_not_raised(
    start, asker, replier, pa_advisor, pa_category, collective
):
    make_staff_of(collective)
    with time_machine.travel(start, tick=False):
        replied = _for_advisor(asker, pa_category)
        answer(pa_advisor, replied)
        answered = _for_advisor(asker, pa_category)
        accept_answer(person=asker, post=answer(replier, answered))
        peer_replied = _for_advisor(asker, pa_category)
        answer(replier, peer_replied)  # a peer's reply does not stop the wait

    assert _raise_at(start + datetime.timedelta(days=4)) == 1
    assert list(RaisedQuestion.objects.values_list("topic", flat=True)) == [peer_replied.pk]


def test_a_question_someone_is_answering_waits_until_the_claim_runs_out(
    start, waiting_question, pa_advisor, collective
):
    make_staff_of(collective)
    with time_machine.travel(start + datetime.timedelta(days=2, hours=12), tick=False):
        claim_question(advisor=pa_advisor, topic=waiting_question)
    assert _raise_at(start + datetime.timedelta(days=3, hours=1)) == 0
    assert _raise_at(start + datetime.timedelta(days=4, hours=13)) == 1


def test_a_question_nobody_covers_goes_to_moderators(
    start, asker, moderator, money_theme, collective
):
    staff = make_staff_of(collective)
    money = CategoryFactory(theme=money_theme)
    with time_machine.travel(start, tick=False):
        topic = _for_advisor(asker, money)
    assert _raise_at(start + datetime.timedelta(days=4)) == 1
    assert _kinds(moderator) == [WAITING_LONG]
    assert "no organisation's advisors cover its theme" in (
        Notification.objects.get(recipient=moderator).message
    )
    assert _kinds(staff) == []
    assert RaisedQuestion.objects.get(topic=topic).to_moderators


def test_hidden_and_held_questions_are_not_raised(
    start, asker, pa_category, collective, pa_advisor
):
    make_staff_of(collective)
    with time_machine.travel(start, tick=False):
        hidden = _for_advisor(asker, pa_category)
        newcomer = PersonFactory(date_joined=start)
        _for_advisor(newcomer, pa_category)  # waits for a moderator
    hidden.visibility = Visibility.HIDDEN
    hidden.save(update_fields=["visibility"])
    assert _raise_at(start + datetime.timedelta(days=4)) == 0


def test_raising_runs_hourly_on_the_task_worker(start, waiting_question, collective):
    make_staff_of(collective)
    job = next(job for job in registered_jobs() if job.name == "forums.raise_waiting_questions")
    assert job.every == datetime.timedelta(hours=1)
    with time_machine.travel(start + datetime.timedelta(days=4), tick=False):
        raise_long_waiting_questions_in_background.enqueue()
    assert RaisedQuestion.objects.filter(topic=waiting_question).exists()


# ---- What it holds about an advisor ----


def test_an_advisors_claims_are_in_their_data_and_go_with_their_account(
    asker, pa_advisor, pa_category
):
    topic = _for_advisor(asker, pa_category)
    claim_question(advisor=pa_advisor, topic=topic)
    rows = export_answer_claims(pa_advisor)
    assert [row["question"] for row in rows] == ["Can I pay my daughter?"]
    assert rows[0]["ended"] is None
    pa_advisor.delete()
    assert not AnswerClaim.objects.exists()
