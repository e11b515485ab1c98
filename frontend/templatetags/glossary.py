"""{% glossary_links %}…{% endglossary_links %}: the first use on a page of each glossary word
(community.glossary) links to what it means. Several blocks on one page share what is already
linked, so a word links once per page."""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from community.glossary import link_first_uses

register = template.Library()


class GlossaryLinksNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        request = context.get("request")
        used = getattr(request, "glossary_words_linked", None)
        if used is None:
            used = set()
            if request is not None:
                request.glossary_words_linked = used
        # The HTML is our own template's output, already escaped, so it stays safe.
        return mark_safe(link_first_uses(html, used=used, href=reverse("glossary")))  # noqa: S308


@register.tag
def glossary_links(parser, token):
    nodelist = parser.parse(("endglossary_links",))
    parser.delete_first_token()
    return GlossaryLinksNode(nodelist)
