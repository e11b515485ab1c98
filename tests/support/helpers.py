"""Helpers for the support tests: a trained person with a directory listing."""

from community.models import User
from community.support.models import Listing
from tests.factories import advisor_of, theme


def helper(
    organisation,
    *,
    specialisms=(),
    languages=(),
    areas=(),
    ways=(),
    availability="",
    listed=True,
    paused=False,
    **person_fields,
) -> User:
    """A trained advisor of `organisation` with a listing saying what they show."""
    person = advisor_of(organisation, **person_fields)
    listing = Listing.objects.create(
        person=person,
        listed=listed,
        paused=paused,
        languages=list(languages),
        areas=list(areas),
        ways_to_talk=list(ways),
        availability=availability,
    )
    listing.specialisms.set([theme(slug) for slug in specialisms])
    return person
