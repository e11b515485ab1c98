"""A member's request for help, from asking to "Did this help?": every change of state goes
through here, with its permission check, under a row lock where two people could race, and with
the people concerned told once the change has committed (never while the lock is held)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from community.areas import AREA_NAMES
from community.chat.services.rooms import existing_conversation, open_private_room
from community.errors import HIDDEN_CHARACTER, NotAllowed
from community.languages import LANGUAGE_NAMES, language_code
from community.models import Membership, Organisation, Theme, User
from community.permissions import is_signed_in
from community.rate_limits import check_rate
from community.safety import signposting
from community.safety.selectors import is_blocked_between
from community.safety.visibility import Visibility
from community.services.audit import record
from community.services.notifications import notify, notify_many
from community.support import notification_kinds as kinds
from community.support.errors import SupportError
from community.support.models import (
    ACCESS_NEEDS_MAX,
    HELPED_NOTE_MAX,
    REQUEST_MAX,
    SupportRequest,
    WayToTalk,
)
from community.support.permissions import (
    can_accept_request,
    can_answer_did_it_help,
    can_ask_for_help,
    can_be_asked,
    can_close_request,
    can_hand_over_request,
    can_reassign_request,
    can_remove_request,
    can_send_again,
    can_withdraw_request,
    is_helper,
    is_helper_of,
    takes_requests,
)
from community.support.selectors import WITH_THE_STAFF, team_helpers

State = SupportRequest.State


# What people type for British Sign Language; the stored code is the ISO 639-3 one.
def request_url(request: SupportRequest) -> str:
    return reverse("support_request", args=[request.pk])


def _expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    days = settings.SUPPORT_REQUEST_EXPIRES_DAYS
    return (now or timezone.now()) + datetime.timedelta(days=days)


def _about(request: SupportRequest) -> str:
    """What the request is about, for a notification: never the member's own words."""
    if request.specialism is not None:
        return request.specialism.name.lower()
    return "a question"


# --- Checking what the member wrote -----------------------------------------------------------


def _text(value: str, *, field: str, limit: int, needed: bool = False, what: str = "") -> str:
    value = value.strip()
    if "\x00" in value:
        raise SupportError("invalid", HIDDEN_CHARACTER, field=field)
    if needed and not value:
        raise SupportError("invalid", f"Write {what}.", field=field)
    if len(value) > limit:
        raise SupportError("invalid", f"Keep this to {limit} characters or fewer.", field=field)
    return value


def _choice(value: str, known, *, field: str, what: str, needed: bool = False) -> str:
    if not value and not needed:
        return ""
    if value not in known:
        raise SupportError("invalid", f"Choose {what} from the list.", field=field)
    return value


def _checked_answers(*, body, wants, way_to_talk, area, language, access_needs) -> dict[str, str]:
    language = language_code(language) if language else ""
    return {
        "body": _text(body, field="body", limit=REQUEST_MAX, needed=True, what="your question"),
        "wants": _choice(
            wants,
            SupportRequest.Wants.values,
            field="wants",
            what="what you would like",
            needed=True,
        ),
        "way_to_talk": _choice(
            way_to_talk, WayToTalk.values, field="way_to_talk", what="a way to talk"
        ),
        "area": _choice(area, AREA_NAMES, field="area", what="your area"),
        "language": _choice(language, LANGUAGE_NAMES, field="language", what="a language"),
        "access_needs": _text(access_needs, field="access_needs", limit=ACCESS_NEEDS_MAX),
    }


# --- Who it goes to ---------------------------------------------------------------------------


def _first_trained_organisation(
    person: User, preferred: Organisation | None, *, field: str
) -> Organisation:
    roles = Membership.objects.trained().filter(person=person).select_related("organisation")
    if preferred is not None:
        there = roles.filter(organisation=preferred).first()
        if there is not None:
            return there.organisation
    first = roles.order_by("trained_on", "pk").first()
    if first is None:  # checked just before, but their last role may have ended since
        raise SupportError(
            "not_a_helper",
            f"{person.display_name} is no longer a trained advisor or planning partner.",
            field=field,
        )
    return first.organisation


