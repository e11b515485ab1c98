"""Background tasks of the events app, run by the task worker, and its periodic jobs."""

import datetime

from django_tasks import task

from community.periodic import register_job
from events.models import Booking


@task()
def send_booking_email(*, booking_id: int, kind: str) -> bool:
    from events.emails import send_booking_email as send

    booking = (
        Booking.objects.select_related("person", "occurrence__event__organisation")
        .filter(pk=booking_id, status=Booking.Status.CONFIRMED)
        .first()
    )
    if booking is None or booking.person is None or not booking.person.is_active:
        return False  # given back or cancelled before the e-mail went: nothing to say
    send(booking, kind)
    return True


@task()
def send_reminders() -> int:
    from events.services.reminders import send_due_reminders

    return send_due_reminders()


@task()
def fill_series_ahead() -> int:
    from events.services.series import fill_all_series

    return fill_all_series()


@task()
def run_import(*, job_id: int) -> int:
    from events.services.importing import run_import as run

    return run(job_id=job_id)


register_job("events.reminders", send_reminders, every=datetime.timedelta(minutes=15))
register_job(
    "events.fill_series",
    fill_series_ahead,
    every=datetime.timedelta(days=1),
    offset=datetime.timedelta(hours=2),
)
