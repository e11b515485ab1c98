"""Drafts kept on the server while someone writes, so nothing typed is lost when a session ends.
Posting clears the draft (start_topic and post_reply call discard_draft). The pages ("Save draft",
a post that fails) and autosave (drafts.js, through the API) all keep drafts with save_draft."""

from django.utils import timezone

from community.errors import NotAllowed
from community.models import User
from community.permissions import is_signed_in
from forums.errors import ForumError
from forums.models import Category, Draft, Topic
from forums.permissions import can_reply, can_start_topic
from forums.services.validation import BODY_MAX, TITLE_MAX


def save_draft(
    *,
    person: User,
    topic: Topic | None = None,
    category: Category | None = None,
    title: str = "",
    body: str = "",
    options: dict | None = None,
) -> Draft | None:
    """A reply draft when `topic` is given, otherwise the person's one new-topic draft. Saving
    again replaces the text. Half-written text is kept as it is: no minimum length. A draft with
    neither a title nor any text is no draft: saving one throws the old one away (and gives None),
    so emptying the box leaves nothing to come back to."""
    if topic is not None:
        if not can_reply(person, topic):
            raise NotAllowed("Sign in to save a draft.")
        kind, category = Draft.Kind.REPLY, topic.category
    else:
        if category is not None and not can_start_topic(person, category):
            raise NotAllowed("Sign in to save a draft.")
        if not is_signed_in(person):
            raise NotAllowed("Sign in to save a draft.")
        kind = Draft.Kind.NEW_TOPIC
    # Kept before anything is checked (a form that fails still keeps its text), so a NUL that
    # came with pasted text is left out rather than refusing the whole draft.
    title, body = _storable(title), _storable(body)
    options = {
        key: _storable(value) if isinstance(value, str) else value
        for key, value in (options or {}).items()
    }
    if len(body) > BODY_MAX:
        raise ForumError("body_too_long", "This draft is too long to keep.", field="body")
    if not title.strip() and not body.strip():
        discard_draft(person=person, topic=topic)
        return None
    draft, _ = Draft.objects.update_or_create(
        person=person,
        kind=kind,
        topic=topic,
        defaults={
            "category": category,
            "title": title[:TITLE_MAX],
            "body": body,
            "options": options,
            "updated": timezone.now(),
        },
    )
    return draft


def _storable(text: str) -> str:
    """The text without NUL characters, which PostgreSQL cannot store."""
    return text.replace("\x00", "")


def discard_draft(*, person: User, topic: Topic | None = None) -> None:
    if not is_signed_in(person):
        return
    if topic is None:
        Draft.objects.filter(person=person, kind=Draft.Kind.NEW_TOPIC).delete()
    else:
        Draft.objects.filter(person=person, kind=Draft.Kind.REPLY, topic=topic).delete()
