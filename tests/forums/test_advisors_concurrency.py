"""On PostgreSQL, with real concurrent transactions: of advisors pressing "I'm answering this"
at the same moment, one is answering and the others are told who."""

import threading

import pytest
from django.db import connection, connections

from forums.errors import ForumError
from forums.models import AnswerClaim, Topic
from forums.services.advisors import claim_question
from tests.factories import OrganisationFactory, advisor_of
from tests.forums.factories import CategoryFactory, TopicFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_of_advisors_claiming_at_once_one_is_answering_and_the_rest_are_told():
    topic = TopicFactory(category=CategoryFactory(), wants_advisor=True)
    organisation = OrganisationFactory()
    advisors = [advisor_of(organisation) for _ in range(8)]
    outcomes: list[str] = []
    start = threading.Barrier(len(advisors))

    def run(advisor) -> None:
        try:
            start.wait()
            claim_question(advisor=advisor, topic=Topic.objects.get(pk=topic.pk))
            outcomes.append("ok")
        except ForumError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(advisor,)) for advisor in advisors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] + ["someone_is_answering"] * 7
    assert AnswerClaim.objects.filter(topic=topic, ended_at__isnull=True).count() == 1
