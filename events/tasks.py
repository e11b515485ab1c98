"""The events app's periodic jobs, run by the task worker. A task that a service enqueues lives
beside that service instead (`events.emails.send_booking_email`,
`events.services.importing.import_in_background`): this module imports the services, so they
must not import it."""

import datetime

from django_tasks import task

from community.periodic import register_job
from events.personal_data import erase_old_access_needs
from events.services.offers import pass_on_expired_offers
from events.services.reminders import send_due_reminders
from events.services.series import fill_all_series
from events.services.subscriptions import reread_all


@task()
def send_reminders() -> int:
    return send_due_reminders()


@task()
def fill_series_ahead() -> int:
    return fill_all_series()


@task()
def reread_calendars() -> int:
    return reread_all()


register_job("events.reminders", send_reminders, every=datetime.timedelta(minutes=15))
register_job(
    "events.fill_series",
    fill_series_ahead,
    every=datetime.timedelta(days=1),
    offset=datetime.timedelta(hours=2),
)
# Calendars kept in step are read again every three hours (each in its own task).
register_job(
    "events.reread_calendars",
    reread_calendars,
    every=datetime.timedelta(hours=3),
    offset=datetime.timedelta(minutes=40),
)


@task()
def forget_old_access_needs() -> int:
    return erase_old_access_needs()


register_job(
    "events.forget_old_access_needs",
    forget_old_access_needs,
    every=datetime.timedelta(days=1),
    offset=datetime.timedelta(hours=3),
)


@task()
def pass_on_offers() -> int:
    return pass_on_expired_offers()


# Waiting-list offers not accepted in time go on to the next person waiting.
register_job("events.offers", pass_on_offers, every=datetime.timedelta(minutes=5))
