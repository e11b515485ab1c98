"""What every page's header needs: the signed-in person's unread notification count."""

from community.selectors import unread_notification_count


def site_header(request):
    person = getattr(request, "user", None)
    if person is None or not person.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": unread_notification_count(person=person)}
