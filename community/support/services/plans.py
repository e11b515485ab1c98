"""Support plans: starting one, writing its sections (every saved version kept), comments,
sharing, choosing the planning partner, planning sessions, and the plan as a clean page or plain
text to print or keep.

The member owns the plan. Every change checks its rule in community.support.plan_permissions;
someone who cannot see the plan at all is told it is not there, so nothing leaks."""

import datetime
from typing import NoReturn

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from community.content import render_markdown
from community.errors import HIDDEN_CHARACTER, NotAllowed
from community.models import AuditLogEntry, Membership, User
from community.safety.selectors import is_blocked_between
from community.services.audit import record
from community.services.notifications import notify
from community.support.errors import SupportError
from community.support.models import (
    COMMENT_MAX,
    PLAN_SECTION_MAX,
    PLAN_TITLE_MAX,
    Plan,
    PlanComment,
    PlanningSession,
    PlanSection,
    PlanShare,
    SupportRequest,
)
from community.support.notification_kinds import (
    PLAN_COMMENT,
    PLAN_SHARED,
    PLANNING_SESSION_BOOKED,
    PLANNING_SESSION_CANCELLED,
)
from community.support.permissions import can_be_asked
from community.support.plan_permissions import (
    can_book_planning_session,
    can_change_partner,
    can_comment_on_plan,
    can_edit_plan,
    can_resolve_comment,
    can_see_plan,
    can_share_plan,
    can_start_plan,
)
from events.limits import check_date
from events.models import Appointment
from events.models.appointments import TITLE_MAX as APPOINTMENT_TITLE_MAX
from events.services.appointments import cancel_appointment, make_appointment

DEFAULT_TITLE = "My support plan"
PARTNER_REMOVED = "support.plan.partner_removed"
SESSION_MINUTES = (15, 240)
PARTS: list[str] = PlanSection.Part.values


def plan_url(plan: Plan) -> str:
    return reverse("plan", args=[plan.pk])


def _check_can_see(person: User, plan: Plan) -> None:
    """Someone who may not see a plan is told it is not there, whatever they tried to do."""
    if not can_see_plan(person, plan):
        raise SupportError("not_found", "We could not find that plan.")


# --- Starting and writing -------------------------------------------------------------------


def start_plan(
    *, owner: User, request: SupportRequest | None = None, title: str = DEFAULT_TITLE
) -> Plan:
    """A new plan with its six sections, empty. From a request for help with a plan, whoever
    took it is the planning partner and their organisation may see it (the member can turn that
    off). Starting again from the same request gives the plan already started, even when two
    presses arrive at once."""
    if not can_start_plan(owner, request):
        _refuse_start(request)
    title = _clean_title(title)
    if request is None:
        with transaction.atomic():
            return _new_plan(owner=owner, title=title)
    with transaction.atomic():
        # The request's row is the lock two presses queue on; where rows cannot be locked
        # (SQLite), the one_plan_per_request constraint turns the second into a read.
        locked = SupportRequest.objects.select_for_update().filter(pk=request.pk).first()
        if locked is None or not can_start_plan(owner, locked):
            _refuse_start(request)
        existing = Plan.objects.filter(request=locked).first()
        if existing is not None:
            return _take_on_new_advisor(existing, locked)
        try:
            with transaction.atomic():
                return _new_plan(owner=owner, title=title, request=locked)
        except IntegrityError:
            return Plan.objects.get(request=locked)


def _refuse_start(request: SupportRequest | None) -> NoReturn:
    if request is None:
        raise NotAllowed("Sign in to start a support plan.")
    raise NotAllowed(
        "You can start a plan from your own request for help with a support plan, "
        "once someone has taken it."
    )


def _new_plan(*, owner: User, title: str, request: SupportRequest | None = None) -> Plan:
    plan = Plan.objects.create(
        owner=owner,
        title=title,
        request=request,
        partner_id=request.advisor_id if request is not None else None,
        organisation_id=request.organisation_id if request is not None else None,
    )
    PlanSection.objects.bulk_create(
        PlanSection(plan=plan, part=part, position=position) for position, part in enumerate(PARTS)
    )
    record(actor=owner, action="support.plan.started", subject=plan)
    return plan


