"""What every page's header needs: the signed-in person's unread notification count and their
unread chat messages (one query each), and whether to link "My help" (kept in the cache)."""

from community.chat.selectors import unread_chat_counts
from community.permissions import is_signed_in
from community.selectors import unread_notification_count
from frontend.shared.support import shows_my_help


def site_header(request):
    person = getattr(request, "user", None)
    if not is_signed_in(person):
        return {"unread_notifications": 0, "unread_chat": 0, "shows_my_help": False}
    chat_counts = unread_chat_counts(person_ids=[person.pk])
    return {
        "unread_notifications": unread_notification_count(person=person),
        "unread_chat": sum(chat_counts.get(person.pk, {}).values()),
        "shows_my_help": shows_my_help(person),
    }
