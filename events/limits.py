"""Limits that every door (pages, API, import) shares, checked in the services."""

from events.errors import EventError

# The most places one date can offer, and the most sessions a series may be told to run.
MAX_PLACES = 1000
MAX_SESSIONS = 200
# The most companions or carers one booking may bring.
MAX_COMPANIONS = 3


def check_places(capacity: int | None, *, field: str = "capacity") -> None:
    if capacity is not None and not 1 <= capacity <= MAX_PLACES:
        raise EventError(
            "bad_capacity", f"Choose between 1 and {MAX_PLACES:,} places.", field=field
        )


def check_sessions(count: int | None) -> None:
    if count is not None and not 1 <= count <= MAX_SESSIONS:
        raise EventError(
            "bad_count", f"Choose between 1 and {MAX_SESSIONS} sessions.", field="count"
        )
