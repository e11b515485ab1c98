"""What councils have agreed: who may record a decision (and when), what is checked, what a
question asked without a name keeps private, and how the list is grouped and filtered."""

import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from community.errors import NotAllowed
from community.models import AuditLogEntry
from community.safety.visibility import Visibility
from forums import permissions
from forums.errors import ForumError
from forums.models import CouncilDecision, Topic
from forums.selectors.councils import (
    NOT_NAMED,
    council_decision_for,
    council_decisions,
    grouped_council_decisions,
)
from forums.services.answers import accept_answer, clear_answer
from forums.services.councils import (
    change_council_decision,
    record_council_decision,
    remove_council_decision,
)
from tests.factories import OrganisationFactory, PersonFactory, advisor_of
from tests.forums.councils import NOW, answered_question, decision_on
from tests.forums.factories import CategoryFactory, TopicFactory
from tests.forums.fixtures import answer, ask

pytestmark = pytest.mark.django_db

DECIDED = {"council": "calderdale", "outcome": "agreed", "year": 2026, "what_for": "gym membership"}


@pytest.fixture(autouse=True)
def _pinned_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def answered(question, asker, replier):
    accept_answer(person=asker, post=answer(replier, question))
    question.refresh_from_db()
    return question


@pytest.fixture
def answered_without_name(asker, replier, category):
    topic = ask(asker, category, title="Can I pay for counselling?", anonymous=True)
    accept_answer(person=asker, post=answer(replier, topic))
    topic.refresh_from_db()
    return topic


# ---- Who may, and when ----

ROLES = ("visitor", "member", "asker", "moderator", "advisor", "closed")
#                                             visitor member asker moderator advisor closed
MATRIX = {
    "a question asked with a name":           (0,      0,     1,    1,        1,      0),
    "a question asked without a name":        (0,      0,     1,    1,        0,      0),
    "a question with no accepted answer":     (0,      0,     0,    0,        0,      0),
}  # fmt: skip


@pytest.mark.parametrize("question_kind", list(MATRIX))
def test_each_role_may_record_exactly_what_the_matrix_says(question_kind):
    asker = PersonFactory()
    people = {
        "visitor": AnonymousUser(),
        "member": PersonFactory(),
        "asker": asker,
        "moderator": PersonFactory(is_moderator=True),
        "advisor": advisor_of(OrganisationFactory()),
        "closed": PersonFactory(is_active=False),
    }
    if question_kind == "a question with no accepted answer":
        topic = TopicFactory(author=asker)
    else:
        anonymous = question_kind == "a question asked without a name"
        topic = answered_question(author=asker, anonymous=anonymous)
    allowed = {role: permissions.can_record_council_decision(people[role], topic) for role in ROLES}
    expected = zip(ROLES, MATRIX[question_kind], strict=True)
    assert allowed == {role: bool(flag) for role, flag in expected}


def test_the_asker_records_what_their_council_decided(answered, asker):
    decision = record_council_decision(
        person=asker, topic=answered, **{**DECIDED, "what_for": '  "Gym   membership."  '}
    )

    decision.refresh_from_db()
    assert (decision.council, decision.outcome, decision.year) == ("calderdale", "agreed", 2026)
    assert decision.what_for == "Gym membership"
    assert decision.what_for_key == "gym membership"
    assert decision.added_by == asker and decision.topic == answered
    logged = AuditLogEntry.objects.get(action="forums.council_decision.recorded")
    assert logged.actor == asker and logged.subject_id == answered.pk


def test_a_trained_advisor_records_it_for_a_question_asked_with_a_name(answered, advisor):
    decision = record_council_decision(person=advisor, topic=answered, **DECIDED)
    assert decision.added_by == advisor


def test_an_advisor_may_not_record_it_for_a_question_asked_without_a_name(
    answered_without_name, advisor
):
    with pytest.raises(NotAllowed):
        record_council_decision(person=advisor, topic=answered_without_name, **DECIDED)
    assert not CouncilDecision.objects.exists()


def test_another_member_may_not_record_it(answered, replier):
    with pytest.raises(NotAllowed):
        record_council_decision(person=replier, topic=answered, **DECIDED)


def test_nothing_is_recorded_before_an_answer_is_accepted(question, asker):
    with pytest.raises(ForumError) as refused:
        record_council_decision(person=asker, topic=question, **DECIDED)
    assert refused.value.code == "question_not_answered"
    assert not CouncilDecision.objects.exists()


