"""Nothing typed is lost when a session runs out. A form sent while signed out keeps its text in
the (new, anonymous) session and goes to the log-in page; logging in keeps the session's data,
and the form, opened again, turns the kept text into the person's server-side draft."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login

SESSION_KEY = "forums_unsent_text"
# Enough for any post the forms accept; a session is no place for more.
FIELD_LIMIT = 20000


def sign_in_first(*, keep: tuple[str, ...]):
    """Like login_required, but a POST from someone signed out keeps the named fields."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if request.method == "POST" and any(request.POST.get(name) for name in keep):
                request.session[SESSION_KEY] = {
                    "path": request.path,
                    "fields": {name: request.POST.get(name, "")[:FIELD_LIMIT] for name in keep},
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
