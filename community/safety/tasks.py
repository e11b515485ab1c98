"""The safety app's periodic jobs, run by the task worker. The task that builds a data export
lives beside the service that queues it (`community.safety.exporting.build_data_export`)."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django_tasks import task

from community.models import User
from community.periodic import register_job
from community.safety import cases
from community.safety.exporting import delete_expired_data_exports
from community.safety.models import Case


@task()
def delete_expired_exports() -> int:
    return delete_expired_data_exports()


register_job(
    "safety.delete_expired_exports",
    delete_expired_exports,
    every=datetime.timedelta(hours=1),
    offset=datetime.timedelta(minutes=25),
)


@task()
def email_urgent_case(*, case_id: int, person_ids: list[int], why: str) -> int:
    """Urgent cases are e-mailed at once, one message each, not in the batched notification
    e-mails: someone may be at risk. Returns how many were sent."""
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return 0
    link = settings.SITE_URL + cases.case_url(case)
    sent = 0
    for person in User.objects.filter(pk__in=person_ids, is_active=True):
        body = render_to_string(
            "safety/email/urgent.txt", {"person": person, "case": case, "why": why, "link": link}
        )
        sent += send_mail(
            "Urgent: someone may be at risk on Alongside",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [person.email],
        )
    return sent


@task()
def email_person(*, person_id: int, subject: str, template: str, context: dict) -> int:
    """One e-mail to one person about their own account (a warning, suspension or ban)."""
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        return 0
    body = render_to_string(template, {"person": person, "site_url": settings.SITE_URL, **context})
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