def test_once_the_answer_is_unmarked_the_decision_cannot_be_changed(answered, asker):
    record_council_decision(person=asker, topic=answered, **DECIDED)
    # Loaded before the answer was un-marked, as by a page opened a moment ago: the service
    # checks again under the topic's lock.
    opened_earlier = Topic.objects.get(pk=answered.pk)
    clear_answer(person=asker, topic=answered)
    with pytest.raises(ForumError) as refused:
        change_council_decision(person=asker, topic=opened_earlier, outcome="refused")
    assert refused.value.code == "question_not_answered"


# ---- What is checked ----


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"council": "atlantis"}, "unknown_council", "council"),
        ({"outcome": "maybe"}, "unknown_outcome", "outcome"),
        ({"year": 2027}, "year_in_future", "year"),
        ({"year": 1996}, "year_too_early", "year"),
        ({"what_for": "  “ ”. "}, "what_for_empty", "what_for"),
        ({"what_for": "x" * 81}, "what_for_too_long", "what_for"),
        ({"what_for": "gym\x00"}, "hidden_character", "what_for"),
    ],
)
def test_what_was_typed_is_checked_with_a_stable_code_and_the_field(
    answered, asker, change, code, field
):
    with pytest.raises(ForumError) as refused:
        record_council_decision(person=asker, topic=answered, **{**DECIDED, **change})
    assert (refused.value.code, refused.value.field) == (code, field)
    assert not CouncilDecision.objects.exists()


def test_this_year_and_1997_are_both_accepted(answered, asker):
    record_council_decision(person=asker, topic=answered, **{**DECIDED, "year": 2026})
    assert change_council_decision(person=asker, topic=answered, year=1997).year == 1997


def test_a_question_has_one_decision_and_a_second_is_refused(answered, asker, advisor):
    record_council_decision(person=asker, topic=answered, **DECIDED)
    with pytest.raises(ForumError) as refused:
        record_council_decision(person=advisor, topic=answered, **DECIDED)
    assert refused.value.code == "council_decision_exists"
    assert CouncilDecision.objects.count() == 1


def test_a_change_changes_only_what_is_given(answered, asker, moderator):
    record_council_decision(person=asker, topic=answered, **DECIDED)
    decision = change_council_decision(
        person=moderator, topic=answered, outcome="partly", what_for="Gym"
    )
    decision.refresh_from_db()
    assert (decision.council, decision.outcome, decision.year) == ("calderdale", "partly", 2026)
    assert (decision.what_for, decision.what_for_key) == ("Gym", "gym")
    assert AuditLogEntry.objects.filter(
        action="forums.council_decision.changed", actor=moderator
    ).exists()


def test_changing_or_removing_a_decision_nobody_added_says_so(answered, asker):
    for attempt in (
        lambda: change_council_decision(person=asker, topic=answered, year=2025),
        lambda: remove_council_decision(person=asker, topic=answered),
    ):
        with pytest.raises(ForumError) as refused:
            attempt()
        assert refused.value.code == "no_council_decision"


def test_the_asker_removes_it(answered, asker):
    record_council_decision(person=asker, topic=answered, **DECIDED)
    remove_council_decision(person=asker, topic=answered)
    assert not CouncilDecision.objects.exists()
    assert AuditLogEntry.objects.filter(action="forums.council_decision.removed").exists()


# ---- A question asked without a name ----


def test_only_the_asker_chooses_to_show_the_council_of_a_question_asked_without_a_name(
    answered_without_name, asker, moderator
):
    topic = answered_without_name
    record_council_decision(person=asker, topic=topic, **DECIDED, share_council=True)

    with pytest.raises(ForumError) as refused:
        change_council_decision(person=moderator, topic=topic, share_council=False)
    assert (refused.value.code, refused.value.field) == (
        "only_asker_shares_council",
        "share_council",
    )
    # A moderator correcting something else leaves the asker's choice as it was.
    changed = change_council_decision(person=moderator, topic=topic, year=2025)
    assert changed.share_council is True
    assert (
        change_council_decision(person=asker, topic=topic, share_council=False).share_council
        is False
    )


def test_showing_the_council_means_nothing_for_a_question_asked_with_a_name(answered, asker):
    decision = record_council_decision(person=asker, topic=answered, **DECIDED, share_council=True)
    assert decision.share_council is False


