"""Other apps add to the demo community: each may have a `demo` module that registers a seeder.

`seed_demo` runs the community's own seeder first, then every registered one in app order. Each
seeder must be idempotent, like the command.
"""

from collections.abc import Callable

_SEEDERS: list[tuple[str, Callable[[], str]]] = []


def register_demo(name: str):
    """Decorator: `@register_demo("forums")` on a function that seeds and returns a summary."""

    def add(seeder: Callable[[], str]) -> Callable[[], str]:
        if name not in [existing for existing, _ in _SEEDERS]:
            _SEEDERS.append((name, seeder))
        return seeder

    return add


def registered_seeders() -> list[tuple[str, Callable[[], str]]]:
    return list(_SEEDERS)
