"""People, organisations, roles, notifications and the audit log."""

from .audit import AuditLogEntry
from .notifications import Notification, NotificationPreference
from .organisations import Membership, Organisation
from .people import Contrast, Profile, TextSize, User
from .scheduling import ScheduledRun
from .themes import Theme

__all__ = [
    "AuditLogEntry",
    "Contrast",
    "Membership",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Profile",
    "ScheduledRun",
    "TextSize",
    "Theme",
    "User",
]
