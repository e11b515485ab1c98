"""What support holds about a person, for "Download my data" and "Delete my account": their
directory listing, the help they asked for and the help they gave, and their support plans.

Registered with community.safety when the app starts (community.support.apps). One-to-one
appointments (planning sessions) belong to events and are registered there."""

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from community.models import User
from community.safety.personal_data import (
    Erasure,
    PersonalData,
    Row,
    register_personal_data,
    when,
)
from community.support.models import (
    Listing,
    Plan,
    PlanComment,
    PlanningSession,
    PlanSection,
    SupportRequest,
)

State = SupportRequest.State


def _name(person: User | None) -> str | None:
    # The name everyone sees, never the real name or e-mail of the other person.
    return person.display_name if person else None


# --- Export -----------------------------------------------------------------------------------


def export_listing(person: User) -> list[Row]:
    listing = (
        Listing.objects.filter(person=person)
        .select_related("paused_by_organisation")
        .prefetch_related("specialisms")
        .first()
    )
    if listing is None:
        return []
    return [
        {
            "shown_in_the_directory": listing.listed,
            "specialisms": sorted(theme.name for theme in listing.specialisms.all()),
            "languages": listing.languages,
            "areas_covered": listing.areas,
            "ways_to_talk": listing.ways_to_talk,
            "when_you_are_usually_around": listing.availability,
            "paused_taking_requests": listing.paused,
            "paused_by_organisation": (
                listing.paused_by_organisation.name if listing.paused_by_organisation else None
            ),
            "changed": when(listing.updated),
        }
    ]


def export_requests(person: User) -> list[Row]:
    """The requests they sent, in full, and the ones they took or handed over as a helper:
    what they did, not the member's own words (those are the member's to download)."""
    asked = SupportRequest.objects.filter(member=person).select_related(
        "advisor", "organisation", "specialism"
    )
    helped = (
        SupportRequest.objects.filter(Q(advisor=person) | Q(handed_over_by=person))
        .exclude(member=person)
        .select_related("organisation", "specialism")
    )
    return [
        {
            "help_you_asked_for": [_asked(request) for request in asked.order_by("created", "pk")],
            "help_you_gave": [
                _helped(request, person) for request in helped.order_by("created", "pk")
            ],
        }
    ]


def _asked(request: SupportRequest) -> Row:
    return {
        "sent": when(request.created),
        "to": _name(request.advisor),
        "organisation": request.organisation.name if request.organisation else None,
        "about": request.specialism.name if request.specialism else None,
        "you_would_like": request.get_wants_display(),
        "way_to_talk": request.get_way_to_talk_display() if request.way_to_talk else None,
        "area": request.area,
        "language": request.language,
        "access_needs": request.access_needs,
        "your_question": request.body,
        "state": request.get_state_display(),
        "accepted": when(request.accepted_at),
        "ended": when(request.ended_at),
        "did_it_help": request.helped,
        "what_you_said_about_it": request.helped_note,
    }


def _helped(request: SupportRequest, person: User) -> Row:
    handed_over_by_you = request.handed_over_by_id == person.pk
    return {
        "sent": when(request.created),
        "organisation": request.organisation.name if request.organisation else None,
        "about": request.specialism.name if request.specialism else None,
        "they_would_like": request.get_wants_display(),
        "state": request.get_state_display(),
        "accepted": when(request.accepted_at),
        "ended": when(request.ended_at),
        "you_handed_it_over": (
            request.get_handed_over_display()
            if handed_over_by_you and request.handed_over
            else None
        ),
        "your_note_to_staff": request.handed_over_note if handed_over_by_you else "",
    }


