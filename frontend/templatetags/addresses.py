"""{% site_url 'forums' %}: the address of a route with no arguments, reversed once per process
(frontend.shared.addresses.site_addresses). The header and footer link to twenty-seven of them
on every page, which cost half a millisecond as {% url %} tags."""

from django import template

from frontend.shared.addresses import site_addresses

register = template.Library()


@register.simple_tag
def site_url(name: str) -> str:
    return site_addresses()[name]
