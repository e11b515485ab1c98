"""Messages people hear after they do something: the GOV.UK notification banner.

A banner has a short headline that says what happened ("Booked: Carers' drop-in on Tuesday
8 December"), which is its heading and the start of the page's title, then the details, and
sometimes a link on ("Go to your reply"). Django's message storage (a cookie or the session) keeps
only text, so `tell` writes the parts as lines of one message and `banner_for` reads them back.
A message written the ordinary way (allauth's, or `messages.success`) is one line: its first
sentence becomes the headline (as written, full stop and all; the title leaves the full stop
out) and the rest the details."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpRequest

LINE_BREAK = "\n"

# The end of a sentence: a full stop (or ! ?) after two small letters or digits, or after a
# closing quote, then a capital. "St. John's" and "Dr. Khan" are not split; an e-mail address
# ("jo.smith@example.org") has no space after its dots.
SENTENCE_END = re.compile(r"(?:(?<=[a-z\d]{2}[.!?])|(?<=[”’)\"][.!?]))\s+(?=[A-Z“‘\"(])")


@dataclass(frozen=True)
class Banner:
    headline: str
    details: str = ""
    link_text: str = ""
    link_url: str = ""
    level: str = "success"  # the message's level_tag: success, info, warning or error

    @property
    def title(self) -> str:
        """How the page's <title> starts: what happened, or for an error, "Error: " first, as
        the pages with an error summary do."""
        said = _without_full_stop(self.headline)
        return f"Error: {said}" if self.level == "error" else said


def tell(
    request: HttpRequest,
    headline: str,
    *,
    details: str = "",
    link_text: str = "",
    link_url: str = "",
    level: int = messages.SUCCESS,
) -> None:
    """Queue a banner for the next page. `headline` is short and says what happened, without a
    full stop; `details` are whole sentences."""
    parts = [headline, details, link_text, link_url if link_text else ""]
    # A line break inside a part (an event's title, say) would split it: make it a space.
    parts = [" ".join(part.split()) for part in parts]
    while parts and not parts[-1]:
        parts.pop()
    messages.add_message(request, level, LINE_BREAK.join(parts))


def banner_for(message: Message) -> Banner:
    text = str(message.message).strip()
    level = message.level_tag or "info"
    if LINE_BREAK in text:
        headline, details, link_text, link_url = [*text.split(LINE_BREAK, 3), "", "", ""][:4]
        return Banner(headline, details, link_text, link_url, level)
    first, *rest = SENTENCE_END.split(text, maxsplit=1)
    return Banner(first, rest[0] if rest else "", level=level)


def banners(stored) -> list[Banner]:
    """The banners for the messages waiting for this page (reading them marks them shown)."""
    return [banner_for(message) for message in stored]


def _without_full_stop(text: str) -> str:
    text = text.strip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text
