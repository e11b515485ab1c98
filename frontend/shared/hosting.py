"""What the header needs to link a person's event tools: "Sessions I host" for anyone who hosts
a date, and the events dashboard of each organisation they are staff of. Kept in the cache
beside "My help" and "Moderation" (see frontend.shared.support and frontend.shared.safety):
worked out at log-in, dropped when their roles change or they are made (or stop being) a host."""

from dataclasses import dataclass

from django.core.cache import cache

from community.models import User
from community.services.memberships import roles_cache_key
from events.selectors import event_tools_rows

# The row event_tools_rows gives for "hosts a date": no organisation has an empty slug.
HOSTS = ("", "")


@dataclass(frozen=True)
class EventTools:
    hosts: bool
    # (slug, name) of every organisation whose events they manage, by name.
    dashboards: tuple[tuple[str, str], ...]


def event_tools(person: User) -> EventTools:
    """No query while the cache has the answer; one when it does not."""
    kept = cache.get(_key(person))
    if kept is None:
        kept = _remember(person)
    return kept


def on_login(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in (frontend.apps): log-in pays the queries, not the next page."""
    _remember(user)


def _key(person: User) -> str:
    return f"{roles_cache_key(person.pk)}:events"


def _remember(person: User) -> EventTools:
    rows = set(event_tools_rows(person))
    dashboards = sorted(rows - {HOSTS}, key=lambda row: (row[1].casefold(), row[0]))
    tools = EventTools(hosts=HOSTS in rows, dashboards=tuple(dashboards))
    # Kept until granting or revoking a role, or a change of who hosts, drops it.
    cache.set(_key(person), tools, timeout=None)
    return tools
