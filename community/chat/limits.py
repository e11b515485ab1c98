"""How much one person may send: a length limit and a rate limit, shared by every door.

The rate limit counts in the cache, which is Redis when there are several server processes (so
the limit holds across them) and local memory in the embedded single-process setup.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from community.chat.errors import ChatError
from community.chat.models import BODY_MAX
from community.errors import HIDDEN_CHARACTER


def check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ChatError("empty", "Write a message first.", field="body")
    if "\x00" in body:  # a WebSocket frame reaches here with no form or serializer before it
        raise ChatError("hidden_character", HIDDEN_CHARACTER, field="body")
    if len(body) > BODY_MAX:
        raise ChatError(
            "too_long",
            f"Messages can be up to {BODY_MAX:,} characters. This one has {len(body):,}.",
            field="body",
        )
    return body


def rate() -> tuple[int, int]:
    """(messages, seconds) from CHAT_RATE_LIMIT, e.g. "10/10"."""
    messages, seconds = settings.CHAT_RATE_LIMIT.split("/")
    return int(messages), int(seconds)


def check_rate(person_id: int) -> None:
    """Count this message against the person's allowance for the current window."""
    [error] = check_rates([person_id])
    if error is not None:
        raise error


def check_rates(person_ids: list[int]) -> list[ChatError | None]:
    """Count one message for each entry (a person may appear more than once); each gets the
    error that refuses it, or None. Messages stored together are counted in one round trip."""
    allowed, seconds = rate()
    counts = _count([f"chat:rate:{person_id}" for person_id in person_ids], seconds)
    return [None if sent <= allowed else _too_fast(allowed, seconds) for sent in counts]


def _too_fast(allowed: int, seconds: int) -> ChatError:
    return ChatError(
        "too_fast",
        f"You are sending messages very quickly. Wait a few seconds, then send it again: "
        f"up to {allowed} messages every {seconds} seconds.",
        field="body",
    )


def _count(keys: list[str], seconds: int) -> list[int]:
    """Add one to each key's count in a window of `seconds` that starts with its first count."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        # One pipeline: start the window if there is none (SET NX with its expiry), then count.
        # Django's own incr() asks whether the key exists first: two round trips per message.
        client = backend._cache.get_client(write=True)
        pipeline = client.pipeline(transaction=False)
        for key in keys:
            stored_key = backend.make_and_validate_key(key)
            pipeline.set(stored_key, 0, ex=seconds, nx=True)
            pipeline.incr(stored_key)
        return pipeline.execute()[1::2]
    return [_count_one(backend, key, seconds) for key in keys]


def _count_one(backend, key: str, seconds: int) -> int:
    backend.add(key, 0, timeout=seconds)
    try:
        return backend.incr(key)
    except ValueError:  # the window ended between the two: this message starts the next one
        backend.add(key, 1, timeout=seconds)
        return 1
