"""The notifications events send. Imported from EventsConfig.ready(), which registers them."""

from community.notification_kinds import Delivery, register

OCCURRENCE_CHANGED = register(
    "events.occurrence_changed",
    "When a date you booked is moved, cancelled or gets a new host",
    Delivery.EMAIL,
)
PLACE_OFFERED = register(
    "events.place_offered", "When you get a place from a waiting list", Delivery.IN_APP
)
BOOKING_CANCELLED = register(
    "events.booking_cancelled", "When an organiser cancels your booking", Delivery.EMAIL
)