def _take_on_new_advisor(plan: Plan, request: SupportRequest) -> Plan:
    """The request was handed on and someone new took it: a plan left without a partner gets
    them. Never someone the member took off this plan (only the member brings them back), nor
    someone kept apart from them."""
    advisor_id = request.advisor_id
    if plan.partner_id is not None or advisor_id is None:
        return plan
    if is_blocked_between(plan.owner_id, advisor_id):
        return plan
    removed_before = AuditLogEntry.objects.filter(
        action=PARTNER_REMOVED,
        subject_type=plan._meta.label_lower,
        subject_id=plan.pk,
        data__person_id=advisor_id,
    ).exists()
    if removed_before:
        return plan
    if plan.organisation_id != request.organisation_id:
        # The new organisation's staff already see the request, as when a plan starts.
        plan.organisation_id, plan.organisation_can_see = request.organisation_id, True
    plan.partner_id = advisor_id
    plan.save(update_fields=["partner", "organisation", "organisation_can_see", "updated"])
    record(
        actor=plan.owner, action="support.plan.partner_set", subject=plan,
        person_id=advisor_id, from_request=request.pk,
    )  # fmt: skip
    return plan


def edit_section(*, person: User, plan: Plan, part: str, body: str) -> PlanSection:
    """The member saves one section. Each saved version is kept (who, when, what), so the
    member and their partner can look back at every change."""
    _check_can_see(person, plan)
    if not can_edit_plan(person, plan):
        raise NotAllowed("Only the person whose plan it is can change it.")
    if part not in PlanSection.Part.values:
        raise SupportError("not_found", "There is no such part of the plan.", field="part")
    body = _clean_text(body, field="body", limit=PLAN_SECTION_MAX, what="This part")
    with transaction.atomic():
        section, _ = PlanSection.objects.select_for_update().get_or_create(
            plan=plan, part=part, defaults={"position": PARTS.index(part)}
        )
        if section.body == body:
            return section  # saved again unchanged: no change to keep
        section.body, section.body_html = body, render_markdown(body)
        section.save(update_fields=["body", "body_html", "updated"])
        section.revisions.create(body=body, edited_by=person)
        Plan.objects.filter(pk=plan.pk).update(updated=timezone.now())
        record(actor=person, action="support.plan.section_edited", subject=plan, part=part)
    return section


def set_organisation_can_see(*, owner: User, plan: Plan, allowed: bool) -> Plan:
    """The member decides whether their partner's organisation's staff may read the plan."""
    _check_can_see(owner, plan)
    if not can_share_plan(owner, plan):
        raise NotAllowed("Only the person whose plan it is can decide who sees it.")
    plan.organisation_can_see = bool(allowed)
    plan.save(update_fields=["organisation_can_see", "updated"])
    record(actor=owner, action="support.plan.organisation_access", subject=plan, allowed=allowed)
    return plan


# --- Comments -------------------------------------------------------------------------------


def comment_on_plan(*, person: User, plan: Plan, body: str, part: str = "") -> PlanComment:
    """A comment on the plan, or on one part of it. The member hears about it unless they wrote
    it themselves."""
    _check_can_see(person, plan)
    if not can_comment_on_plan(person, plan):
        raise NotAllowed("You can read this plan but not comment on it.")
    body = _clean_text(body, field="body", limit=COMMENT_MAX, what="A comment")
    if not body:
        raise SupportError("empty", "Write your comment first.", field="body")
    section = None
    if part:
        section = PlanSection.objects.filter(plan=plan, part=part).first()
        if section is None:
            raise SupportError("not_found", "There is no such part of the plan.", field="part")
    with transaction.atomic():
        comment = PlanComment.objects.create(
            plan=plan,
            section=section,
            author=person,
            body=body,
            body_html=render_markdown(body),
        )
        if person.pk != plan.owner_id:
            where = f" on “{section.get_part_display()}”" if section is not None else ""
            notify(
                recipient=plan.owner,
                kind=PLAN_COMMENT.code,
                message=f"{person.display_name} commented{where} in your plan “{plan.title}”.",
                url=plan_url(plan),
                about=plan,
                sender=person,
            )
    return comment


