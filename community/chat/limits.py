"""How much one person may send: a length limit and a rate limit, shared by every door.

The rate limit counts in the cache, which is Redis when there are several server processes (so
the limit holds across them) and local memory in the embedded single-process setup.
"""

from django.conf import settings
from django.core.cache import cache

from community.chat.errors import ChatError
from community.chat.models import BODY_MAX


def check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ChatError("empty", "Write a message first.", field="body")
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
    allowed, seconds = rate()
    key = f"chat:rate:{person_id}"
    try:
        sent = cache.incr(key)  # one round trip while a window is open: the usual case
    except ValueError:  # no window yet (or it just ended): this message starts one
        if cache.add(key, 1, timeout=seconds):
            return
        sent = cache.incr(key)
    if sent > allowed:
        raise ChatError(
            "too_fast",
            f"You are sending messages very quickly. Wait a few seconds, then send it again: "
            f"up to {allowed} messages every {seconds} seconds.",
            field="body",
        )
