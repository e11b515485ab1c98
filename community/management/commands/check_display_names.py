"""List every account whose display name claims a role the person does not hold (a name chosen
before the rule, or a role since taken away), so moderators can ask them to change it."""

import json

from django.core.management.base import BaseCommand

from community.display_names import claimed_role_problem, verified_organisations
from community.models import User


class Command(BaseCommand):
    help = "List accounts whose display name claims a role they do not hold. Changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="One JSON list, for machines.")

    def handle(self, *args, **options):
        organisations = verified_organisations()  # once, not once per person
        offenders = []
        people = User.objects.filter(is_active=True).order_by("pk")
        for person in people.iterator(chunk_size=500):
            problem = claimed_role_problem(
                person.display_name, person=person, organisations=organisations
            )
            if problem is not None:
                offenders.append({"id": person.pk, "name": person.display_name, "reason": problem})
        if options["json"]:
            self.stdout.write(json.dumps(offenders, ensure_ascii=False))
            return
        for offender in offenders:
            self.stdout.write(f"{offender['id']}\t{offender['name']}\t{offender['reason']}")
        self.stdout.write(f"{len(offenders)} name(s) claim a role the person does not hold.")
