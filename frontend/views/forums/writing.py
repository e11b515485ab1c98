"""Writing in the forums: a new topic (title first, then "these may help", then the rest), a
reply, editing, the history of edits, and removing a post.

Nothing typed is lost: a form that comes back with an error keeps its text and saves it as a
server-side draft; "Save draft" saves without posting; with JavaScript, drafts.js also saves it
while the person types (through the API's draft endpoints); a form sent after the session ran out
keeps its text through logging in (frontend.shared.forums.sign_in_first)."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from community.errors import CommunityError
from community.safety.visibility import Visibility
from forums import permissions, selectors
from forums.errors import TopicLocked
from forums.search import similar_topics
from forums.services.drafts import discard_draft, save_draft
from forums.services.posts import (
    delete_post,
    edit_post,
    others_replied,
    post_reply,
    quote_markdown,
)
from forums.services.topics import start_topic
from frontend.attempts import attempt
from frontend.forms.forums import EditPostForm, ReplyForm, TopicForm, TopicTitleForm
from frontend.shared.banners import tell
from frontend.shared.forums import post_or_404, sign_in_first, take_kept_text, topic_or_404
from frontend.shared.limits import status_for
from frontend.shared.safety import show_urgent_help

TOPIC_FIELDS = ("title", "category", "kind", "body", "wants_advisor", "anonymous")
KEPT_MESSAGE = (
    "You were logged out before your post was sent. Here is what you wrote: check it and post it."
)

CLOSED_WHILE_WRITING = (
    "This topic was closed to new replies, so your reply was not posted. "
    "Your words are still in the box below. You can copy them to keep them."
)

WAITING_MESSAGE = (
    "Thank you. A moderator will look at it soon. Until then, only you can see it. "
    "New members' first posts wait for a moderator, to keep everyone safe."
)


def _after_writing(request, written) -> None:
    """The services say whether the words suggest someone may be at risk: then the next page
    shows where to get urgent help."""
    if getattr(written, "urgent_help", False):
        show_urgent_help(request)


# ---- A new topic ----


@sign_in_first(keep=TOPIC_FIELDS)
def new_topic(request):
    categories = selectors.categories_for(viewer=request.user)
    if request.method != "POST":
        return _new_topic_start(request, categories)
    action = request.POST.get("action", "post")
    if action == "continue":
        return _new_topic_suggestions(request, categories)
    if action == "discard":
        discard_draft(person=request.user)
        messages.success(request, "Your draft is deleted.")
        return redirect("forums_new_topic")
    form = TopicForm(request.POST, categories=categories)
    if action == "save_draft":
        if _keep_topic_draft(request, form):
            messages.success(request, "Your draft is saved. It will be here when you come back.")
        else:
            messages.info(request, "There was nothing to save: the title and text are empty.")
        return redirect("forums_new_topic")
    if form.is_valid():
        data = form.cleaned_data
        with attempt(form) as tried:
            topic = start_topic(
                author=request.user,
                category=data["category"],
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                anonymous=data["anonymous"],
                wants_advisor=data["wants_advisor"],
            )
        if tried.succeeded:
            _after_writing(request, topic)
            if topic.visibility == Visibility.WAITING:
                tell(request, "Your topic is waiting for a moderator", details=WAITING_MESSAGE)
            else:
                messages.success(
                    request, "Your topic is posted. We will tell you when someone replies."
                )
            return redirect(topic)
    _keep_topic_draft(request, form)
    return _render_topic_form(request, form, status=status_for(form))


def _new_topic_start(request, categories):
    kept = take_kept_text(request)
    if kept is not None:
        form = TopicForm(kept, categories=categories)
        _keep_topic_draft(request, form)
        messages.info(request, KEPT_MESSAGE)
        return redirect("forums_new_topic")
    draft = selectors.draft_for(person=request.user)
    if draft is not None:
        form = TopicForm(initial=TopicForm.initial_from_draft(draft), categories=categories)
        return _render_topic_form(request, form, draft=draft)
    form = TopicTitleForm(
        initial={"category": request.GET.get("category") or None}, categories=categories
    )
    return render(request, "frontend/forums/new_topic_title.html", {"form": form})


def _new_topic_suggestions(request, categories):
    title_form = TopicTitleForm(request.POST, categories=categories)
    if not title_form.is_valid():
        return render(
            request, "frontend/forums/new_topic_title.html", {"form": title_form}, status=400
        )
    title = title_form.cleaned_data["title"]
    suggestions = similar_topics(title=title, viewer=request.user)
    form = TopicForm(
        initial={"title": title, "category": title_form.cleaned_data["category"].slug},
        categories=categories,
    )
    return _render_topic_form(request, form, suggestions=suggestions, suggested_for=title)


def _keep_topic_draft(request, form: TopicForm) -> bool:
    """Keep what the form holds as the person's draft; whether anything was kept."""
    values = form.raw_values()
    slug = values.pop("category_slug")
    category = selectors.category_for(viewer=request.user, slug=slug) if slug else None
    # The page still shows the text; a draft that cannot be kept is no reason to fail.
    with contextlib.suppress(CommunityError):
        return save_draft(person=request.user, category=category, **values) is not None
    return False


