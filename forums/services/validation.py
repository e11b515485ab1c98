"""The checks on what people type, shared by new topics, replies, edits and drafts."""

from forums.errors import ForumError
from forums.models.posts import BODY_MAX

TITLE_MIN, TITLE_MAX = 8, 150


def clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise ForumError(
            "title_too_short",
            f"Write a title of at least {TITLE_MIN} characters, so people know what it is about.",
            field="title",
        )
    if len(title) > TITLE_MAX:
        raise ForumError(
            "title_too_long", f"Keep the title to {TITLE_MAX} characters or fewer.", field="title"
        )
    return title


def clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ForumError("body_empty", "Write something before you post.", field="body")
    if len(body) > BODY_MAX:
        raise ForumError(
            "body_too_long",
            f"Posts can be up to {BODY_MAX:,} characters. Split it into two posts.",
            field="body",
        )
    return body
