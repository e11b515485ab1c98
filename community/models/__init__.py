"""People, organisations, roles, notifications and the audit log."""

from .audit import AuditLogEntry
from .notifications import Notification, NotificationPreference
from .organisations import Membership, Organisation
from .people import Profile, User
from .scheduling import ScheduledRun
from .themes import Theme

__all__ = [
    "AuditLogEntry",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Profile",
    "ScheduledRun",
    "Theme",
    "User",
]
