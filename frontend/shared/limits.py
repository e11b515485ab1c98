"""The status of a form page sent back with errors: 429 when a rate limit refused it, so that
browsers' tools and proxies see "too many" rather than "you made a mistake"."""

from django import forms

from community.rate_limits import TOO_FAST


def status_for(form: forms.Form, otherwise: int = 400) -> int:
    """429 when one of the form's errors is a rate limit (community.rate_limits), else
    `otherwise`. The page shows the message like any other error and keeps what was typed."""
    for errors in form.errors.as_data().values():
        if any(error.code == TOO_FAST for error in errors):
            return 429
    return otherwise
