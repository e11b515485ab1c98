"""The API is true to its schema: schemathesis generates requests for every operation in
/api/schema/ (valid ones and deliberately invalid ones), sends them to the real app in-process,
and every answer must be a documented status with a documented body, never a server error.

It runs on the demo community, signed out, as a member with bookings and forum posts, and as one
of an organisation's staff. About half the generated cases get their path parameters swapped for
the ids and slugs of seeded rows, so that requests reach real bookings, dates and posts rather
than only 404s. Deterministic (derandomized Hypothesis, no example database) and bounded: a fixed
number of examples per operation and person.
"""

import dataclasses

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Q
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup

from community.chat.models import Message, Room
from community.models import Membership, User
from community.support.models import Plan, PlanComment, PlanningSession, SupportRequest
from events.models import Booking, Event, WaitingListEntry
from tests.api.schema_checks import CHECKS, load_schema, served_in_test_transaction

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 6  # x 89 operations x 3 people: about 1,600 requests
MINIMUM_REQUESTS = 1000


@dataclasses.dataclass
class Identity:
    name: str
    person: User | None

    def headers(self) -> dict[str, str]:
        if self.person is None:
            return {}
        # A generated DELETE /auth/token/ gives the token up: it is back for the next request.
        token, _ = Token.objects.get_or_create(
            user=self.person, defaults={"key": f"{self.name:0<40}"}
        )
        return {"Authorization": f"Token {token.key}"}


@dataclasses.dataclass
class Run:
    requests: int = 0
    statuses: dict[int, int] = dataclasses.field(default_factory=dict)
    failures: list[str] = dataclasses.field(default_factory=list)

    def count(self, status: int) -> None:
        self.requests += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1


@pytest.fixture
def demo(settings):
    # Throttles have their own tests; here every write after the limit would only see a 429.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "100000/min", "token": "100000/min"},
    }
    cache.clear()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with served_in_test_transaction():
        yield


def _member() -> User:
    """A member with a confirmed booking and a forum reply of their own."""
    return (
        User.objects.filter(
            Q(event_bookings__status=Booking.Status.CONFIRMED), Q(forum_posts__number__gt=1)
        )
        .order_by("pk")
        .first()
    )


def _booking(member: User) -> Booking:
    return member.event_bookings.filter(status=Booking.Status.CONFIRMED).order_by("pk").first()


def _staff(member: User) -> User:
    """Staff of the organisation running the member's booked event: they can manage its dates,
    see its register, and give or take roles."""
    organisation = _booking(member).occurrence.event.organisation
    roles = Membership.objects.filter(organisation=organisation, role=Membership.Role.STAFF)
    return roles.order_by("pk").first().person


def _real_rows(member: User, staff: User) -> dict[str, object]:
    """Path parameter values of seeded rows, by the path segment just before the parameter."""
    booking = _booking(member)
    post = member.forum_posts.filter(number__gt=1).order_by("pk").first()
    event = booking.occurrence.event
    drop_in = Event.objects.filter(kind=Event.Kind.DROP_IN).order_by("pk").first()
    return {
        "people": member.pk,
        "organisations": event.organisation.slug,
        "memberships": Membership.objects.filter(person=staff).order_by("pk").first().pk,
        "events": event.slug,
        "occurrences": booking.occurrence_id,
        "register": booking.pk,
        "bookings": booking.pk,
        "waiting-list": WaitingListEntry.objects.order_by("pk").first().pk,
        "drop-ins": drop_in.occurrences.order_by("start").first().pk,
        "categories": post.topic.category.slug,
        "topics": post.topic_id,
        "posts": post.pk,
        "rooms": Room.objects.filter(kind=Room.Kind.COMMUNITY).order_by("pk").first().pk,
        "messages": Message.objects.order_by("pk").first().pk,
        "conversations": Room.objects.order_by("-pk").first().pk,
        "blocks": staff.pk,
        # The demo's support requests and plan: most belong to others, so these reach the
        # "not found" answers as well as the real ones.
        "support-requests": SupportRequest.objects.order_by("pk").first().pk,
        "plans": Plan.objects.order_by("pk").first().pk,
        "sections": "about_me",
        "comments": PlanComment.objects.order_by("pk").first().pk,
        "sessions": PlanningSession.objects.order_by("pk").first().pk,
        "shares": member.pk,
    }


def _use_real_rows(case, rows: dict[str, object]) -> None:
    segments = case.operation.path.strip("/").split("/")
    for before, segment in zip(segments, segments[1:], strict=False):
        name = segment.strip("{}")
        if segment.startswith("{") and name in (case.path_parameters or {}) and before in rows:
            case.path_parameters[name] = rows[before]


def _fuzz(operation, identity: Identity, rows: dict[str, object], run: Run) -> None:
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @given(case=cases, real_rows=st.booleans())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send(case, real_rows):
        if real_rows:
            _use_real_rows(case, rows)
        headers = identity.headers()
        response = case.call(headers=headers)
        run.count(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            # Collected, not raised: one run reports every operation that breaks its schema.
            run.failures += [
                f"{identity.name} {operation.label} -> {response.status_code}: "
                f"{failure.title}: {str(failure.message)[:300]}\n    {case.as_curl_command()}"
                for failure in group.exceptions
            ]

    send()


def test_every_operation_answers_as_its_schema_says_signed_out_and_signed_in(demo):
    schema = load_schema()
    operations = [result.ok() for result in schema.get_all_operations()]
    member = _member()
    staff = _staff(member)
    rows = _real_rows(member, staff)
    run = Run()

    people = [Identity("anonymous", None), Identity("member", member), Identity("staff", staff)]
    for identity in people:
        for operation in operations:
            _fuzz(operation, identity, rows, run)

    print(
        f"\n{run.requests} requests, {len(operations)} operations: {sorted(run.statuses.items())}"
    )
    assert len(operations) >= 89
    assert run.requests >= MINIMUM_REQUESTS
    assert 200 in run.statuses and 201 in run.statuses, "only errors: the seeded rows went unused"
    assert 500 not in run.statuses
    assert not run.failures, "\n".join(dict.fromkeys(run.failures))
