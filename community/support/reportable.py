"""Support requests as something people can report (a helper who is sent a scam, or is worried
about the member): how the moderation queue describes one, who may report it, and what hiding
and removing do. Registered in SupportConfig.ready().

A hidden or held request leaves "Requests I can take" and every helper's view of it; the member
and the organisation's staff still see it.
"""

from django.utils.text import Truncator

from community.models import Membership, User
from community.safety.registry import Described, ReportableKind, register_reportable
from community.safety.visibility import Visibility
from community.support.models import SupportRequest
from community.support.permissions import can_see_request
from community.support.services.requests import remove_request, request_url

KIND = "support_request"
EXCERPT_CHARACTERS = 300
ENDED = (SupportRequest.State.CLOSED, SupportRequest.State.WITHDRAWN)


def _label(request: SupportRequest) -> str:
    if request.specialism is not None:
        name = request.specialism.name  # lower only the first letter: "PA" stays "PA"
        return f"Support request about {name[:1].lower()}{name[1:]}"
    return "Support request"


def _first_organisations(advisor_ids: set[int]) -> dict[int, int]:
    """Each advisor's first organisation they are trained at, in one query."""
    if not advisor_ids:
        return {}
    roles = (
        Membership.objects.trained()
        .filter(person_id__in=advisor_ids)
        .order_by("person_id", "trained_on", "pk")
        .values_list("person_id", "organisation_id")
    )
    first: dict[int, int] = {}
    for person_id, organisation_id in roles:
        first.setdefault(person_id, organisation_id)
    return first


def describe(ids: list[int]) -> dict[int, Described]:
    """Two queries at most however many requests."""
    requests = list(SupportRequest.objects.filter(pk__in=ids).select_related("specialism"))
    without_organisation = {
        r.advisor_id for r in requests if r.organisation_id is None and r.advisor_id is not None
    }
    advisors_organisation = _first_organisations(without_organisation)
    return {
        request.pk: Described(
            kind=KIND,
            id=request.pk,
            label=_label(request),
            excerpt=Truncator(" ".join(request.body.split())).chars(EXCERPT_CHARACTERS),
            url=request_url(request),
            author_id=request.member_id,
            organisation_id=request.organisation_id
            or advisors_organisation.get(request.advisor_id or 0),
            visibility=request.visibility,
            removed=request.visibility == Visibility.HIDDEN and request.state in ENDED,
        )
        for request in requests
    }


def can_see(person: User, request_id: int) -> bool:
    request = SupportRequest.objects.select_related("organisation").filter(pk=request_id).first()
    return request is not None and can_see_request(person, request)


def set_visibility(request_id: int, visibility: str, actor: User | None) -> None:
    SupportRequest.objects.filter(pk=request_id).update(visibility=visibility)


def remove(request_id: int, actor: User) -> None:
    request = SupportRequest.objects.filter(pk=request_id).first()
    if request is not None:
        remove_request(actor=actor, request=request)


def notification_about(request_id: int) -> list[tuple[str, int]]:
    """What to forget when a request stops being shown: every notification about it (the
    helpers' "asked for help" among them; they can no longer open it). No query."""
    return [(SupportRequest._meta.label_lower, request_id)]


def remove_all_by(person: User, actor: User) -> int:
    """Every request the person sent that is not already removed."""
    ids = list(
        SupportRequest.objects.filter(member=person)
        .exclude(state__in=ENDED, visibility=Visibility.HIDDEN)
        .values_list("pk", flat=True)
    )
    for request_id in ids:
        remove(request_id, actor)
    return len(ids)


register_reportable(
    ReportableKind(
        name=KIND,
        title="support request",
        describe=describe,
        can_see=can_see,
        set_visibility=set_visibility,
        remove=remove,
        remove_all_by=remove_all_by,
        notification_about=notification_about,
    )
)
