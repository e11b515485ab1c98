"""Finding what a support request names, as the requester may see it. A request or plan someone
may not see is not found (404 `not_found`), never refused: nothing says that it exists."""

from django.db.models import QuerySet, prefetch_related_objects
from rest_framework.exceptions import NotFound, PermissionDenied

from community.errors import CommunityError
from community.models import Organisation, Theme, User
from community.support.models import Plan, SupportRequest
from community.support.permissions import is_helper
from community.support.plan_selectors import plan_for
from community.support.selectors import request_for

NO_REQUEST = "We could not find that request."
NO_PLAN = "We could not find that plan."
# What a request's serializer reads beyond what the selectors join.
REQUEST_RELATIONS = ("advisor", "room", "handed_over_by", "topic")


def visible_request(request, request_id: int) -> SupportRequest:
    found = request_for(viewer=request.user, request_id=request_id)
    if found is None:
        raise NotFound(NO_REQUEST)
    return found


def visible_plan(request, plan_id: int) -> Plan:
    found = plan_for(viewer=request.user, plan_id=plan_id)
    if found is None:
        raise NotFound(NO_PLAN)
    return found


def organisation_named(slug: str) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound("We could not find that organisation.")
    return found


def must_be_helper(request) -> None:
    if not is_helper(request.user):
        raise PermissionDenied(
            "This is for trained advisors and planning partners.", code="not_a_helper"
        )


def themes_named(slugs: list[str], field: str) -> list[Theme]:
    """The specialisms chosen, in one query; any slug we do not know is refused by name."""
    themes = {theme.slug: theme for theme in Theme.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in themes]
    if unknown:
        raise CommunityError("unknown_specialism", "Choose specialisms from the list.", field=field)
    return [themes[slug] for slug in dict.fromkeys(slugs)]


def with_relations(requests: QuerySet[SupportRequest] | list[SupportRequest]):
    """Requests ready to serialize in a fixed number of queries, however many."""
    if isinstance(requests, QuerySet):
        return requests.select_related(*REQUEST_RELATIONS)
    prefetch_related_objects(requests, *REQUEST_RELATIONS)
    return requests


def person_named(person_id: int) -> User:
    found = User.objects.filter(pk=person_id, is_active=True).first()
    if found is None:
        raise NotFound("We could not find that person.")
    return found
