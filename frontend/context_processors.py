"""What every page's header needs: the signed-in person's unread notification count and their
unread chat messages (one query each)."""

from community.chat.selectors import unread_chat_counts
from community.permissions import is_signed_in
from community.selectors import unread_notification_count


def site_header(request):
    person = getattr(request, "user", None)
    if not is_signed_in(person):
        return {"unread_notifications": 0, "unread_chat": 0}
    chat_counts = unread_chat_counts(person_ids=[person.pk])
    return {
        "unread_notifications": unread_notification_count(person=person),
        "unread_chat": sum(chat_counts.get(person.pk, {}).values()),
    }