def _check_advisor(member: User, advisor: User) -> None:
    if advisor.pk == member.pk or not is_helper(advisor):
        raise SupportError(
            "not_a_helper",
            "You can send a request to a trained advisor or planning partner.",
            field="advisor",
        )
    if not takes_requests(advisor):
        raise SupportError(
            "paused",
            f"{advisor.display_name} is not taking new requests just now. "
            "You can ask their organisation's team instead.",
            field="advisor",
        )
    if not can_be_asked(advisor):
        raise SupportError(
            "not_listed",
            f"{advisor.display_name} does not take requests from the directory. "
            "You can ask their organisation's team instead.",
            field="advisor",
        )
    if is_blocked_between(member.pk, advisor.pk):
        raise SupportError("blocked", "You cannot send a request to this person.", field="advisor")


def _staff_of(organisation: Organisation) -> list[User]:
    staff_ids = organisation.memberships.filter(role=Membership.Role.STAFF, active=True).values(
        "person_id"
    )
    return list(User.objects.filter(is_active=True, pk__in=staff_ids))


def _check_team(member: User, organisation: Organisation) -> list[User]:
    helpers = (
        team_helpers(organisation=organisation, member=member) if organisation.verified else []
    )
    if not helpers:
        raise SupportError(
            "no_one_to_send_to",
            f"Nobody at {organisation.name} is taking requests just now. "
            "Try another advisor or organisation.",
            field="organisation",
        )
    return helpers


# --- Asking -----------------------------------------------------------------------------------


def ask_for_help(
    *,
    member: User,
    body: str,
    wants: str,
    advisor: User | None = None,
    organisation: Organisation | None = None,
    specialism: Theme | None = None,
    way_to_talk: str = "",
    area: str = "",
    language: str = "",
    access_needs: str = "",
    topic=None,
    occurrence=None,
) -> SupportRequest:
    """Send a request to one advisor, or to an organisation's team (when no advisor is named).
    Either way it names an organisation: the advisor's own, where they are trained."""
    if not can_ask_for_help(member):
        raise NotAllowed("Sign in to ask for help.")
    answers = _checked_answers(
        body=body,
        wants=wants,
        way_to_talk=way_to_talk,
        area=area,
        language=language,
        access_needs=access_needs,
    )
    if advisor is not None:
        _check_advisor(member, advisor)
        organisation = _first_trained_organisation(advisor, organisation, field="advisor")
        told = [advisor]
    elif organisation is not None:
        told = _check_team(member, organisation)
        seen = {person.pk for person in told}
        told += [person for person in _staff_of(organisation) if person.pk not in seen]
        told = [person for person in told if person.pk != member.pk]
    else:
        raise SupportError(
            "no_one_to_send_to", "Choose an advisor or an organisation to ask.", field="advisor"
        )
    check_rate("request", person=member)
    with transaction.atomic():
        request = SupportRequest.objects.create(
            member=member,
            advisor=advisor,
            organisation=organisation,
            specialism=specialism,
            topic=topic,
            occurrence=occurrence,
            expires_at=_expiry(),
            **answers,
        )
        who = "you" if advisor is not None else f"the team at {organisation.name}"
        notify_many(
            recipients=told,
            kind=kinds.REQUEST_ARRIVED.code,
            message=f"{member.display_name} asked {who} for help with {_about(request)}.",
            url=request_url(request),
            about=request,
        )
        # Words that suggest the member may be at risk reach moderators and the organisation's
        # staff at once; the member is shown where to get urgent help. Nothing is held back.
        request.urgent_help = signposting.note_writing(
            kind="support_request",
            object_id=request.pk,
            author=member,
            text=f"{request.body}\n{request.access_needs}",
            organisation_id=organisation.pk,
        )
    return request


