"""`manage.py seed_demo`: load the demo community. Running it again only adds what is missing,
and never undoes what people did since (a cancelled booking stays cancelled). Loading it e-mails
nobody: the whole load is one transaction, and the notifications it made are marked as already
e-mailed before it commits, so the batched e-mails and digests find nothing to send."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from community.demo import data
from community.demo.registry import registered_seeders
from community.demo.seed import seed_demo
from community.models import Notification
from community.notification_kinds import Delivery


class Command(BaseCommand):
    help = (
        "Create a demo community: organisations, staff, trained advisors and planning partners, "
        "members, a site admin and a moderator. Running it again creates nothing new."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            last = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
            self._seed()
            Notification.objects.filter(pk__gt=last or 0, emailed_at__isnull=True).exclude(
                delivery=Delivery.IN_APP
            ).update(emailed_at=timezone.now())
        self._how_to_log_in()

    def _seed(self) -> None:
        report = seed_demo()
        if report.created_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created {len(report.organisations)} organisations, "
                    f"{len(report.people)} people and {len(report.roles)} roles."
                )
            )
        else:
            self.stdout.write("The demo community is already there: nothing to add.")
        # forums/demo.py, events/demo.py … register their seeders when imported.
        autodiscover_modules("demo")
        for name, seeder in registered_seeders():
            self.stdout.write(f"{name}: {seeder()}")

    def _how_to_log_in(self) -> None:
        self.stdout.write("")
        self.stdout.write("Every demo account uses the same password:")
        self.stdout.write(f"  password:   {data.DEMO_PASSWORD}")
        self.stdout.write(f"  site admin: {data.ADMIN_EMAIL}")
        self.stdout.write(f"  moderator:  {data.MODERATOR_EMAIL}")
        staff = data.ORGANISATION_PEOPLE[0]
        advisor = data.ORGANISATION_PEOPLE[1]
        member = data.MEMBERS[0]
        self.stdout.write(f"  staff:      {staff.email} ({staff.display_name})")
        self.stdout.write(f"  advisor:    {advisor.email} ({advisor.display_name})")
        self.stdout.write(f"  member:     {member.email} ({member.display_name})")
        self.stdout.write(f"  …and every other demo person at @{data.DEMO_DOMAIN}.")
