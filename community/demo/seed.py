"""Loading the demo community through the domain services, creating only what is missing.

Running it again changes nothing: people are found by e-mail, organisations by slug and roles by
(person, organisation, role). Someone who edited a demo profile keeps their edits.
"""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from community.demo import data
from community.models import Membership, Organisation, User
from community.services.memberships import grant_role
from community.services.organisations import create_organisation
from community.services.profiles import update_profile


@dataclass
class SeedReport:
    """What one run created, so the command can say so."""

    organisations: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        return bool(self.organisations or self.people or self.roles)


@transaction.atomic
def seed_demo() -> SeedReport:
    """One transaction: notifications and their e-mails go out only once everything is in."""
    report = SeedReport()
    organisations = {spec.slug: _organisation(spec, report) for spec in data.ORGANISATIONS}

    admin = _person(data.SITE_TEAM[0], report, is_superuser=True)
    _person(data.SITE_TEAM[1], report, is_moderator=True)
    people = {spec.email: _person(spec, report) for spec in data.ORGANISATION_PEOPLE}
    for spec in (*data.MEMBERS, *data.FOR_MODERATION):
        _person(spec, report)

    # Staff first, given by the site admin: only then can each organisation vouch for its own
    # trained volunteers, as staff would in real life.
    staff_of = {}
    for spec in data.ORGANISATION_PEOPLE:
        for role in spec.roles:
            if role.role == Membership.Role.STAFF:
                organisation = organisations[role.organisation]
                _role(admin, organisation, people[spec.email], role, report)
                staff_of.setdefault(organisation.pk, people[spec.email])
    for spec in data.ORGANISATION_PEOPLE:
        for role in spec.roles:
            if role.role != Membership.Role.STAFF:
                organisation = organisations[role.organisation]
                _role(staff_of[organisation.pk], organisation, people[spec.email], role, report)
    return report


def _organisation(spec: data.DemoOrganisation, report: SeedReport) -> Organisation:
    existing = Organisation.objects.filter(slug=spec.slug).first()
    if existing is not None:
        return existing
    report.organisations.append(spec.name)
    return create_organisation(
        name=spec.name,
        slug=spec.slug,
        kind=spec.kind,
        description=spec.description,
        area=spec.area,
        website=spec.website,
        verified=spec.verified,
    )


def _person(
    spec: data.DemoPerson,
    report: SeedReport,
    *,
    is_superuser: bool = False,
    is_moderator: bool = False,
) -> User:
    person = User.objects.filter(email__iexact=spec.email).first()
    if person is None:
        with transaction.atomic():
            create = User.objects.create_superuser if is_superuser else User.objects.create_user
            person = create(
                email=spec.email,
                password=data.DEMO_PASSWORD,
                display_name=spec.display_name,
                is_moderator=is_moderator,
            )
            update_profile(
                editor=person,
                person=person,
                display_name=spec.display_name,
                real_name=spec.real_name,
                i_am=spec.i_am,
                bio=spec.bio,
                languages=list(spec.languages),
                area=spec.area,
            )
        report.people.append(spec.display_name)
    _joined(person, spec)
    # Verified and primary, so that (with mandatory verification) demo people can log in at once.
    EmailAddress.objects.get_or_create(
        user=person,
        email__iexact=person.email,
        defaults={"email": person.email, "verified": True, "primary": True},
    )
    return person


def _joined(person: User, spec: data.DemoPerson) -> None:
    """As if they joined `joined_days_ago` days ago: never moved later, so a second run (even
    days after) changes nothing, and someone made by an older seed becomes established too."""
    joined = timezone.now() - datetime.timedelta(days=spec.joined_days_ago)
    if person.date_joined > joined:
        User.objects.filter(pk=person.pk).update(date_joined=joined)
        person.date_joined = joined


def _role(
    granted_by: User,
    organisation: Organisation,
    person: User,
    role: data.DemoRole,
    report: SeedReport,
) -> None:
    held = Membership.objects.filter(
        person=person, organisation=organisation, role=role.role, active=True
    ).exists()
    if held:
        return
    membership = grant_role(
        granted_by=granted_by,
        organisation=organisation,
        person=person,
        role=role.role,
        trained_on=role.trained_on,
    )
    report.roles.append(str(membership))
