"""Writing the audit log: one call per action, with a dotted code."""

from django.db import models

from community.models import AuditLogEntry, Organisation, User


def record(
    *,
    actor: User | None,
    action: str,
    subject: models.Model | None = None,
    organisation: Organisation | None = None,
    **data,
) -> AuditLogEntry:
    return AuditLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        organisation=organisation,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        data=data,
    )