def send_again(*, member: User, request: SupportRequest) -> SupportRequest:
    """A request that expired or was withdrawn, sent again with the same answers: to the same
    advisor if they can still be asked, otherwise to their organisation's team. Once only: the
    old request's row is locked, so two presses of the button make one new request."""
    if not is_signed_in(member) or request.member_id != member.pk:
        raise NotAllowed("Only the person who asked can send this request again.")
    with transaction.atomic():
        # As it is now, not as the caller last saw it.
        old = (
            SupportRequest.objects.select_for_update(of=("self",))
            .select_related("advisor", "organisation", "specialism", "topic", "occurrence")
            .get(pk=request.pk)
        )
        if not can_send_again(member, old):
            if old.sent_again_as_id is not None:
                raise _wrong_state("You already sent this again.")
            raise _wrong_state("This request is still going. There is no need to send it again.")
        advisor = old.advisor
        if advisor is not None and not can_be_asked(advisor) and old.organisation is not None:
            advisor = None
        again = ask_for_help(
            member=member,
            body=old.body,
            wants=old.wants,
            advisor=advisor,
            organisation=old.organisation,
            specialism=old.specialism,
            way_to_talk=old.way_to_talk,
            area=old.area,
            language=old.language,
            access_needs=old.access_needs,
            topic=old.topic,
            occurrence=old.occurrence,
        )
        old.sent_again_as = again
        old.save(update_fields=["sent_again_as"])
    return again


# --- Taking, ending and handing on ------------------------------------------------------------


def _locked(request: SupportRequest) -> SupportRequest:
    """The request's row, locked until the transaction ends: two people acting at once are
    served one after the other, and the second sees what the first did."""
    return (
        SupportRequest.objects.select_for_update(of=("self",))
        .select_related("member", "organisation", "specialism")
        .get(pk=request.pk)
    )


def _wrong_state(message: str = "This request has changed. Look at it again.") -> SupportError:
    return SupportError("wrong_state", message)


def accept_request(*, person: User, request: SupportRequest) -> SupportRequest:
    """Take a request: it becomes theirs and a private conversation opens between the two.
    Being able to accept is the permission to talk, so the chat's own check is not asked."""
    with transaction.atomic():
        request = _locked(request)
        if request.state != State.OPEN:
            raise _wrong_state("Someone has already taken this request, or it has ended.")
        if is_signed_in(person) and is_blocked_between(person.pk, request.member_id):
            raise SupportError("blocked", "You cannot take a request from this person.")
        if not can_accept_request(person, request):
            raise NotAllowed("You cannot take this request.")
        member = request.member
        room = existing_conversation(person, member) or open_private_room(
            people=[member, person], created_by=person, organisation=request.organisation
        )
        request.state = State.ACCEPTED
        request.advisor = person
        request.accepted_at = timezone.now()
        request.room = room
        request.save(update_fields=["state", "advisor", "accepted_at", "room"])
    notify(
        recipient=member,
        kind=kinds.REQUEST_ACCEPTED.code,
        message=f"{person.display_name} has taken your request for help. You can talk now.",
        url=request_url(request),
        about=request,
    )
    return request


def withdraw_request(*, member: User, request: SupportRequest) -> SupportRequest:
    with transaction.atomic():
        request = _locked(request)
        if not can_withdraw_request(member, request):
            if request.member_id == getattr(member, "pk", None):
                raise _wrong_state("This request has already ended.")
            raise NotAllowed("Only the person who asked can withdraw this request.")
        helping = request.advisor if request.state == State.ACCEPTED else None
        request.state = State.WITHDRAWN
        request.ended_at = timezone.now()
        request.save(update_fields=["state", "ended_at"])
    if helping is not None:
        # They were talking: tell them, so they do not wait for an answer that will not come.
        notify(
            recipient=helping,
            kind=kinds.REQUEST_WITHDRAWN.code,
            message=(
                f"{request.member.display_name} withdrew their request about {_about(request)}. "
                "You do not need to do anything."
            ),
            url=request_url(request),
            about=request,
            sender=request.member,
        )
    return request


