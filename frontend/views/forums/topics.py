"""Reading a topic, permalinks to posts, and the small actions on it: "This helped", choosing the
answer, watching and muting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from community.permissions import is_moderator, is_signed_in
from forums import permissions, selectors
from forums.selectors.topic_pages import topic_to_read
from forums.services.answers import accept_answer, clear_answer
from forums.services.reactions import mark_helped, unmark_helped
from forums.services.reading import mark_topic_read
from forums.services.watching import (
    unwatch_category,
    unwatch_topic,
    watch_category,
    watch_topic,
)
from frontend.attempts import attempt
from frontend.forms.forums import ReplyForm
from frontend.shared.answering import answering_for
from frontend.shared.forums import category_or_404, post_or_404, topic_or_404
from frontend.shared.post_fragments import TopicButtons
from frontend.shared.topic_copies import topic_content
from frontend.shared.visitor_pages import topic_page_for_visitors


def _page_number(request) -> int | None:
    try:
        return int(request.GET["page"])
    except (KeyError, ValueError):
        return None


def topic_detail(request, topic_id, slug=""):
    return topic_page_for_visitors(request, topic_id, lambda: _topic_page(request, topic_id, slug))


def _topic_page(request, topic_id, slug):
    viewer = _unwrapped(request.user)
    topic = topic_to_read(viewer=viewer, topic_id=topic_id)
    if topic is None:
        raise Http404("No such topic.")
    asked_page = _page_number(request)
    if slug != topic.slug:
        url = topic.get_absolute_url()
        return redirect(f"{url}?page={asked_page}" if asked_page else url, permanent=True)
    place = selectors.page_place(viewer=viewer, topic=topic, page=asked_page)
    if asked_page is None and place.first_unread:
        # Open where they stopped reading: the anchor needs the URL (and post_url's page number,
        # even 1, means the next request does not come back here).
        return redirect(topic.post_url(place.first_unread))
    buttons = TopicButtons(
        can_reply=permissions.can_reply(viewer, topic),
        can_accept=permissions.can_accept_answer(viewer, topic),
        # Forum topics belong to no organisation: their moderation is for moderators.
        can_moderate=is_moderator(viewer),
    )
    signed_in = is_signed_in(viewer)
    draft = selectors.draft_for(person=viewer, topic=topic) if buttons.can_reply else None
    context = {
        "topic": topic,
        "members_only": topic.category.members_only,
        "can_reply": buttons.can_reply,
        "can_accept": buttons.can_accept,
        "can_see_anonymous_author": permissions.can_see_anonymous_author(viewer),
        "can_moderate": buttons.can_moderate,
        **answering_for(viewer, topic),
    }
    if signed_in:
        context["watch_level"] = topic.watch_level
        context["reply_form"] = ReplyForm(initial={"body": draft.body if draft else ""})
        context["reply_draft"] = draft

    content, last_number = topic_content(
        request,
        viewer=viewer,
        topic=topic,
        place=place,
        buttons=buttons,
        draft=draft,
        context=context,
    )
    context.update(topic_content=mark_safe(content), page_number=place.number)  # noqa: S308
    response = render(request, "frontend/forums/topic.html", context)
    # Nothing newly read, nothing to write (the read mark never moves back anyway).
    if signed_in and last_number and (topic.last_read_number or 0) < last_number:
        mark_topic_read(person=viewer, topic=topic, up_to=last_number)
    return response


def _unwrapped(user):
    """The person behind request.user's lazy wrapper: the page asks about them a few hundred
    times (a check per button per post), and through the wrapper each question cost more than
    the check itself."""
    user.is_authenticated  # noqa: B018 -- loads the person, once, if not yet loaded
    wrapped = getattr(user, "_wrapped", None)
    return user if wrapped is None else wrapped


def topic_short(request, topic_id):
    return redirect(topic_or_404(request, topic_id).get_absolute_url(), permanent=True)


def post_permalink(request, post_id):
    return redirect(post_or_404(request, post_id))


@login_required
@require_POST
def post_helped(request, post_id):
    post = post_or_404(request, post_id)
    with attempt(request=request):
        if request.POST.get("helped") == "no":
            unmark_helped(person=request.user, post=post)
        else:
            mark_helped(person=request.user, post=post)
    return redirect(post)


@login_required
@require_POST
def post_answer(request, post_id):
    post = post_or_404(request, post_id)
    clearing = request.POST.get("answer") == "no"
    with attempt(request=request) as tried:
        if clearing:
            clear_answer(person=request.user, topic=post.topic)
        else:
            accept_answer(person=request.user, post=post)
    if tried.succeeded and clearing:
        messages.success(request, "This reply is no longer marked as the answer.")
    elif tried.succeeded:
        messages.success(request, "Marked as the answer. It now shows under the question.")
    return redirect(post.topic.post_url(1))


# What each choice means, in the words the pages use (forums.services.notifying decides it).
TOPIC_WATCH_SAID = {
    "watching": "You are watching this topic. We will tell you about new replies.",
    "muted": "You have muted this topic. We will not tell you about it, even if you watch "
    "{category}.",
    "": "You no longer watch or mute this topic. We will tell you about new replies only if you "
    "watch {category}.",
}
CATEGORY_WATCH_SAID = {
    "watching": "You are watching {category}. We will tell you about every new topic in it and "
    "every reply in its topics.",
    "muted": "You have muted {category}. We will not tell you about its topics, unless you watch "
    "one of them yourself.",
    "": "You no longer watch or mute {category}.",
}


def _back(request, fallback: str):
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect(fallback)


def _level(request) -> str:
    level = request.POST.get("level", "")
    if level not in TOPIC_WATCH_SAID:
        raise Http404("Unknown choice.")
    return level


@login_required
@require_POST
def topic_watch(request, topic_id):
    topic = topic_or_404(request, topic_id)
    level = _level(request)
    with attempt(request=request) as tried:
        if level:
            watch_topic(person=request.user, topic=topic, level=level)
        else:
            unwatch_topic(person=request.user, topic=topic)
    if tried.succeeded:
        messages.success(request, TOPIC_WATCH_SAID[level].format(category=topic.category.name))
    return _back(request, topic.get_absolute_url())


@login_required
@require_POST
def category_watch(request, slug):
    category = category_or_404(request, slug)
    level = _level(request)
    with attempt(request=request) as tried:
        if level:
            watch_category(person=request.user, category=category, level=level)
        else:
            unwatch_category(person=request.user, category=category)
    if tried.succeeded:
        messages.success(request, CATEGORY_WATCH_SAID[level].format(category=category.name))
    return _back(request, category.get_absolute_url())
