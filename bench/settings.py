"""Settings for bench/forums.py: the real settings plus one bench-only URL (a minimal view to
compare against), quiet logging, and collected static files outside the project."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = "/tmp/alongside-bench-static"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
