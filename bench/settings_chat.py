"""Settings for bench/chat.py: the real settings with logging quiet except for errors (the chat
server logs nothing per message then), as bench/settings_events.py does.

BENCH_OVERRIDES lists any repair made to the real settings, and the bench prints it; there is
none today.
"""

from config.settings import *  # noqa: F403

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"errors": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"level": "WARNING", "handlers": ["errors"]},
}

BENCH_OVERRIDES: list[str] = []
