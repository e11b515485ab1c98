"""What the forum pages share: finding the topic or post an address names (hidden ones are not
found), presenting a page of topics, and keeping text typed by someone whose session ran out."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page
from django.http import Http404

from community.permissions import is_signed_in
from forums import selectors
from forums.models.posts import BODY_MAX

# ---- Finding what an address names ----


def topic_or_404(request, topic_id):
    topic = selectors.topic_for(viewer=request.user, topic_id=topic_id)
    if topic is None:
        raise Http404("No such topic.")
    return topic


def post_or_404(request, post_id):
    post = selectors.post_for(viewer=request.user, post_id=post_id)
    if post is None:
        raise Http404("No such post.")
    return post


def category_or_404(request, slug):
    category = selectors.category_for(viewer=request.user, slug=slug)
    if category is None:
        raise Http404("No such category.")
    return category


# ---- Lists of topics ----
# Every list needs, before it is shown, the names this viewer may see, and a link straight to the
# first post they have not read.


def present_page(page: Page, *, viewer) -> Page:
    page.object_list = present_topics(page.object_list, viewer=viewer)
    return page


def present_topics(topics, *, viewer) -> list:
    presented = selectors.present_topics(topics, viewer=viewer)
    for topic in presented:
        topic.open_url = _open_url(topic, viewer=viewer)
    return presented


def _open_url(topic, *, viewer) -> str:
    """Someone with unread replies lands on the first of them; everyone else at the top."""
    first_unread = selectors.first_unread_post_number(viewer=viewer, topic=topic)
    return topic.post_url(first_unread) if first_unread else topic.get_absolute_url()


# ---- Nothing typed is lost when a session runs out ----
# A form sent while signed out keeps its text in the (new, anonymous) session and goes to the
# log-in page; logging in keeps the session's data, and the form, opened again, turns the kept
# text into the person's server-side draft.

SESSION_KEY = "forums_unsent_text"


def sign_in_first(*, keep: tuple[str, ...]):
    """Like login_required, but a POST from someone signed out keeps the named fields."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if is_signed_in(request.user):
                return view(request, *args, **kwargs)
            if request.method == "POST" and any(request.POST.get(name) for name in keep):
                request.session[SESSION_KEY] = {
                    "path": request.path,
                    # No field the forms accept is longer than a post; a session is no place
                    # for more.
                    "fields": {name: request.POST.get(name, "")[:BODY_MAX] for name in keep},
                }
                messages.info(
                    request,
                    "You were logged out, so your post was not sent. We have kept what you "
                    "wrote: log in and it will be waiting for you.",
                )
            return redirect_to_login(request.path)

        return wrapped

    return decorate


def take_kept_text(request) -> dict[str, str] | None:
    """The fields kept for this address while signed out, once: they are removed as read."""
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[SESSION_KEY]
    return kept.get("fields") or {}