def export_plans(person: User) -> list[Row]:
    """Their own plans in full (every section, every earlier version, comments, who it is
    shared with, planning sessions), and the comments they wrote on other people's plans."""
    plans = (
        Plan.objects.filter(owner=person)
        .select_related("partner", "organisation")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PlanSection.objects.order_by("position").prefetch_related("revisions"),
            ),
            Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
            Prefetch("shares__person"),
            Prefetch(
                "sessions",
                queryset=PlanningSession.objects.select_related("appointment").order_by(
                    "appointment__starts"
                ),
            ),
        )
        .order_by("created", "pk")
    )
    elsewhere = (
        PlanComment.objects.filter(author=person)
        .exclude(plan__owner=person)
        .select_related("plan__owner")
        .order_by("created", "pk")
    )
    return [
        {
            "your_plans": [_plan(plan) for plan in plans],
            "your_comments_on_other_plans": [
                {
                    "plan": comment.plan.title,
                    "plan_of": _name(comment.plan.owner),
                    "written": when(comment.created),
                    "comment": comment.body,
                    "resolved": when(comment.resolved_at),
                }
                for comment in elsewhere
            ],
        }
    ]


def _plan(plan: Plan) -> Row:
    return {
        "title": plan.title,
        "started": when(plan.created),
        "changed": when(plan.updated),
        "planning_partner": _name(plan.partner),
        "organisation": plan.organisation.name if plan.organisation else None,
        "organisation_staff_can_see_it": plan.organisation_can_see,
        "sections": [
            {
                "section": section.get_part_display(),
                "text": section.body,
                "earlier_versions": [
                    {"saved": when(revision.created), "text": revision.body}
                    for revision in section.revisions.all()
                ],
            }
            for section in plan.sections.all()
        ],
        "comments": [
            {
                "by": _name(comment.author),
                "written": when(comment.created),
                "comment": comment.body,
                "resolved": when(comment.resolved_at),
            }
            for comment in plan.comments.all()
        ],
        "shared_with": [
            {"person": _name(share.person), "can_comment": share.can_comment}
            for share in plan.shares.all()
        ],
        "planning_sessions": [
            {
                "starts": when(session.appointment.starts),
                "ends": when(session.appointment.ends),
                "cancelled": when(session.appointment.cancelled_at),
            }
            for session in plan.sessions.all()
        ],
    }


# --- Erase ------------------------------------------------------------------------------------


def erase_from_support(erasure: Erasure) -> None:
    """A member's requests, plans (with sections, versions, comments, shares and sessions) and
    listing go with the account. As a helper, their name leaves the requests they took; each
    request stays the member's: one still waiting goes to the organisation's team (or ends as
    nobody took it, if it had no team), one they were helping with is closed, so the member can
    answer "Did this help?" and send it again. Comments on other people's plans stay under
    "A former member", unless they chose to have what they wrote removed."""
    person = erasure.person
    now = timezone.now()
    with transaction.atomic():
        theirs = SupportRequest.objects.filter(advisor=person).exclude(member=person)
        theirs.filter(state=State.OPEN, organisation__isnull=False).update(advisor=None)
        theirs.filter(state=State.OPEN, organisation__isnull=True).update(
            advisor=None, state=State.EXPIRED, ended_at=now
        )
        theirs.filter(state=State.ACCEPTED).update(advisor=None, state=State.CLOSED, ended_at=now)
        theirs.update(advisor=None)
        if erasure.remove_posts:
            PlanComment.objects.filter(author=person).exclude(plan__owner=person).update(
                body="", body_html=""
            )


register_personal_data(
    PersonalData(
        name="directory_listing",
        title="What you show in the directory of advisors",
        export=export_listing,
        erase=lambda erasure: None,  # the listing goes with the account
        models=("support.Listing",),
        order=50,
    )
)
register_personal_data(
    PersonalData(
        name="support_requests",
        title="Help you asked for and help you gave",
        export=export_requests,
        erase=erase_from_support,
        models=("support.SupportRequest",),
        order=51,
    )
)
register_personal_data(
    PersonalData(
        name="support_plans",
        title="Your support plans",
        export=export_plans,
        erase=lambda erasure: None,  # their plans go with the account; comments: see above
        models=(
            "support.Plan",
            "support.PlanSection",
            "support.PlanRevision",
            "support.PlanComment",
            "support.PlanShare",
            "support.PlanningSession",
        ),
        order=52,
    )
)
