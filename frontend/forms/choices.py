"""Choice lists with a plain first option, shared by the page forms and filters."""

from community.areas import AREA_CHOICES


def area_choices(empty_label: str) -> list[tuple[str, str]]:
    return [("", empty_label), *AREA_CHOICES]
