"""Event addresses: a slug never takes the address of a fixed page under /events/."""

import pytest
from django.urls import URLPattern

from events.errors import EventError
from events.services.events import RESERVED_SLUGS, create_event
from frontend.routes import events as event_routes
from tests.factories import staff_of

pytestmark = pytest.mark.django_db


def fixed_first_words(patterns) -> set[str]:
    """The first word of every page address under /events/ that is not a placeholder."""
    words = set()
    for pattern in patterns:
        assert isinstance(pattern, URLPattern), "an include() here needs its own check"
        first = str(pattern.pattern).split("/", 1)[0]
        if first and "<" not in first:
            words.add(first)
    return words


def test_every_fixed_page_under_events_has_its_first_word_reserved():
    fixed = fixed_first_words(event_routes.urlpatterns)
    assert {"calendar", "manage", "my-bookings"} <= fixed  # the reading itself works
    assert fixed - RESERVED_SLUGS == set()


def test_an_event_called_calendar_gets_another_address(organisation):
    creator = staff_of(organisation)
    event = create_event(creator=creator, organisation=organisation, title="Calendar")

    assert event.slug != "calendar"
    assert event.slug.startswith("calendar")


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_a_reserved_address_asked_for_outright_is_refused(organisation, slug):
    with pytest.raises(EventError) as refused:
        create_event(
            creator=staff_of(organisation), organisation=organisation, title="Mine", slug=slug
        )

    assert refused.value.code == "slug_reserved" and refused.value.field == "slug"