def _render_topic_form(request, form, *, status=200, draft=None, suggestions=None, **extra):
    context = {"form": form, "draft": draft, "suggestions": suggestions, **extra}
    return render(request, "frontend/forums/new_topic.html", context, status=status)


# ---- A reply ----


@sign_in_first(keep=("body",))
def reply(request, topic_id):
    topic = topic_or_404(request, topic_id)
    if permissions.is_closed_to(request.user, topic):
        if request.method == "POST" and request.POST.get("body", "").strip():
            return _closed_while_writing(request, topic, ReplyForm(request.POST))
        messages.info(request, "This topic is closed to new replies.")
        return redirect(topic)
    if not permissions.can_reply(request.user, topic):
        raise PermissionDenied("You cannot reply here.")
    if request.method != "POST":
        return _reply_start(request, topic)
    form = ReplyForm(request.POST)
    action = request.POST.get("action", "post")
    if action == "save_draft":
        if _keep_reply_draft(request, topic, form):
            messages.success(
                request, "Your draft reply is saved. It will be here when you come back."
            )
        else:
            messages.info(request, "There was nothing to save: your reply is empty.")
        return redirect(f"{topic.get_absolute_url()}?page={_last_page(topic)}#reply")
    if form.is_valid():
        try:
            with attempt(form) as tried:
                post = post_reply(author=request.user, topic=topic, body=form.cleaned_data["body"])
        except PermissionDenied as refused:
            # Closed by a moderator in the moment between the check above and the service's.
            if isinstance(refused.__cause__, TopicLocked):
                return _closed_while_writing(request, topic, ReplyForm(request.POST))
            raise
        if tried.succeeded:
            _after_writing(request, post)
            waiting = post.visibility == Visibility.WAITING
            tell(
                request,
                "Your reply is waiting for a moderator" if waiting else "Your reply is posted",
                details=WAITING_MESSAGE if waiting else "",
                link_text="Go to your reply",
                link_url=post.get_absolute_url(),
            )
            return _to_the_page_of(post)
    _keep_reply_draft(request, topic, form)
    return _render_reply(request, topic, form, status=status_for(form))


def _closed_while_writing(request, topic, form: ReplyForm):
    """A moderator closed the topic while this person was writing: the page comes back with
    their words in the box, never thrown away, and says why it was not posted."""
    form.is_valid()  # fills form.errors, so the error summary can hold the reason
    form.add_error(None, CLOSED_WHILE_WRITING)
    return _render_reply(request, topic, form, status=403)


