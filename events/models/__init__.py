"""Workshops and drop-ins, their dates, places, waiting lists, feeds and imports."""

from .access import AccessRequest
from .appointments import Appointment
from .bookings import ACCESS_NEEDS, AttendanceMode, Booking, WaitingListEntry
from .events import Event
from .feeds import CalendarFeedToken, FeedVersion
from .importing import ImportJob
from .occurrences import Occurrence, Series
from .reminders import ReminderPreference
from .subscriptions import CalendarSubscription

__all__ = [
    "ACCESS_NEEDS",
    "AccessRequest",
    "Appointment",
    "AttendanceMode",
    "Booking",
    "CalendarFeedToken",
    "CalendarSubscription",
    "Event",
    "FeedVersion",
    "ImportJob",
    "Occurrence",
    "ReminderPreference",
    "Series",
    "WaitingListEntry",
]