def close_request(*, person: User, request: SupportRequest) -> SupportRequest:
    """End the help. When the helper closes it, the member is asked "Did this help?" (a member
    who closes it is asked on the page straight away)."""
    with transaction.atomic():
        request = _locked(request)
        if not can_close_request(person, request):
            if getattr(person, "pk", None) in (request.member_id, request.advisor_id):
                raise _wrong_state("Only a request someone is helping with can be closed.")
            raise NotAllowed("You cannot close this request.")
        request.state = State.CLOSED
        request.ended_at = timezone.now()
        request.save(update_fields=["state", "ended_at"])
    if person.pk != request.member_id:
        notify(
            recipient=request.member,
            kind=kinds.REQUEST_CLOSED.code,
            message=f"{person.display_name} closed your request. Did this help? Tell us.",
            url=request_url(request),
            about=request,
            sender=person,
        )
    return request


def answer_did_it_help(
    *, member: User, request: SupportRequest, helped: bool, note: str = ""
) -> SupportRequest:
    if not can_answer_did_it_help(member, request):
        if is_signed_in(member) and request.member_id == member.pk:
            raise _wrong_state("You can say if it helped once the request is closed.")
        raise NotAllowed("Only the person who asked can answer this.")
    request.helped = helped
    request.helped_note = _text(note, field="note", limit=HELPED_NOTE_MAX)
    request.save(update_fields=["helped", "helped_note"])
    return request


def hand_over_request(
    *, person: User, request: SupportRequest, reason: str, note: str
) -> SupportRequest:
    """The advisor passes the request to their organisation's staff: it waits for the staff alone
    (not the team: the note may be about the member's safety) until they give it to someone, and
    they are told why (a safeguarding worry says so first)."""
    reason = _choice(
        reason,
        SupportRequest.HandOver.values,
        field="reason",
        what="why you are handing it on",
        needed=True,
    )
    note = _text(note, field="note", limit=REQUEST_MAX, needed=True, what="a note for the staff")
    with transaction.atomic():
        request = _locked(request)
        if not can_hand_over_request(person, request):
            if request.advisor_id == getattr(person, "pk", None) and request.organisation_id:
                raise _wrong_state("This request has already ended.")
            raise NotAllowed("Only the advisor with this request can hand it on.")
        organisation = request.organisation
        assert organisation is not None, "can_hand_over_request needs the request's organisation"
        staff = [p for p in _staff_of(organisation) if p.pk != request.member_id]
        if not staff:
            # Handed over, it waits for the staff alone and never expires: with nobody there to
            # read it, it would sit unseen. The advisor keeps it and speaks to them another way.
            raise SupportError(
                "no_one_to_send_to",
                f"{organisation.name} has no staff on Alongside to pass this to. "
                "Talk to them directly.",
                field="reason",
            )
        now = timezone.now()
        request.advisor = None
        # The conversation was the member's with this advisor: whoever takes it next opens
        # (or goes back to) their own when they accept.
        request.room = None
        request.state = State.OPEN
        request.handed_over = reason
        request.handed_over_by = person
        request.handed_over_note = note
        request.handed_over_at = now
        request.expires_at = _expiry(now)
        request.save(
            update_fields=[
                "advisor",
                "state",
                "handed_over",
                "handed_over_by",
                "handed_over_note",
                "handed_over_at",
                "expires_at",
                "room",
            ]
        )
        record(
            actor=person,
            action="support.request_handed_over",
            subject=request,
            organisation=organisation,
            reason=reason,
        )
    if reason == SupportRequest.HandOver.SAFEGUARDING:
        message = (
            f"Safeguarding: {person.display_name} is worried about the safety of someone they "
            f"are helping, and handed the request to {organisation.name}'s staff."
        )
    else:
        message = (
            f"{person.display_name} handed a request to {organisation.name}'s staff: "
            "it needs more than their training covers."
        )
    notify_many(
        recipients=staff,
        kind=kinds.REQUEST_HANDED_OVER.code,
        message=message,
        url=request_url(request),
        about=request,
    )
    return request


