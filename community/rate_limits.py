"""How often one person may do each thing: one definition (settings.RATE_LIMITS) for every door.

Each action ("topic", "reply", "message", ...) has an allowance, "count/seconds". Every door (the
pages, the API, the chat socket) counts against the same allowance, because the services count:
three replies posted on a page and two through the API are five replies. A person is counted by
their account when signed in, otherwise by their address (community.client_address).

Why not django-ratelimit or DRF's throttles: both count requests at one door, keyed on an
HttpRequest, and the chat socket has no HttpRequest. One counter that the services call keeps the
number the same wherever the thing is done. (DRF's WriteRateThrottle stays as a general backstop
on every API write.)

The count lives in the cache: Redis when there are several server processes (so the limit holds
across them), local memory in the embedded single-process setup. A window starts with its first
count and lasts the action's seconds.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from community.errors import CommunityError

TOO_FAST = "too_fast"

# The start of the refusal, and what the allowance lets you do, in each action's words.
_WORDS = {
    "topic": ("You are starting topics very quickly.", "start up to {count} topics"),
    "reply": ("You are replying very quickly.", "post up to {count} replies"),
    "message": ("You are sending messages very quickly.", "send up to {count} messages"),
    "request": (
        "You have asked for help many times in a short time.",
        "send up to {count} requests",
    ),
    "report": ("You are reporting things very quickly.", "report up to {count} things"),
    "booking": ("You are booking places very quickly.", "book up to {count} places"),
    "sign_up": (
        "Many accounts have been made from this internet connection.",
        "make up to {count} accounts",
    ),
    "log_in": ("There have been many tries to log in from here.", "try up to {count} times"),
    "account_lookup": (
        "You are looking up many e-mail addresses.",
        "look up to {count} addresses",
    ),
}
_ANY_ACTION = "You are doing this very quickly."


class RateLimited(CommunityError):
    """A rule said "not so fast". `retry_after`: seconds until the allowance starts again."""

    def __init__(self, action: str, *, retry_after: int):
        count, seconds = allowance(action)
        start, allowed = _WORDS.get(action, (_ANY_ACTION, "do this up to {count} times"))
        message = (
            f"{start} Please wait {in_words(retry_after)}, then try again. "
            f"You can {allowed.format(count=count)} {every(seconds)}."
        )
        super().__init__(TOO_FAST, message)
        self.action = action
        self.retry_after = retry_after


def allowance(action: str) -> tuple[int, int]:
    """(count, seconds) for the action, read at each call so a changed setting applies."""
    count, seconds = settings.RATE_LIMITS[action].split("/")
    return int(count), int(seconds)


def check_rate(action: str, *, person=None, address: str | None = None) -> None:
    """Count one `action` for the person (when signed in) or else the address; raise RateLimited
    when that is more than the allowance."""
    if person is not None and person.is_authenticated:
        who = f"person:{person.pk}"
    elif address is not None:
        who = f"address:{address}"
    else:
        raise ValueError("check_rate needs a signed-in person or an address to count.")
    [refused] = _check(action, [who])
    if refused is not None:
        raise refused


def check_rates(action: str, person_ids: list[int]) -> list[RateLimited | None]:
    """Count one `action` for each id (one person may appear more than once): each gets the
    error that refuses it, or None. All of them are counted in one round trip to the cache."""
    return _check(action, [f"person:{person_id}" for person_id in person_ids])


def _check(action: str, whos: list[str]) -> list[RateLimited | None]:
    if not whos:
        return []
    count, seconds = allowance(action)
    counted = _count([f"rate:{action}:{who}" for who in whos], count, seconds)
    return [
        None if sent <= count else RateLimited(action, retry_after=left) for sent, left in counted
    ]


def _count(keys: list[str], allowed: int, seconds: int) -> list[tuple[int, int]]:
    """Add one to each key's count in a window of `seconds` that starts with its first count.
    Each key gets (its count, seconds left in its window, or a whole window when not refused)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One pipeline: start the window if there is none (SET NX with its expiry), count, and
        # read what is left of it. Django's own incr() asks whether the key exists first.
        client = backend._cache.get_client(write=True)
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            stored_key = backend.make_and_validate_key(key)
            pipeline.set(stored_key, 0, ex=seconds, nx=True)
            pipeline.incr(stored_key)
            pipeline.ttl(stored_key)
        answers = pipeline.execute()
        return [
            (answers[index + 1], _wait(answers[index + 2], seconds))
            for index in range(0, len(answers), 3)
        ]
    return [_count_one(backend, key, allowed, seconds) for key in keys]


def _count_one(backend, key: str, allowed: int, seconds: int) -> tuple[int, int]:
    """The same for any other cache. The window's end is kept beside the count, and only a
    refusal reads it, to say how long to wait."""
    ends_key = f"{key}:ends"
    if backend.add(key, 0, timeout=seconds):
        backend.set(ends_key, time.time() + seconds, timeout=seconds)
    try:
        sent = backend.incr(key)
    except ValueError:  # the window ended between the two: this one starts the next
        backend.set(key, 1, timeout=seconds)
        backend.set(ends_key, time.time() + seconds, timeout=seconds)
        sent = 1
    if sent <= allowed:
        return sent, seconds
    ends = backend.get(ends_key)
    return sent, _wait(seconds if ends is None else math.ceil(ends - time.time()), seconds)


def _wait(left: int, seconds: int) -> int:
    """At least a second, at most a window. Redis says -1 or -2 for a key with no expiry or
    none at all: then a whole window."""
    if left < 0:
        return max(1, seconds)
    return max(1, min(left, seconds))


def in_words(seconds: int) -> str:
    """How long to wait, rounded up: "45 seconds", "3 minutes", "2 hours"."""
    if seconds < 60:
        return _amount(seconds, "second")
    if seconds < 3600:
        return _amount(math.ceil(seconds / 60), "minute")
    return _amount(math.ceil(seconds / 3600), "hour")


def every(seconds: int) -> str:
    """The window in words: "every 10 seconds", "every minute", "every 2 hours"."""
    if seconds % 3600 == 0:
        number, unit = seconds // 3600, "hour"
    elif seconds % 60 == 0:
        number, unit = seconds // 60, "minute"
    else:
        number, unit = seconds, "second"
    return f"every {unit}" if number == 1 else f"every {number} {unit}s"


def _amount(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"
