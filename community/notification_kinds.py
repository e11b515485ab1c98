"""The kinds of notification, registered by each app that sends them.

Community registers its own here; forums, events and chat register theirs from their AppConfig's
`ready()`. Each kind says in plain English when it is sent and how it is delivered unless the
person chooses otherwise.
"""

from dataclasses import dataclass


class Delivery:
    IN_APP = "in_app"
    EMAIL = "email"
    DIGEST = "digest"

    CHOICES = [
        (IN_APP, "Only on this site"),
        (EMAIL, "On this site and by e-mail soon after"),
        (DIGEST, "On this site and in one e-mail a day"),
    ]
    VALUES = [value for value, _ in CHOICES]


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: str
    default_delivery: str = Delivery.IN_APP


_KINDS: dict[str, NotificationKind] = {}


def register(code: str, label: str, default_delivery: str = Delivery.IN_APP) -> NotificationKind:
    if default_delivery not in Delivery.VALUES:
        raise ValueError(f"Unknown delivery {default_delivery!r} for {code}")
    kind = NotificationKind(code, label, default_delivery)
    _KINDS[code] = kind
    return kind


def all_kinds() -> list[NotificationKind]:
    return list(_KINDS.values())


def get_kind(code: str) -> NotificationKind:
    return _KINDS[code]


# Things about a person's own standing are e-mailed unless they say otherwise.
ROLE_GRANTED = register(
    "community.role_granted", "When an organisation gives you a role", Delivery.EMAIL
)
ROLE_REVOKED = register(
    "community.role_revoked", "When an organisation ends one of your roles", Delivery.EMAIL
)
