"""The text box for everything people write that is shown as formatted text (posts, chat
messages, bios, descriptions, plan sections). Such a box asks for the writing toolbar
(static/js/writing.js: Bold, List, Link, Quote buttons that add the Markdown for you); without
JavaScript it is the plain text box it always was, and its hint says plain text is fine."""

from django import forms
from django.utils.html import format_html

# The sentence about the buttons stays hidden until writing.js has drawn them.
WRITING_HINT = format_html(
    "Plain text is fine.<span data-writing-buttons-hint hidden> {}</span>",
    "You can use the buttons to make text bold, a list or a link.",
)


def writing_hint(*more: str) -> str:
    """The writing hint, then any sentences of the form's own ("Please do not share …")."""
    return format_html("{}{}", WRITING_HINT, "".join(f" {sentence}" for sentence in more))


class WritingBox(forms.Textarea):
    """A text box that gets the writing toolbar when JavaScript runs."""

    def __init__(self, attrs=None):
        super().__init__({"data-writing-toolbar": "", **(attrs or {})})
