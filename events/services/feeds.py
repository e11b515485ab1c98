"""A person's own calendar feed link: made on first use, regenerated to cut off old copies."""

from django.db import transaction

from community.models import User
from community.services.audit import record
from events.models import CalendarFeedToken
from events.models.bookings import new_token


def regenerate_feed_token(*, person: User) -> CalendarFeedToken:
    """A new secret address; every calendar app using the old one stops getting updates."""
    with transaction.atomic():
        token, created = CalendarFeedToken.objects.select_for_update().get_or_create(person=person)
        if not created:
            token.token = new_token()
            token.save(update_fields=["token"])
        record(actor=person, action="events.feed.regenerated", subject=token)
    return token
