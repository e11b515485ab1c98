"""Settings for bench/events.py: the real settings, with the calendar feeds and a minimal view
routed (bench/urls_events.py), quiet logging except for errors, and static files outside the
project."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_events"
STATIC_ROOT = "/tmp/alongside-bench-events-static"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"errors": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"level": "WARNING", "handlers": ["errors"]},
}
