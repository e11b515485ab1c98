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
# Organisers, hosts and carers (access needs to arrange, waiting-list offers).
ACCESS_TO_ARRANGE = register(
    "events.access_to_arrange",
    "When someone booked asks for an access need the venue does not list (staff)",
    Delivery.EMAIL,
)
ACCESS_ANSWERED = register(
    "events.access_answered",
    "When the organiser answers an access need you asked for",
    Delivery.EMAIL,
)
PLACE_OFFER = register(
    "events.place_offer",
    "When a place is offered to you from a waiting list, to accept in time",
    Delivery.EMAIL,
)
PASSED_OVER = register(
    "events.passed_over",
    "When a place came free on a waiting list but was too few for your group",
    Delivery.IN_APP,
)