# ---- The list ----


def test_decisions_are_grouped_by_council_a_to_z_and_by_what_for_most_first():
    decision_on(answered_question(), council="sheffield", what_for="Gym membership")
    decision_on(answered_question(), council="calderdale", what_for="gym  membership.")
    decision_on(answered_question(), council="calderdale", what_for="Paying my daughter", year=2024)

    found = grouped_council_decisions(viewer=AnonymousUser())

    assert [(g.name, len(g.decisions)) for g in found.by_council] == [
        ("Calderdale", 2),
        ("Sheffield", 1),
    ]
    assert [(g.key, len(g.decisions)) for g in found.by_what_for] == [
        ("gym membership", 2),
        ("paying my daughter", 1),
    ]
    assert [d.year for d in found.by_council[0].decisions] == [2026, 2024]  # newest year first
    assert (found.total, found.not_named, found.more) == (3, 0, False)


def test_a_council_not_shared_is_listed_by_what_for_only_and_never_found_by_council():
    hidden = decision_on(answered_question(anonymous=True), council="calderdale")
    decision_on(answered_question(anonymous=True), council="calderdale", share_council=True)
    decision_on(answered_question(), council="calderdale")

    found = grouped_council_decisions(viewer=AnonymousUser())

    assert [len(g.decisions) for g in found.by_council] == [2]
    assert hidden.pk not in {d.pk for d in found.by_council[0].decisions}
    listed = {d.pk: d for d in found.by_what_for[0].decisions}
    assert listed[hidden.pk].council_name is None and listed[hidden.pk].shown_council is None
    assert found.not_named == 1 and NOT_NAMED == "A council (not named)"
    searched = council_decisions(viewer=AnonymousUser(), council="calderdale")
    assert hidden.pk not in set(searched.values_list("pk", flat=True))


def test_the_asker_and_moderators_see_their_own_questions_council_on_the_question(
    answered_without_name, asker, moderator, advisor
):
    decision_on(answered_without_name, council="calderdale")
    for viewer, council in ((asker, "Calderdale"), (moderator, "Calderdale"), (advisor, None)):
        decision = council_decision_for(viewer=viewer, topic=answered_without_name)
        assert decision.council_name == council


def test_what_for_finds_any_case_and_part_of_the_words():
    decision_on(answered_question(), what_for="Gym membership")
    decision_on(answered_question(), what_for="Swimming lessons")
    found = council_decisions(viewer=AnonymousUser(), what_for="  GYM ")
    assert [d.what_for for d in found] == ["Gym membership"]


def test_only_answered_shown_questions_the_viewer_may_read_are_listed():
    member = PersonFactory()
    listed = decision_on(answered_question())
    members_only = decision_on(answered_question(category=CategoryFactory(members_only=True)))
    waiting = answered_question(visibility=Visibility.WAITING)
    decision_on(waiting)
    decision_on(answered_question(deleted=True))
    unanswered = answered_question()
    decision_on(unanswered)
    unanswered.accepted_answer, unanswered.is_answered = None, False
    unanswered.save()

    def ids(viewer):
        return {d.pk for d in council_decisions(viewer=viewer)}

    assert ids(AnonymousUser()) == {listed.pk}
    assert ids(member) == {listed.pk, members_only.pk}
    # Not even for its own asker: the list is what everyone else can see.
    assert ids(waiting.author) == {listed.pk, members_only.pk}


@pytest.mark.parametrize("how_many", [3, 30])
def test_the_grouped_list_is_one_query_for_3_or_30_decisions(how_many, django_assert_num_queries):
    for number in range(how_many):
        decision_on(answered_question(), council=("leeds", "york")[number % 2])
    with django_assert_num_queries(1):
        found = grouped_council_decisions(viewer=AnonymousUser())
    assert found.total == how_many


def test_only_the_newest_are_grouped_past_the_limit():
    for year in (2020, 2021, 2022):
        decision_on(answered_question(), year=year)
    found = grouped_council_decisions(viewer=AnonymousUser(), limit=2)
    assert found.more and [d.year for d in found.by_council[0].decisions] == [2022, 2021]


def test_the_demo_lists_one_council_decision_once():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    found = grouped_council_decisions(viewer=AnonymousUser())
    assert [(g.name, [d.what_for for d in g.decisions]) for g in found.by_council] == [
        ("Calderdale", ["paying a family member"])
    ]
