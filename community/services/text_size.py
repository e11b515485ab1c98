"""A person's text size and contrast: how big the words are and how strongly they stand out, on
top of their browser's own zoom. Pages and the API both save it here; visitors keep theirs in a
cookie (frontend.shared.text_size), checked against the same choices."""

from community.errors import CommunityError, NotAllowed
from community.models import Contrast, TextSize, User
from community.permissions import can_edit_profile

TEXT_SIZE_PROBLEM = "Choose a text size: standard, larger or largest."
CONTRAST_PROBLEM = "Choose a contrast: standard or high."


def clean_text_size(value: str) -> str:
    if value not in TextSize.values:
        raise CommunityError("unknown_text_size", TEXT_SIZE_PROBLEM, field="text_size")
    return value


def clean_contrast(value: str) -> str:
    if value not in Contrast.values:
        raise CommunityError("unknown_contrast", CONTRAST_PROBLEM, field="contrast")
    return value


def set_text_size_and_contrast(
    *, editor: User, person: User, text_size: str | None = None, contrast: str | None = None
) -> User:
    """Saves whichever of the two is given; the other keeps its value."""
    if not can_edit_profile(editor, person):
        raise NotAllowed("You can only change your own text size and contrast.")
    changed = []
    if text_size is not None:
        person.text_size = clean_text_size(text_size)
        changed.append("text_size")
    if contrast is not None:
        person.contrast = clean_contrast(contrast)
        changed.append("contrast")
    if changed:
        person.save(update_fields=changed)
    return person
