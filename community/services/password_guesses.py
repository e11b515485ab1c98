"""Password guesses: limited per client address and per account, with one count shared by every
door that takes a password (the log-in page, re-authenticating, changing a password, API tokens).

allauth keeps the count (`login_failed` in ACCOUNT_RATE_LIMITS) for its log-in page; the other
doors make the same adapter call, so a guess costs the same wherever it is made. A right password
gives its guess back, but while the limit holds it is refused like a wrong one: otherwise the
refusal itself would tell a guesser which password was right.
"""

from __future__ import annotations

import math

from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import get_rates
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest

from community.errors import CommunityError
from community.models import User


class TooManyPasswordGuesses(CommunityError):
    """`retry_after` (seconds) is long enough for every window of the limit to have passed."""

    def __init__(self) -> None:
        self.retry_after = _longest_window()
        super().__init__(
            "too_many_password_guesses",
            f"Too many tries. Wait {_in_words(self.retry_after)} and try again.",
            field="password",
        )


def account_key(email: str) -> str:
    """What guesses typed with this e-mail address count against: its account, whichever of the
    account's addresses is typed and however it is capitalised. An address without an account
    counts on its own, so a refusal says nothing about whether the account exists."""
    email = email.strip().lower()
    person_id = (
        User.objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"person:{person_id}" if person_id is not None else f"email:{email}"


def sign_in_with_password(request: HttpRequest, *, email: str, password: str) -> User | None:
    """The account this e-mail address and password open, or None. Each call is one guess.
    Raises TooManyPasswordGuesses while the limit holds, even for the right password."""
    try:
        person = get_adapter(request).authenticate(
            request, email=email.strip().lower(), password=password
        )
    except ValidationError as error:
        if error.code == "too_many_login_attempts":
            raise TooManyPasswordGuesses() from error
        raise
    return person if isinstance(person, User) else None


def confirm_password(request: HttpRequest, *, person: User, password: str) -> bool:
    """Whether this is the person's own password (before changing it, or before something that
    cannot be undone). Counted against their account like a guess on the log-in page."""
    return sign_in_with_password(request, email=person.email, password=password) == person


def _longest_window() -> int:
    rates = get_rates(app="allauth.account", action="login_failed")
    return math.ceil(max((rate.duration for rate in rates), default=60))


def _in_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
