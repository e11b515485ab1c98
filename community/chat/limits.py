"""How much one person may send: a length limit and a rate limit, shared by every door.

The rate limit is community.rate_limits' "message" allowance, counted the same at the socket,
the API and the pages.
"""

from community import rate_limits
from community.chat.errors import ChatError
from community.chat.models import BODY_MAX
from community.errors import HIDDEN_CHARACTER
from community.rate_limits import RateLimited

MESSAGE = "message"


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


def check_rate(person_id: int) -> None:
    """Count this message (or edit) against the person's allowance: RATE_LIMITS["message"]."""
    [refused] = check_rates([person_id])
    if refused is not None:
        raise refused


def check_rates(person_ids: list[int]) -> list[RateLimited | None]:
    """Count one message for each entry (a person may appear more than once); each gets the
    error that refuses it, or None. Messages stored together are counted in one round trip."""
    return rate_limits.check_rates(MESSAGE, person_ids)
