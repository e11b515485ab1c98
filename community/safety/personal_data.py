"""What each app holds about a person, so "Download my data" and "Delete my account" cover it all.

Each app registers its own kinds of personal data when it starts (`AppConfig.ready`), with a
function that exports them and one that erases them: safety imports none of the content apps, and
a new app cannot be forgotten by export or erasure without also being absent here, which the
tests check against the models that point at the account.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from community.models import User

Row = dict[str, Any]


def when(moment) -> str | None:
    """A date or time as the export writes it (ISO 8601), or None when there is none."""
    return moment.isoformat() if moment else None


@dataclass(frozen=True)
class Erasure:
    """One account being erased. `remove_posts`: the person chose to have what they wrote
    removed rather than kept under "A former member"."""

    person: User
    remove_posts: bool


@dataclass(frozen=True)
class PersonalData:
    name: str  # stable, used as the file name in the export: "bookings"
    title: str  # what the export's page calls it: "Bookings and access needs"
    export: Callable[[User], list[Row]]
    erase: Callable[[Erasure], None]
    # Models (app_label.ModelName) whose rows about a person this entry covers. The tests check
    # that every model with a link to the account is covered by some entry.
    models: tuple[str, ...] = ()
    order: int = 100


_registered: dict[str, PersonalData] = {}


def register_personal_data(entry: PersonalData) -> None:
    # Registering the same name again replaces it: ready() may run twice under test reloads.
    _registered[entry.name] = entry


def registered_personal_data() -> list[PersonalData]:
    return sorted(_registered.values(), key=lambda entry: (entry.order, entry.name))
