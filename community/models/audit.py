"""Who did what, with dotted codes (`community.membership.granted`), for moderators and staff.

The log is append-only: an entry that could be changed or deleted would prove nothing. Django
refuses here; on PostgreSQL a trigger refuses too (migration 0009). The one change allowed is the
database's own: forgetting a deleted account or organisation (actor, organisation set to NULL).
"""

from django.conf import settings
from django.db import models

# The only fields an update may touch, and only to clear them (ON DELETE SET NULL).
FORGETTABLE = frozenset({"actor", "actor_id", "organisation", "organisation_id"})


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or delete an audit log entry."""

    def __init__(self):
        super().__init__("The audit log cannot be changed or deleted: entries can only be added.")


class AuditLogQuerySet(models.QuerySet):
    def update(self, **changes):
        # Deleting an account or organisation sets its entries' link to NULL through here.
        if changes and set(changes) <= FORGETTABLE and all(v is None for v in changes.values()):
            return super().update(**changes)
        raise AuditLogIsAppendOnly()

    def delete(self):
        raise AuditLogIsAppendOnly()

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly()

    def _raw_delete(self, using):
        raise AuditLogIsAppendOnly()


class AuditLogEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)
    organisation = models.ForeignKey(
        "community.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name_plural = "audit log entries"
        # Deleting an account reaches its entries through the base manager: it must refuse too.
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()
