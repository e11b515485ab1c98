"""Who should not hear from whom. Apps above the base (safety's blocks) register filters here, so
the base can drop recipients without importing them.

A filter is `fn(sender_id, recipient_ids) -> set of ids` who must not hear from that sender. It is
asked once per batch, never once per recipient, so telling a thousand people costs one query per
filter."""

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

RecipientFilter = Callable[[int, list[int]], set[int]]

_filters: list[RecipientFilter] = []


class HasPk(Protocol):
    """Anything with a primary key: a User, in practice."""

    @property
    def pk(self) -> int: ...


Person = TypeVar("Person", bound=HasPk)


def register_recipient_filter(fn: RecipientFilter) -> RecipientFilter:
    """Add a filter (usable as a decorator). Registering the same function twice adds it once,
    because apps' `ready` may run again in tests."""
    if fn not in _filters:
        _filters.append(fn)
    return fn


def registered_filters() -> list[RecipientFilter]:
    return list(_filters)


def muted_recipient_ids(sender_id: int, recipient_ids: Iterable[int]) -> set[int]:
    """The ids among `recipient_ids` that must not hear from `sender_id`."""
    ids = list(dict.fromkeys(recipient_ids))
    if not ids:
        return set()
    muted: set[int] = set()
    for fn in _filters:
        muted |= fn(sender_id, ids)
    return muted


def filtered_recipients(sender_id: int | None, recipients: list[Person]) -> list[Person]:
    """`recipients` (people, with `.pk`) minus those who must not hear from the sender. No
    sender (the site itself is telling them): everyone."""
    if sender_id is None or not recipients:
        return list(recipients)
    muted = muted_recipient_ids(sender_id, [person.pk for person in recipients])
    return [person for person in recipients if person.pk not in muted]
