"""Urgent-help signposting: risk words are matched as whole words, the writer is shown help, and
moderators and the organisation's staff hear at once, in-app and by e-mail."""

import pytest
from django.core import mail

from community.models import Notification
from community.safety.models import Case
from community.safety.signposting import mentions_risk, note_writing, urgent_help
from tests.factories import OrganisationFactory, PersonFactory, staff_of


@pytest.mark.parametrize(
    "text",
    [
        "I am thinking about ending it all",
        "THINKING ABOUT ENDING IT ALL",
        "I self-harm sometimes",
        "I self harm sometimes",
        "I can’t go on like this",
        "I can't go on like this",
        "suicidal.",
    ],
)
def test_risk_words_are_found_in_any_case_and_spelling(text):
    assert mentions_risk(text)


@pytest.mark.parametrize(
    "text",
    ["", "The suicidepreventer charity", "My PA is selfharming? no: unrelated", "overdosed"],
)
def test_parts_of_longer_words_do_not_count(text):
    assert not mentions_risk(text)


def test_the_words_come_from_settings(settings):
    settings.SAFETY_RISK_PHRASES = ["feeling hopeless"]
    assert mentions_risk("I am Feeling   hopeless today")
    assert not mentions_risk("thinking about ending it all")


def test_urgent_help_lists_the_uk_numbers():
    contacts = urgent_help()
    text = " ".join(" ".join(contact.values()) for contact in contacts)
    for needed in ("999", "111", "press 2", "116 123", "SHOUT", "85258"):
        assert needed in text
    assert all(set(contact) == {"name", "how", "when"} for contact in contacts)


@pytest.mark.django_db
def test_urgent_help_adds_the_organisations_own_contact():
    organisation = OrganisationFactory(website="https://example.org")
    contacts = urgent_help(organisation)
    assert contacts[-1]["name"] == organisation.name
    assert "https://example.org" in contacts[-1]["how"]
    assert len(contacts) == len(urgent_help()) + 1


@pytest.mark.django_db
def test_ordinary_writing_changes_nothing():
    assert not note_writing(kind="post", object_id=1, author=PersonFactory(), text="Hello all")
    assert not Case.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_risk_words_make_the_case_urgent_and_tell_moderators_and_staff_at_once():
    organisation = OrganisationFactory()
    moderator = PersonFactory(is_moderator=True)
    staff = staff_of(organisation)
    other_staff = staff_of(OrganisationFactory())
    writer = PersonFactory()
    shown = note_writing(
        kind="post",
        object_id=5,
        author=writer,
        text="I keep thinking about ending it all",
        organisation_id=organisation.pk,
    )
    assert shown
    case = Case.objects.get(kind="post", object_id=5)
    assert case.urgent and case.urgent_words
    told = set(
        Notification.objects.filter(kind="safety.urgent").values_list("recipient", flat=True)
    )
    assert told == {moderator.pk, staff.pk}
    assert other_staff.pk not in told
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [moderator.email, staff.email]
    )
    assert "999" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_writing_more_risk_words_does_not_tell_people_twice():
    PersonFactory(is_moderator=True)
    writer = PersonFactory()
    note_writing(kind="post", object_id=5, author=writer, text="suicidal")
    note_writing(kind="post", object_id=5, author=writer, text="still suicidal")
    assert Notification.objects.filter(kind="safety.urgent").count() == 1
    assert len(mail.outbox) == 1