def resolve_comment(*, person: User, comment: PlanComment, resolved: bool = True) -> PlanComment:
    """Mark a comment dealt with (or open it again)."""
    _check_can_see(person, comment.plan)
    if not can_resolve_comment(person, comment):
        raise NotAllowed("Only the person whose plan it is can mark comments as dealt with.")
    if resolved == (comment.resolved_at is not None):
        return comment  # already so: pressing twice changes nothing
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = person if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    return comment


# --- Sharing --------------------------------------------------------------------------------


def share_plan(
    *, owner: User, plan: Plan, person: User | None, can_comment: bool = False
) -> PlanShare:
    """Let someone else read the plan (and comment, if the member says so). Sharing again with
    the same person changes whether they may comment; they are told only the first time."""
    _check_can_see(owner, plan)
    if not can_share_plan(owner, plan):
        raise NotAllowed("Only the person whose plan it is can decide who sees it.")
    if person is None or not person.is_active:
        raise SupportError("not_found", "We could not find that person.", field="person")
    if person.pk == owner.pk:
        raise SupportError(
            "not_allowed", "This is your own plan: you can already see it.", field="person"
        )
    if is_blocked_between(owner.pk, person.pk):
        raise SupportError(
            "blocked", "You cannot share your plan with this person.", field="person"
        )
    with transaction.atomic():
        share, created = PlanShare.objects.update_or_create(
            plan=plan, person=person, defaults={"can_comment": bool(can_comment)}
        )
        record(actor=owner, action="support.plan.shared", subject=plan, person_id=person.pk)
        if created:
            notify(
                recipient=person,
                kind=PLAN_SHARED.code,
                message=f"{owner.display_name} shared their plan “{plan.title}” with you.",
                url=plan_url(plan),
                about=plan,
            )
    return share


def unshare_plan(*, owner: User, plan: Plan, person: User) -> None:
    _check_can_see(owner, plan)
    if not can_share_plan(owner, plan):
        raise NotAllowed("Only the person whose plan it is can decide who sees it.")
    with transaction.atomic():
        removed, _ = PlanShare.objects.filter(plan=plan, person=person).delete()
        if removed:
            record(actor=owner, action="support.plan.unshared", subject=plan, person_id=person.pk)


# --- The planning partner -------------------------------------------------------------------


def remove_partner(*, owner: User, plan: Plan) -> Plan:
    """The member takes their planning partner off the plan. The partner cannot see it from
    this moment (a share of their own goes too), and sessions still to come with them are
    called off, so they do not turn up (they are told that much, nothing more). Their
    organisation's staff stop seeing it too: the member let them in for that partner, and can
    let them in again on the sharing page (the plan keeps the organisation for that)."""
    _check_can_see(owner, plan)
    if not can_change_partner(owner, plan):
        raise NotAllowed("Only the person whose plan it is can choose their planning partner.")
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.partner_id is not None:
            _let_partner_go(owner=owner, plan=locked)
            locked.organisation_can_see = False
            locked.save(update_fields=["partner", "organisation_can_see", "updated"])
    _copy_partner_fields(locked, to=plan)
    return plan


def set_partner(*, owner: User, plan: Plan, person: User | None) -> Plan:
    """The member chooses a (new) planning partner: someone in the directory (a trained
    planning partner or advisor, listed and not paused), as with asking one person for help.
    The one before loses sight of the plan, as with remove_partner. When
    the new partner works for another organisation, that organisation's staff may read the plan
    only once the member says so."""
    _check_can_see(owner, plan)
    if not can_change_partner(owner, plan):
        raise NotAllowed("Only the person whose plan it is can choose their planning partner.")
    organisation_id = _check_new_partner(owner=owner, plan=plan, person=person)
    assert person is not None, "checked by _check_new_partner"
    if person.pk == plan.partner_id:
        return plan  # chosen again: nothing changes, nobody is told twice
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.partner_id is not None:
            _let_partner_go(owner=owner, plan=locked)
        locked.partner = person
        if locked.organisation_id != organisation_id:
            locked.organisation_id, locked.organisation_can_see = organisation_id, False
        locked.save(update_fields=["partner", "organisation", "organisation_can_see", "updated"])
        record(actor=owner, action="support.plan.partner_set", subject=locked, person_id=person.pk)
        notify(
            recipient=person,
            kind=PLAN_SHARED.code,
            message=(
                f"{owner.display_name} chose you as the planning partner for their plan "
                f"“{locked.title}”."
            ),
            url=plan_url(locked),
            about=locked,
        )
    _copy_partner_fields(locked, to=plan)
    return plan