def _reply_start(request, topic):
    kept = take_kept_text(request)
    if kept is not None:
        _keep_reply_draft(request, topic, ReplyForm(kept))
        messages.info(request, KEPT_MESSAGE)
        return redirect(request.path)
    draft = selectors.draft_for(person=request.user, topic=topic)
    body = draft.body if draft else ""
    quoted = _quoted_post(request, topic)
    if quoted is not None:
        body = (
            f"{body.rstrip()}\n\n{quote_markdown(quoted)}\n\n"
            if body
            else (f"{quote_markdown(quoted)}\n\n")
        )
    return _render_reply(request, topic, ReplyForm(initial={"body": body}), draft=draft)


def _quoted_post(request, topic):
    """The post named by ?quote=, if this person may quote it in this topic; else none."""
    try:
        post_id = int(request.GET["quote"])
    except (KeyError, ValueError):
        return None
    post = selectors.post_for(viewer=request.user, post_id=post_id)
    if post is None or not permissions.can_quote(request.user, post, topic):
        return None
    return post


def _keep_reply_draft(request, topic, form: ReplyForm) -> bool:
    with contextlib.suppress(CommunityError):  # as for a new topic: no reason to fail
        return save_draft(person=request.user, topic=topic, body=form.raw_body()) is not None
    return False


def _last_page(topic) -> int:
    return selectors.page_of_post(topic.last_post_number)


def _to_the_page_of(post):
    """The page of the topic that holds the post, from its top: the banner there says what
    happened and links on to the post (an address with #post-N would open below the banner)."""
    return redirect(post.get_absolute_url().partition("#")[0])


def _render_reply(request, topic, form, *, status=200, draft=None):
    context = {
        "topic": topic,
        "form": form,
        "draft": draft,
        "members_only": topic.category.members_only,
    }
    return render(request, "frontend/forums/reply.html", context, status=status)


# ---- Editing, history, removing ----


@login_required
def edit(request, post_id):
    post = post_or_404(request, post_id)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied("Only the author or a moderator can change this post.")
    with_title = post.number == 1
    if request.method != "POST":
        initial = {"body": post.body, "title": post.topic.title}
        form = EditPostForm(initial=initial, with_title=with_title)
        return _render_edit(request, post, form)
    form = EditPostForm(request.POST, with_title=with_title)
    if form.is_valid():
        with attempt(form) as tried:
            edit_post(
                editor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title") if with_title else None,
            )
        if tried.succeeded:
            _after_writing(request, post)
            waiting = post.visibility == Visibility.WAITING
            tell(
                request,
                "Your changes are saved",
                details=WAITING_MESSAGE if waiting else "",
                link_text="Go to your post",
                link_url=post.get_absolute_url(),
            )
            return _to_the_page_of(post)
    return _render_edit(request, post, form, status=400)


def _render_edit(request, post, form, status=200):
    context = {"post": post, "topic": post.topic, "form": form}
    return render(request, "frontend/forums/edit.html", context, status=status)


@login_required
def history(request, post_id):
    post = post_or_404(request, post_id)
    with attempt(request=request) as tried:
        revisions = list(selectors.post_history(viewer=request.user, post=post))
    if not tried.succeeded:
        return redirect(post)
    context = {"post": post, "topic": post.topic, "revisions": revisions}
    return render(request, "frontend/forums/history.html", context)


@login_required
def remove(request, post_id):
    post = post_or_404(request, post_id)
    if not permissions.can_delete_post(request.user, post):
        # Already removed, or not theirs: either way there is nothing to confirm.
        if post.is_removed:
            raise Http404("This post was already removed.")
        raise PermissionDenied("Only the author or a moderator can remove this post.")
    if request.method != "POST":
        # The opening post takes the topic with it unless others replied (delete_post's rule).
        context = {"post": post, "topic": post.topic}
        if post.number == 1:
            context["others_replied"] = others_replied(post)
        return render(request, "frontend/forums/remove.html", context)
    with attempt(request=request) as tried:
        delete_post(deleted_by=request.user, post=post)
    if tried.succeeded and post.topic.deleted:
        messages.success(request, "The topic is removed. Nobody else had replied to it.")
        return redirect(post.topic.category)
    if tried.succeeded:
        messages.success(request, "The post is removed. It now says “This post was removed”.")
    return redirect(post)
