"""Addresses of many things of one kind on one page, from one `reverse`: reversing the same route
for every post of a topic page cost more than drawing the rest of the post (bench/forums.py)."""

from collections.abc import Callable

from django.urls import get_script_prefix, get_urlconf, reverse

# Stands in for the number while reversing; no address has it otherwise.
_STAND_IN = 987654321987
_made: dict[tuple, tuple[str, str]] = {}


def address_maker(name: str, *leading: str) -> Callable[[int], str]:
    """The address of route `name` for any object number: `leading` are the arguments before the
    number (e.g. the kind in report_concern's "report/<kind>/<number>/"). Reversed once per
    process (and per script prefix and URL configuration, which can differ between requests)."""
    key = (name, leading, get_script_prefix(), get_urlconf())
    if key not in _made:
        address = reverse(name, args=[*leading, _STAND_IN])
        before, _, after = address.partition(str(_STAND_IN))
        _made[key] = (before, after)
    before, after = _made[key]
    return lambda number: f"{before}{number}{after}"


class _SiteAddresses(dict):
    """Route name -> address, each reversed the first time a page asks for it."""

    def __missing__(self, name: str) -> str:
        address = self[name] = reverse(name)
        return address


_site: dict[tuple, _SiteAddresses] = {}


def site_addresses() -> dict[str, str]:
    """The addresses every page's header and footer link to (`{{ site_urls.forums }}`): the
    twenty-seven `{% url %}` tags there cost each page half a millisecond. Per script prefix and
    URL configuration, as address_maker."""
    key = (get_script_prefix(), get_urlconf())
    if key not in _site:
        _site[key] = _SiteAddresses()
    return _site[key]
