"""Settings for bench/chat.py: the real settings with logging quiet except for errors (the chat
server logs nothing per message then), as bench/settings_events.py does.

One repair, listed in BENCH_OVERRIDES so the bench prints it: redis-py 8 gives every connection a
5 s read timeout by default, and channels_redis waits on a channel with a 5 s BZPOPMIN, so every
`layer.receive()` on a quiet channel raises redis TimeoutError after 5 s (community.live's
listener logs "Could not receive from the channel layer" and starts again; before that catch it
stopped for good). Where config/settings.py gives the channel layer's Redis no `socket_timeout`,
the bench gives it one longer than that wait.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import CHANNEL_LAYERS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"errors": {"class": "logging.StreamHandler", "level": "ERROR"}},
    "root": {"level": "WARNING", "handlers": ["errors"]},
}

BENCH_OVERRIDES = []
_config = CHANNEL_LAYERS["default"].get("CONFIG", {})
_hosts = [
    host if isinstance(host, dict) else {"address": host} for host in _config.get("hosts", [])
]
if any("socket_timeout" not in host for host in _hosts):
    _config["hosts"] = [{"socket_timeout": 15, **host} for host in _hosts]
    BENCH_OVERRIDES.append("channel layer Redis socket_timeout=15 (redis-py 8 default: 5 s)")

# BENCH_PUBSUB=1: the same servers on channels-redis's pub/sub layer (one PUBLISH per message,
# pushed to each process's subscription) instead of the list-based layer. An experiment, printed
# as an override: pub/sub keeps nothing for a process whose subscription drops, so moving to it
# needs the sockets of that process told to replay first.
if os.environ.get("BENCH_PUBSUB"):
    CHANNEL_LAYERS["default"] = {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": _config["hosts"][0]["address"]}], "prefix": "benchps"},
    }
    BENCH_OVERRIDES.append("pub/sub layer (experiment)")
