"""What the safety pages share with every other page: the one-time urgent-help panel after
someone writes words that suggest they may be at risk, and a reason or outcome put into words."""

from django.core.cache import cache
from django.http import HttpRequest

from community.models import Organisation
from community.permissions import is_barred
from community.safety.models import Case, Report
from community.safety.moderation import actions_allowed
from community.safety.permissions import can_see_queue
from community.safety.selectors import report_reasons
from community.safety.signposting import urgent_help
from community.services.memberships import roles_cache_key

URGENT_HELP_KEY = "urgent_help"


def show_urgent_help(request: HttpRequest, organisation_id: int | None = None) -> None:
    """Call after a write whose note_writing(...) answered True: the next page the writer sees
    opens with the urgent-help panel, once. Pass the organisation the writing was for (the
    drop-in's, the support request's) so the panel ends with its contact, as the API does."""
    request.session[URGENT_HELP_KEY] = organisation_id or True


def take_urgent_help(request: HttpRequest) -> list[dict] | None:
    """The contacts this page should show, or None; showing them uses the flag up. Asks the
    database only when the panel is shown and names an organisation."""
    session = getattr(request, "session", None)
    if session is None or URGENT_HELP_KEY not in session:
        return None
    kept = session.pop(URGENT_HELP_KEY)
    if not kept:
        return None
    organisation = None
    if isinstance(kept, int) and not isinstance(kept, bool):
        organisation = Organisation.objects.filter(pk=kept).first()
    return urgent_help(organisation)


def reason_words(reason: str) -> str:
    return Report.Reason(reason).label if reason in Report.Reason.values else reason


# What each case action means, as the action form offers it.
ACTION_LABELS = {
    "approve": "Approve it: show it to everyone",
    "decline": "Do not approve it: keep it hidden",
    "hide": "Hide it",
    "restore": "Show it again",
    "remove": "Remove it for good",
    "dismiss": "Nothing needs doing: close the case",
    "lock": "Close the topic to new replies",
    "unlock": "Open the topic to replies again",
    "move": "Move the topic to another forum",
}
ACTION_DONE = {
    "approve": "Approved. It is now shown to everyone.",
    "decline": "Not approved. It stays hidden.",
    "hide": "Hidden. The person who wrote it has been told why.",
    "restore": "It is shown again.",
    "remove": "Removed. The person who wrote it has been told why.",
    "dismiss": "The case is closed. Nothing was changed.",
    "lock": "The topic is closed to new replies.",
    "unlock": "The topic is open to replies again.",
    "move": "The topic is moved.",
}


def case_actions(viewer, case: Case) -> list[tuple[str, str]]:
    """The actions this person may take on this case, in words (the rule: actions_allowed)."""
    return [
        (action, ACTION_LABELS.get(action, action))
        for action in actions_allowed(actor=viewer, case=case)
    ]


def reasons_by_case(cases: list[Case]) -> dict[int, list[tuple[str, int]]]:
    """{case id: [(reason in words, how many reports)]} for the queue, in one query."""
    if not cases:
        return {}
    found = report_reasons(case_ids=[case.pk for case in cases])
    return {
        case_id: [(reason_words(reason), count) for reason, count in counts.items()]
        for case_id, counts in found.items()
    }


PERSON_ACTION_DONE = {
    "warn": "{name} has been warned.",
    "suspend": "{name} is suspended.",
    "ban": "{name} is banned.",
    "lift": "{name} can use the site again.",
    "remove_everything": "Everything {name} posted is removed.",
}


def shows_moderation(person) -> bool:
    """Whether the header links "Moderation". Kept in the cache beside "My help" (see
    frontend.shared.support): worked out at log-in, and granting or revoking a role drops it."""
    if person.is_moderator or person.is_superuser:
        return True  # no query: the account row says so
    kept = cache.get(_queue_key(person))
    if kept is None:
        kept = _remember_queue(person)
    return kept


def on_login(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in (frontend.apps)."""
    if not (user.is_moderator or user.is_superuser):
        _remember_queue(user)


def _queue_key(person) -> str:
    return f"{roles_cache_key(person.pk)}:queue"


def _remember_queue(person) -> bool:
    sees = can_see_queue(person)
    if not is_barred(person):  # barred, every rule says no: not an answer worth keeping
        cache.set(_queue_key(person), sees, timeout=None)
    return sees
