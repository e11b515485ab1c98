"""Each post of a topic page, drawn once for everyone who sees it the same way and kept in the
cache: drawing twenty posts on every view was most of the page's time (bench/forums.py).

The key is a digest of every value the post's template shows, for this viewer (`shown_values`):
its text, name, badges, date and visibility, whether it is the answer, how many people it helped,
and which buttons the viewer gets. So an edit, a removal, a change of visibility, a new or lost
badge, a new name, a chosen answer or one more "This helped" is drawn afresh, with nothing to
clear and no moment where a stale copy shows; and people who see a post the same way (every
visitor, most members) share one copy. The one value that differs on every view, the form token,
is a stand-in here, swapped for the viewer's own once the whole page body is drawn
(frontend.shared.topic_copies, `with_form_token`)."""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from community.permissions import Person, is_signed_in
from forums import permissions
from forums.models import Post, Topic
from frontend.shared.addresses import address_maker

TEMPLATE = "frontend/forums/includes/post.html"
# Drawn with the post: a change to any of them must change every key.
DRAWN_WITH = (
    TEMPLATE,
    "frontend/includes/badges.html",
    "frontend/forums/includes/visibility_note.html",
)
# A copy nobody asks for again (the post changed, or nobody looked for an hour) just ages out.
KEPT_SECONDS = 60 * 60
# Drawn into the kept copy where each form's token goes, and swapped for this viewer's. User text
# cannot hold it: the content pipeline keeps no <input> and everything else is escaped.
TOKEN_STAND_IN = "form-token-stand-in"  # noqa: S105 -- a placeholder, not a secret
_TOKEN_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'  # noqa: S105


@dataclass(frozen=True)
class TopicButtons:
    """What the viewer may do on the whole topic, decided once by the view."""

    can_reply: bool
    can_accept: bool
    can_moderate: bool


def draw_posts(
    posts: Iterable[Post], *, viewer: Person | None, topic: Topic, buttons: TopicButtons
) -> None:
    """Set `html` on each post (presented by forums.selectors.present_posts): from the cache in
    one round trip, drawing and keeping only the ones missing. Each form's token is a stand-in
    (`with_form_token` puts in the viewer's)."""
    posts = list(posts)
    addresses = PostAddresses.of(topic)
    values = [
        shown_values(post, viewer=viewer, topic=topic, buttons=buttons, addresses=addresses)
        for post in posts
    ]
    # Dates are drawn in the time zone and language of the moment: part of every key.
    drawn_in = (timezone.get_current_timezone_name(), translation.get_language())
    templates = _templates_digest()
    keys = [_key(shown, drawn_in, templates) for shown in values]
    kept = cache.get_many(keys)
    drawn: dict[str, str] = {}
    for post, shown, key in zip(posts, values, keys, strict=True):
        html = kept.get(key) or drawn.get(key)
        if html is None:
            context = {"shown": shown, "csrf_token": TOKEN_STAND_IN}
            html = drawn[key] = render_to_string(TEMPLATE, context)
        # The template engine's own output, escaped, from this view or an earlier one.
        post.html = mark_safe(html)  # noqa: S308
    if drawn:
        cache.set_many(drawn, KEPT_SECONDS)


def with_form_token(html: str, request) -> str:
    """`html` drawn with the stand-in token, with this viewer's form token in its place."""
    stand_in = format_html(_TOKEN_FIELD, TOKEN_STAND_IN)
    if stand_in not in html:
        return html
    # Asked for only where a form shows, as the {% csrf_token %} tag does.
    return html.replace(stand_in, format_html(_TOKEN_FIELD, get_token(request)))


