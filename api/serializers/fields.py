"""Fields shared by several serializers whose empty value means something: no council area (an
online or national organisation or event), no website. The schema says "" is a real answer, so
clients do not treat it as a broken enum value or a broken address."""

from rest_framework import serializers

from community.areas import AREA_CHOICES

AREA_HELP = 'Council area code, e.g. `leeds`; "" when there is none (online or national).'


def area_field(**kwargs) -> serializers.ChoiceField:
    """In the schema: one of the area codes, or "" (drf-spectacular's BlankEnum)."""
    kwargs.setdefault("help_text", AREA_HELP)
    return serializers.ChoiceField(choices=AREA_CHOICES, allow_blank=True, **kwargs)


def optional_url_field(**kwargs) -> serializers.URLField:
    """In the schema: a `uri`, or "" (drf-spectacular adds the blank case for allow_blank)."""
    kwargs.setdefault("help_text", 'A web address, or "" when there is none.')
    return serializers.URLField(allow_blank=True, **kwargs)
