"""Everything under a topic page's heading, drawn once for everyone who sees it the same way and
kept for a minute (forums.freshness.COPY_SECONDS): drawing it (the page's posts, its forms and
notes) was most of a signed-in reader's wait, though most readers of a topic see the same
thing (bench/forums.py).

The key is made before anything is read: the topic's freshness tokens (forums.freshness: any
change to the topic, its posts, their authors' names or badges gives a new one at once), the
address, which page and its "new since you last looked" mark, the time zone and language, the
templates, and every value that differs between readers: what they may do (reply, choose the
answer, say the council's decision, claim the question), their watch, their unsent reply, the
posts they wrote and the ones they said helped them. A reader with anything of their own on the
page (a post, a "This helped", a draft, their own question, their claim) gets a copy of their
own; the others share one. Moderators, who see held and hidden posts, always get theirs drawn.
Form tokens are stand-ins in the kept copy and this request's are put in (post_fragments)."""

from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation

from community.permissions import Person, is_moderator, is_signed_in
from forums import permissions
from forums.freshness import COPY_SECONDS, copy_key
from forums.models import Draft, Topic
from forums.selectors.posts import PagePlace, topic_page
from frontend.shared.post_fragments import (
    DRAWN_WITH,
    TOKEN_STAND_IN,
    TopicButtons,
    draw_posts,
    templates_digest,
    with_form_token,
)

TEMPLATE = "frontend/forums/includes/topic_content.html"
_DRAWN_WITH = (
    TEMPLATE,
    *DRAWN_WITH,
    "frontend/forums/includes/answering.html",
    "frontend/forums/includes/council_decision.html",
    "frontend/forums/includes/reply_form.html",
    "frontend/forums/includes/watch_form.html",
    "frontend/forums/includes/visibility_note.html",
    "frontend/includes/fields.html",
    "frontend/includes/error_summary.html",
)

# (the body with stand-in tokens, the number of the last post on the page or None)
Drawn = tuple[str, int | None]


def topic_content(
    request,
    *,
    viewer: Person | None,
    topic: Topic,
    place: PagePlace,
    buttons: TopicButtons,
    draft: Draft | None,
    context: dict,
) -> Drawn:
    """The page body for this viewer with their form token, from the kept copy when there is
    one, and the number of the last post on the page. `context`: what the view decided (the
    buttons, the answering note's names, the watch and reply form)."""
    key = _key(request, viewer, topic, place, buttons, context, draft)
    kept = cache.get(key) if key else None
    if kept is None:
        kept = _draw(request, viewer, topic, place, buttons, context)
        if key:
            cache.set(key, kept, COPY_SECONDS)
    html, last_number = kept
    return with_form_token(html, request), last_number


def _draw(request, viewer, topic, place, buttons, context) -> Drawn:
    page = topic_page(viewer=viewer, topic=topic, page=place.number)
    draw_posts(page.posts, viewer=viewer, topic=topic, buttons=buttons)
    # No context processors: the body reads only what the view gives it, and the stand-in token.
    drawn = {**context, "page": page, "request": request, "user": viewer}
    html = render_to_string(TEMPLATE, {**drawn, "csrf_token": TOKEN_STAND_IN})
    return html, page.posts[-1].number if page.posts else None


def _key(request, viewer, topic, place, buttons, context, draft) -> str | None:
    if not is_signed_in(viewer) or is_moderator(viewer):
        # Visitors' whole pages are kept already (visitor_pages); moderators' are their own.
        return None
    own = sorted(topic.own_post_numbers or ())
    helped = sorted(topic.helped_post_ids or ())
    claimed = context["can_withdraw_claim"]
    personal = own or helped or draft or topic.author_id == viewer.pk or claimed
    what: tuple[Any, ...] = (
        "member-topic",
        request.get_full_path(),
        (place.number, place.page_count, place.first_unread),
        (timezone.get_current_timezone_name(), translation.get_language()),
        templates_digest(_DRAWN_WITH).hex(),
        (buttons.can_reply, buttons.can_accept, buttons.can_moderate),
        permissions.can_see_anonymous_author(viewer),
        topic.watch_level,
        # Who claimed it is the topic's (its token); what this reader may do about it is theirs.
        (context["can_claim"], context["can_withdraw_claim"], context["could_claim"]),
        _council_rights(viewer, topic),
        (draft.body, draft.updated.isoformat()) if draft else None,
        own,
        helped,
        viewer.pk if personal else None,
    )
    return copy_key(topic.pk, repr(what))


def _council_rights(viewer, topic) -> tuple[bool, bool]:
    if not topic.is_answered:
        return (False, False)
    return (
        permissions.can_tell_council_decision(viewer, topic),
        permissions.can_record_council_decision(viewer, topic),
    )
