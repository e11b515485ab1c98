"""What can be reported and moderated: each content app registers its kinds here when it starts
(`AppConfig.ready`), so safety imports none of them and the queue, the report form and the
moderation actions reach every kind through the same few functions.

A kind's functions take ids, not objects, and `describe` loads many at once: the queue shows fifty
cases in a fixed number of queries whatever kinds they are.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from community.models import User


@dataclass(frozen=True)
class Described:
    """One reported thing as the queue, the report form and the audit log show it."""

    kind: str
    id: int
    label: str  # "Reply in “Paying my PA”", "Profile of Sam", "Event: Budget drop-in"
    excerpt: str  # plain text, at most 300 characters: what was written
    url: str  # where it is on the site (the queue links to it)
    author_id: int | None  # who wrote or owns it (None: an account since deleted)
    organisation_id: int | None  # whose staff may moderate it (None: moderators only)
    visibility: str  # community.safety.visibility.Visibility value
    removed: bool = False


@dataclass(frozen=True)
class ReportableKind:
    name: str  # stable, in URLs and the API: "post", "topic", "chat_message", "profile", ...
    title: str  # in words, after "Report": "post", "topic", "chat message", "profile"
    # {id: Described} for the ids that exist; missing ids are simply absent. A fixed number of
    # queries however many ids.
    describe: Callable[[list[int]], dict[int, Described]]
    # Whether this person may see (and so report) the thing with this id.
    can_see: Callable[[User, int], bool]
    # Set the thing's visibility (a Visibility value). `actor` is None when the site does it on
    # its own (an automatic hold). Going from WAITING to SHOWN is an approval: the app then does
    # what publishing would have done (notify watchers, broadcast to the room).
    set_visibility: Callable[[int, str, User | None], None]
    # Remove it for good (as its app's own "remove" does), by a moderator.
    remove: Callable[[int, User], None]
    # Remove everything `person` wrote of this kind; answers how many things were removed.
    remove_all_by: Callable[[User, User], int]
    # Kind-specific actions beyond hide/restore/remove: {"lock": fn(id, actor, **options)}.
    actions: dict[str, Callable[..., None]] = field(default_factory=dict)
    # The (about_type, about_id) pairs whose notifications must go when this thing stops being
    # shown (held, hidden, declined, removed): about_type is the model's _meta.label_lower. A
    # topic answers itself and all its posts, so "X replied in <title>" goes with it.
    notification_about: Callable[[int], list[tuple[str, int]]] | None = None


_registered: dict[str, ReportableKind] = {}


def register_reportable(kind: ReportableKind) -> None:
    # Registering the same name again replaces it: ready() may run twice under test reloads.
    _registered[kind.name] = kind


def reportable_kind(name: str) -> ReportableKind | None:
    return _registered.get(name)


def reportable_kinds() -> list[ReportableKind]:
    return sorted(_registered.values(), key=lambda kind: kind.name)


def describe_many(pairs: list[tuple[str, int]]) -> dict[tuple[str, int], Described]:
    """Describe things of several kinds: one `describe` call per kind present."""
    by_kind: dict[str, list[int]] = {}
    for name, object_id in pairs:
        by_kind.setdefault(name, []).append(object_id)
    described: dict[tuple[str, int], Described] = {}
    for name, ids in by_kind.items():
        kind = reportable_kind(name)
        if kind is None:
            continue
        for object_id, item in kind.describe(ids).items():
            described[(name, object_id)] = item
    return described