def _check_new_partner(*, owner: User, plan: Plan, person: User | None) -> int:
    """Who may be chosen, and the organisation they plan with (the plan's own, if they are
    trained there). Every refusal names the person field."""
    if person is None or not person.is_active:
        raise SupportError("not_found", "We could not find that person.", field="person")
    if person.pk == owner.pk:
        raise SupportError(
            "not_allowed", "Choose someone else: this is your own plan.", field="person"
        )
    if is_blocked_between(owner.pk, person.pk):
        raise SupportError(
            "blocked", "You cannot choose this person as your planning partner.", field="person"
        )
    # The directory's rule, as for asking one person by name: someone who chose not to be
    # listed, or is paused, is not chosen out of the blue. Keeping the partner one has is fine.
    if person.pk != plan.partner_id and not can_be_asked(person):
        raise SupportError(
            "not_a_helper",
            f"{person.display_name} is not in the list of advisors and planning partners just "
            "now, so you cannot choose them. Choose someone from the list.",
            field="person",
        )
    roles = Membership.objects.trained().filter(person=person)
    if (
        plan.organisation_id is not None
        and roles.filter(organisation=plan.organisation_id).exists()
    ):
        return plan.organisation_id
    first = roles.order_by("trained_on", "pk").values_list("organisation_id", flat=True).first()
    if first is None:
        raise SupportError(
            "not_a_helper",
            f"{person.display_name} is no longer a trained planning partner or advisor.",
            field="person",
        )
    return first


def _copy_partner_fields(locked: Plan, *, to: Plan) -> None:
    # The caller's plan keeps its prefetched sections and comments; setting an id drops the
    # cached person or organisation it replaces.
    for name in ("partner_id", "organisation_id", "organisation_can_see", "updated"):
        setattr(to, name, getattr(locked, name))


def _let_partner_go(*, owner: User, plan: Plan) -> None:
    """Take the partner off a locked plan (the caller saves it): their share goes too, and
    their sessions still to come are called off."""
    partner_id = plan.partner_id
    plan.partner = None  # first: the notices below must not link them to the plan
    PlanShare.objects.filter(plan=plan, person_id=partner_id).delete()
    upcoming = (
        PlanningSession.objects.filter(
            # Sessions are always the two of them; asking for both keeps cancelling within
            # what the member may do, even for an odd row.
            Q(appointment__organiser_id=partner_id, appointment__guest_id=owner.pk)
            | Q(appointment__organiser_id=owner.pk, appointment__guest_id=partner_id),
            plan=plan,
            appointment__cancelled_at__isnull=True,
            appointment__ends__gt=timezone.now(),
        )
        .select_related("appointment")
        .order_by("appointment__starts")
    )
    for session in upcoming:
        cancel_appointment(person=owner, appointment=session.appointment)
        _tell_session_cancelled(by=owner, appointment=session.appointment, plan=plan)
    record(actor=owner, action=PARTNER_REMOVED, subject=plan, person_id=partner_id)


# --- Planning sessions ----------------------------------------------------------------------


def book_planning_session(
    *,
    person: User,
    plan: Plan,
    starts: datetime.datetime,
    minutes: int,
    way: str,
    where: str = "",
) -> PlanningSession:
    """A one-to-one appointment between the member and their planning partner, in both their
    calendar feeds. The other one is told."""
    _check_can_see(person, plan)
    if plan.partner_id is None:
        raise SupportError(
            "not_partner", "This plan has no planning partner yet, so there is no one to meet."
        )
    if not can_book_planning_session(person, plan):
        raise NotAllowed("Only the member and their planning partner can book a session.")
    low, high = SESSION_MINUTES
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise SupportError(
            "invalid_time",
            f"A session can be from {low} minutes to {high // 60} hours long.",
            field="minutes",
        )
    other = plan.partner if person.pk == plan.owner_id else plan.owner
    assert other is not None, "the plan has a partner: checked above"
    if isinstance(starts, datetime.datetime):
        check_date(starts, field="starts")  # before the arithmetic: year 9999 would overflow
    # A start that is not a time is refused by make_appointment, with the field named.
    ends = (
        starts + datetime.timedelta(minutes=minutes)
        if isinstance(starts, datetime.datetime)
        else starts
    )
    with transaction.atomic():
        appointment = make_appointment(  # checks the time, the way and any block between them
            organiser=person,
            guest=other,
            title=f"Planning session: {plan.title}"[:APPOINTMENT_TITLE_MAX],
            starts=starts,
            ends=ends,
            way=way,
            where=where,
        )
        session = PlanningSession.objects.create(plan=plan, appointment=appointment)
        notify(
            recipient=other,
            kind=PLANNING_SESSION_BOOKED.code,
            message=(
                f"{person.display_name} booked a planning session for “{plan.title}” on "
                f"{timezone.localtime(starts):%A %-d %B at %H:%M}."
            ),
            url=plan_url(plan),
            about=plan,
        )
    return session