def shown_values(
    post: Post,
    *,
    viewer: Person | None,
    topic: Topic,
    buttons: TopicButtons,
    addresses: "PostAddresses",
) -> dict:
    """Everything the post's template shows, for this viewer: its key is made of these alone.
    Which buttons show is decided here, by the forum's permissions; the services check again
    when one is pressed. An address is set only where its button shows."""
    opening = post.number == 1
    removed = post.is_removed
    shown_author = post.shown_author
    signed_in = is_signed_in(viewer)
    return {
        "post_id": post.pk,
        "number": post.number,
        "anchor": f"post-{post.number}",
        # The question heads the page (h2); replies sit in the "Replies" section (h3).
        "heading_level": 2 if opening else 3,
        "topic_kind": topic.kind,
        "is_answer": post.is_answer and not removed,
        "is_removed": removed,
        "author_url": addresses.person(shown_author.pk) if shown_author else "",
        "author_name": post.author_name,
        "asked_it": post.is_asker and not opening,
        # Only moderators learn who wrote a topic without their name, and only its writer is
        # reminded it is theirs.
        "posted_without_name": shown_author is not None
        and topic.anonymous
        and post.is_asker
        and permissions.can_see_anonymous_author(viewer),
        "you_without_name": shown_author is None
        and post.author_id is not None
        and signed_in
        and post.author_id == viewer.pk,
        "badges": [{"role": badge.role, "badge": badge.badge} for badge in post.badges],
        "created": post.created,
        "is_edited": post.is_edited and not removed,
        "history_link": permissions.can_see_post_history(viewer, post),
        "visibility": post.visibility,
        "body_html": post.body_html,
        "helped_count": post.helped_count,
        "helped_by_viewer": post.helped_by_viewer,
        **_buttons(post, viewer=viewer, buttons=buttons, addresses=addresses),
    }


def _buttons(
    post: Post, *, viewer: Person | None, buttons: TopicButtons, addresses: "PostAddresses"
) -> dict:
    opening = post.number == 1
    reported = is_signed_in(viewer) and post.author_id != viewer.pk
    helped = permissions.can_mark_helped(viewer, post)
    edit = permissions.can_edit_post(viewer, post)
    delete = permissions.can_delete_post(viewer, post)
    return {
        "link_url": addresses.link(post.pk),
        "helped_url": addresses.helped(post.pk) if helped else "",
        "answer_url": addresses.answer(post.pk) if buttons.can_accept and not opening else "",
        "quote_url": f"{addresses.quote}{post.pk}#id_body" if buttons.can_reply else "",
        "edit_url": addresses.edit(post.pk) if edit else "",
        "delete_url": addresses.delete(post.pk) if delete else "",
        # The opening post stands for its topic: a report or a moderator's action covers both.
        "report_url": (addresses.report_topic if opening else addresses.report(post.pk))
        if reported
        else "",
        "moderate_url": (addresses.moderate_topic if opening else addresses.moderate(post.pk))
        if buttons.can_moderate
        else "",
    }


@dataclass(frozen=True)
class PostAddresses:
    """Where a topic's post links and buttons go, one `reverse` per kind, not one per post."""

    person: Callable[[int], str]
    link: Callable[[int], str]
    helped: Callable[[int], str]
    answer: Callable[[int], str]
    edit: Callable[[int], str]
    delete: Callable[[int], str]
    report: Callable[[int], str]
    moderate: Callable[[int], str]
    quote: str
    report_topic: str
    moderate_topic: str

    @classmethod
    def of(cls, topic: Topic) -> "PostAddresses":
        return cls(
            person=address_maker("person"),
            link=address_maker("forums_post"),
            helped=address_maker("forums_post_helped"),
            answer=address_maker("forums_post_answer"),
            edit=address_maker("forums_post_edit"),
            delete=address_maker("forums_post_delete"),
            report=address_maker("report_concern", "post"),
            moderate=address_maker("moderation_thing", "post"),
            quote=f"{address_maker('forums_reply')(topic.pk)}?quote=",
            report_topic=address_maker("report_concern", "topic")(topic.pk),
            moderate_topic=address_maker("moderation_thing", "topic")(topic.pk),
        )


def _key(shown: dict, drawn_in: tuple, templates: bytes) -> str:
    values = repr((shown, drawn_in)).encode()
    digest = hashlib.blake2b(values, digest_size=20, key=templates)
    return f"forums:post:{shown['post_id']}:{digest.hexdigest()}"


def _templates_digest() -> bytes:
    return templates_digest(DRAWN_WITH)


def templates_digest(names: Iterable[str]) -> bytes:
    """A new version of the templates draws every post afresh, even from a cache that outlived
    the last deploy (or, in development, the last edit: the template loader reloads them)."""
    sources = "".join(get_template(name).template.source for name in names)
    return hashlib.blake2b(sources.encode(), digest_size=16).digest()
