"""{% council_decision_of topic as council %}: what the council decided about an answered
question, for the topic page (frontend/forums/includes/council_decision.html), and whether the
viewer may add or change it. No query for a question without an accepted answer."""

from django import template

from forums.permissions import can_record_council_decision
from forums.selectors.councils import council_decision_for

register = template.Library()


@register.simple_tag(takes_context=True)
def council_decision_of(context, topic) -> dict | None:
    if not topic.is_answered:
        return None
    viewer = context["request"].user
    return {
        "decision": council_decision_for(viewer=viewer, topic=topic),
        "may_record": can_record_council_decision(viewer, topic),
    }