def cancel_planning_session(*, person: User, session: PlanningSession) -> PlanningSession:
    """Either of the two calls it off; it stays in both feeds, marked cancelled, and the other
    one is told."""
    plan = session.plan
    _check_can_see(person, plan)
    with transaction.atomic():
        appointment = cancel_appointment(person=person, appointment=session.appointment)
        _tell_session_cancelled(by=person, appointment=appointment, plan=plan)
    return session


def _tell_session_cancelled(*, by: User, appointment: Appointment, plan: Plan) -> None:
    """Tell the other person meeting, if their account is still open. The link is to the plan
    only while they may still see it (a partner taken off the plan may not)."""
    other_id = (
        appointment.guest_id if by.pk == appointment.organiser_id else appointment.organiser_id
    )
    other = User.objects.filter(pk=other_id, is_active=True).first() if other_id else None
    if other is None:
        return
    still_sees = other.pk in (plan.owner_id, plan.partner_id)
    about = f" for “{plan.title}”" if still_sees else ""
    notify(
        recipient=other,
        kind=PLANNING_SESSION_CANCELLED.code,
        message=(
            f"{by.display_name} cancelled the planning session{about} on "
            f"{timezone.localtime(appointment.starts):%A %-d %B at %H:%M}."
        ),
        url=plan_url(plan) if still_sees else "",
        about=plan if still_sees else None,
    )


# --- The plan to print or keep --------------------------------------------------------------


def plan_as_text(plan: Plan) -> str:
    """A plain-text copy: the title, then each part with what the member wrote, as they wrote
    it (Markdown reads well as text)."""
    lines = [plan.title, "=" * len(plan.title), ""]
    lines.append(f"The support plan of {plan.owner.display_name}.")
    lines.append(f"Last changed {timezone.localtime(plan.updated):%-d %B %Y}.")
    for section in _sections(plan):
        heading = section.get_part_display()
        lines += ["", heading, "-" * len(heading), ""]
        lines.append(section.body.strip() or "(Nothing written here yet.)")
    return "\n".join(lines) + "\n"


def plan_as_html(plan: Plan) -> str:
    """A stand-alone page (no site header, menus or comments), fit to print or keep. Everything
    is escaped except the sections' stored, already-cleaned HTML."""
    return render_to_string("support/plan_export.html", {"plan": plan, "sections": _sections(plan)})


def _sections(plan: Plan) -> list[PlanSection]:
    # Prefetched by plan_selectors.plan_for; in the fixed order of the parts either way.
    return sorted(plan.sections.all(), key=lambda section: section.position)


# --- Checking what people typed -------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if "\x00" in title:
        raise SupportError("hidden_character", HIDDEN_CHARACTER, field="title")
    if len(title) > PLAN_TITLE_MAX:
        raise SupportError(
            "too_long", f"Keep the name to {PLAN_TITLE_MAX} characters or fewer.", field="title"
        )
    return title or DEFAULT_TITLE


def _clean_text(text: str, *, field: str, limit: int, what: str) -> str:
    text = (text or "").strip()
    if "\x00" in text:
        raise SupportError("hidden_character", HIDDEN_CHARACTER, field=field)
    if len(text) > limit:
        raise SupportError(
            "too_long",
            f"{what} can be up to {limit:,} characters. This has {len(text):,}.",
            field=field,
        )
    return text
