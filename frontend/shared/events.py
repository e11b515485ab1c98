"""What several event page modules share: finding the event or date in the URL (404 when the
viewer may not see it), the staff checks, and the choice lists and words the forms and pages
offer."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from community.areas import AREA_CHOICES
from community.models import Organisation, Theme
from community.permissions import can_manage_events
from community.selectors import organisations_list
from events import selectors
from events.models import ACCESS_NEEDS, Event, Occurrence
from events.models.events import VENUE_ACCESS_FIELDS, venue_access_label
from events.permissions import can_change_date, can_manage_event, can_take_register


def visible_event(request, slug: str) -> Event:
    """The event, or 404 when it does not exist or the viewer may not see it (a draft)."""
    event = selectors.event_detail(slug=slug, viewer=request.user)
    if event is None:
        raise Http404
    return event


def managed_event(request, slug: str) -> Event:
    event = visible_event(request, slug)
    if not can_manage_event(request.user, event):
        raise PermissionDenied
    return event


def event_occurrence(request, event: Event, occurrence_id: int) -> Occurrence:
    occurrence = selectors.occurrence_detail(occurrence_id=occurrence_id, viewer=request.user)
    if occurrence is None or occurrence.event_id != event.pk:
        raise Http404
    return occurrence


def register_occurrence(request, slug: str, occurrence_id: int) -> tuple[Event, Occurrence]:
    """For the register: staff of the organisation and the hosts; nobody else."""
    event = visible_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    if not can_take_register(request.user, occurrence):
        raise PermissionDenied
    return event, occurrence


def changeable_occurrence(request, slug: str, occurrence_id: int) -> tuple[Event, Occurrence]:
    """For moving, cancelling, noting or theming one date: staff of the organisation and the
    people who host that date; 403 for everyone else who can see it."""
    event = visible_event(request, slug)
    occurrence = event_occurrence(request, event, occurrence_id)
    if not can_change_date(request.user, occurrence):
        raise PermissionDenied
    return event, occurrence


def staff_organisation(request, slug: str) -> Organisation:
    organisation = organisations_list().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    if not can_manage_events(request.user, organisation):
        raise PermissionDenied
    return organisation


def themes() -> list[Theme]:
    return list(Theme.objects.order_by("position", "name"))


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "organisation": [(o.slug, o.name) for o in organisations_list().only("slug", "name")],
        "kind": list(Event.Kind.choices),
        "format": list(Event.Format.choices),
        "theme": [(theme.slug, theme.name) for theme in themes()],
        "area": list(AREA_CHOICES),
    }


ACCESS_LABELS = dict(ACCESS_NEEDS)


def venue_access_choices() -> list[tuple[str, str]]:
    """The venue's access fields in words, as the event itself says them."""
    return [(name, venue_access_label(name)) for name in VENUE_ACCESS_FIELDS]


def venue_access(event: Event) -> tuple[list[str], list[str]]:
    """What the venue has, and what the organisers have not said it has."""
    has, lacks = [], []
    for name, label in venue_access_choices():
        (has if getattr(event, name) else lacks).append(label)
    return has, lacks


def access_need_labels(codes) -> list[str]:
    return [ACCESS_LABELS.get(code, code) for code in codes or ()]
