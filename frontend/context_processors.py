"""What every page's header needs: the signed-in person's unread notification count."""

from community.permissions import is_signed_in
from community.selectors import unread_notification_count


def site_header(request):
    person = getattr(request, "user", None)
    if not is_signed_in(person):
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notification_count(person=person)}
