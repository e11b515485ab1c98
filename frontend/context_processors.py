"""What every page's header needs: the signed-in person's unread notification count and their
unread chat messages (one query each), and whether to link "My help", "Sessions I host" and the
events dashboards (kept in the cache)."""

from django.contrib.messages import get_messages
from django.utils.functional import SimpleLazyObject

from community.chat.unread import unread_chat_total
from community.permissions import is_signed_in
from community.selectors import unread_notification_count
from frontend.shared import banners as banner_messages
from frontend.shared.hosting import event_tools
from frontend.shared.safety import shows_moderation, take_urgent_help
from frontend.shared.support import shows_my_help
from frontend.shared.text_size import text_setting


def site_header(request):
    person = getattr(request, "user", None)
    if not is_signed_in(person):
        return {
            "unread_notifications": 0,
            "unread_chat": 0,
            "shows_my_help": False,
            "shows_hosting": False,
            "event_dashboards": (),
        }
    tools = event_tools(person)
    return {
        "unread_notifications": unread_notification_count(person=person),
        "unread_chat": unread_chat_total(person_id=person.pk),
        "shows_my_help": shows_my_help(person),
        "shows_hosting": tools.hosts,
        "event_dashboards": tools.dashboards,
    }


def safety(request):
    """The "Moderation" link for moderators and organisation staff (no query while the cache has
    the answer), and the urgent-help panel once after someone wrote words that suggest they may
    be at risk (frontend.shared.safety.show_urgent_help)."""
    person = getattr(request, "user", None)
    if not is_signed_in(person):
        return {"shows_moderation": False, "urgent_help_once": None}
    return {
        "shows_moderation": shows_moderation(person),
        "urgent_help_once": take_urgent_help(request),
    }


def text_size(request):
    """The classes on <html> for the person's text size and contrast (no query: a signed-in
    person's setting is on their account, a visitor's in a cookie)."""
    return {"text_size_classes": text_setting(request).html_classes}


def banners(request):
    """The messages waiting for this page as notification banners (frontend.shared.banners).
    Lazy, like Django's own `messages`: a template that never shows them leaves them waiting."""
    return {"banners": SimpleLazyObject(lambda: banner_messages.banners(get_messages(request)))}
