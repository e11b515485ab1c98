"""The one way a page meets a service's "no".

A `NotAllowed` becomes the 403 page. Any other `CommunityError` is shown to the person: next to
the form field the service named (or at the top of the form), or, for a page without a form, as a
message at the top of the page they are sent back to; or it is kept on the attempt for the
template to show. Nothing the person typed is lost: the form keeps its data.

    with attempt(form) as tried:
        topic = start_topic(author=request.user, ...)
    if tried.succeeded:
        return redirect(topic)
    return render(..., status=400)
"""

from __future__ import annotations

from types import TracebackType

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from community.errors import CommunityError, NotAllowed
from frontend.forms.errors import add_community_error


class Attempt:
    def __init__(
        self,
        *,
        form: forms.Form | None = None,
        request: HttpRequest | None = None,
        field_names: dict[str, str] | None = None,
    ) -> None:
        self.form = form
        self.request = request
        self.field_names = field_names
        self.error: CommunityError | None = None

    @property
    def succeeded(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        return self.error.message if self.error is not None else ""

    def __enter__(self) -> Attempt:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(error, NotAllowed):
            raise PermissionDenied(error.message) from error
        if not isinstance(error, CommunityError):
            return False  # success, or a real bug: let it through
        self.error = error
        if self.form is not None:
            add_community_error(self.form, error, self.field_names)
        elif self.request is not None:
            messages.error(self.request, error.message)
        return True


def attempt(
    form: forms.Form | None = None,
    *,
    request: HttpRequest | None = None,
    field_names: dict[str, str] | None = None,
) -> Attempt:
    """Run a service call; see the module's note for what happens when it says no."""
    return Attempt(form=form, request=request, field_names=field_names)