def reassign_request(*, staff: User, request: SupportRequest, helper: User) -> SupportRequest:
    """Staff give the request to one of their helpers, who then accepts it (or not)."""
    with transaction.atomic():
        request = _locked(request)
        if not can_reassign_request(staff, request):
            raise NotAllowed("Only the organisation's staff can give this request to someone.")
        organisation = request.organisation
        if (
            helper.pk == request.member_id
            or not is_helper(helper)
            or (organisation is not None and not is_helper_of(helper, organisation))
        ):
            raise SupportError(
                "not_a_helper", "Choose one of the organisation's helpers.", field="helper"
            )
        if not takes_requests(helper):
            raise SupportError(
                "paused", f"{helper.display_name} is not taking requests just now.", field="helper"
            )
        if is_blocked_between(helper.pk, request.member_id):
            raise SupportError("blocked", "Choose someone else for this request.", field="helper")
        if organisation is None:
            request.organisation = _first_trained_organisation(helper, None, field="helper")
        # Someone who had taken it hears it has gone to someone else (their conversation with
        # the member stays theirs: it is a private conversation like any other, but no longer
        # this request's; the new helper's own opens when they accept).
        previous = request.advisor if request.advisor_id not in (None, helper.pk) else None
        request.advisor = helper
        request.state = State.OPEN
        request.accepted_at = None
        request.expires_at = _expiry()
        request.room = None
        request.save(
            update_fields=["advisor", "organisation", "state", "accepted_at", "expires_at", "room"]
        )
        record(
            actor=staff,
            action="support.request_reassigned",
            subject=request,
            organisation=request.organisation,
            helper=helper.pk,
        )
    notify(
        recipient=helper,
        kind=kinds.REQUEST_REASSIGNED.code,
        message=f"You have been asked to take a request about {_about(request)}.",
        url=request_url(request),
        about=request,
    )
    organisation = request.organisation
    assert organisation is not None, "reassigning always names the helper's organisation"
    if previous is not None:
        notify(
            recipient=previous,
            kind=kinds.REQUEST_REASSIGNED.code,
            message=f"Staff at {organisation.name} gave a request you had to someone else.",
            url=reverse("my_help"),
        )
    notify(
        recipient=request.member,
        kind=kinds.REQUEST_PASSED_ON.code,
        message=f"{helper.display_name} from {organisation.name} will look at your request.",
        url=request_url(request),
        about=request,
    )
    return request


def remove_request(*, actor: User, request: SupportRequest) -> SupportRequest:
    """Moderation's "remove": the request ends (closed) and no helper sees it again. A helper
    who had taken it is told it has ended; the member hears from moderation, with the reason.
    Already ended: it is only hidden."""
    with transaction.atomic():
        request = _locked(request)
        if not can_remove_request(actor, request):
            raise NotAllowed("Only a moderator or the organisation's staff can remove this.")
        helping = request.advisor if request.state == State.ACCEPTED else None
        if request.state in (State.OPEN, State.ACCEPTED):
            request.state = State.CLOSED
            request.ended_at = timezone.now()
        request.visibility = Visibility.HIDDEN
        request.save(update_fields=["state", "ended_at", "visibility"])
    if helping is not None:
        notify(
            recipient=helping,
            kind=kinds.REQUEST_WITHDRAWN.code,
            message=(
                f"A request about {_about(request)} you were helping with has been ended. "
                "You do not need to do anything."
            ),
            url=reverse("my_help"),
        )
    return request


def expire_requests(*, now: datetime.datetime | None = None) -> int:
    """Open requests nobody took in time are marked expired, and each member is told, with a
    link to send it again. One an advisor handed to the staff waits for them, however long.
    Rows someone is accepting right now are skipped, not waited for."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            SupportRequest.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(state=State.OPEN, expires_at__lte=now)
            .exclude(WITH_THE_STAFF)  # handed over: the staff decide, not the clock
            .select_related("member", "specialism")
        )
        SupportRequest.objects.filter(pk__in=[r.pk for r in due]).update(
            state=State.EXPIRED, ended_at=now
        )
    for request in due:
        notify(
            recipient=request.member,
            kind=kinds.REQUEST_EXPIRED.code,
            message=(
                f"Nobody could take your request about {_about(request)} in time. "
                "You can send it again."
            ),
            url=request_url(request),
            about=request,
        )
    return len(due)
