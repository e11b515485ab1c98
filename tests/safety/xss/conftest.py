"""Fixtures for the XSS corpus runs: no rate limits (each vector is its own post or message)."""

import pytest


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "1000000/60")
    settings.CHAT_RATE_LIMIT = "1000000/60"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"writes": "1000000/min", "token": "1000000/min"},
    }
