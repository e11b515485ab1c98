"""Shared fixtures. Tests use the real database named by settings (SQLite by default, PostgreSQL
when DATABASE_URL is set) and the channel layer named by settings (Redis when REDIS_URL is set)."""

import os

import pytest
from channels.layers import channel_layers
from django.core.cache import cache

from community.chat.selectors import forget_author_badges
from community.chat.tasks import forget_queued_pushes
from tests.factories import OrganisationFactory, PersonFactory

# Fixtures that tests of several layers (domain, API, pages) share.
pytest_plugins = ["tests.events.fixtures", "tests.forums.fixtures", "tests.chat.fixtures"]


def pytest_collection_modifyitems(config, items):
    """Integration tests need the real services; without them they are skipped, visibly."""
    have_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    have_redis = bool(os.environ.get("REDIS_URL"))
    for item in items:
        if "integration" in item.keywords and not (have_postgres and have_redis):
            item.add_marker(
                pytest.mark.skip(reason="set DATABASE_URL (PostgreSQL) and REDIS_URL to run")
            )


@pytest.fixture(autouse=True)
def _fresh_cache_and_immediate_tasks(settings):
    # Rate limits live in the cache; one test's failed logins must not lock out the next.
    cache.clear()
    # Chat keeps authors' badges in memory for a minute; ids come round again between tests.
    forget_author_badges()
    forget_queued_pushes()
    # Tasks run at once in tests unless a test asks for the real database queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Slow password hashing only costs test time; a fast hasher exercises the same code paths.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test gets its own channel layer. A server process has one event loop for its life;
    tests have one each, and a layer's connections, queues and locks stay bound to the loop
    that made them (one held by a task a closed loop never finished refuses every later loop).
    """
    yield
    channel_layers.backends.clear()


@pytest.fixture
def rate_limits(settings):
    """Change some actions' allowances for one test: `rate_limits(reply="3/60")`. A new dict,
    so that the settings fixture puts the old one back afterwards."""

    def change(**allowances: str) -> None:
        settings.RATE_LIMITS = {**settings.RATE_LIMITS, **allowances}

    return change


@pytest.fixture
def person(db):
    return PersonFactory()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()
