"""The forum fixtures (categories, people in each role) shared with the domain tests."""

from tests.forums.conftest import (  # noqa: F401
    advisor,
    asker,
    category,
    moderator,
    private_category,
    replier,
)
