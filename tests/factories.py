"""Factories for the tests: real rows in the real database, with believable defaults."""

import datetime

import factory
from django.utils import timezone

from community.content import render_markdown
from community.models import Membership, Organisation, Profile, User

DEFAULT_PASSWORD = "a-long-test-password-42"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    real_name = factory.Sequence(lambda n: f"Real Name {n}")
    is_active = True
    # An established member by default: a new account's posts wait for a moderator (issue 10).
    date_joined = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=60))

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            Profile.objects.get_or_create(person=self, defaults=kwargs)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Independent Living Group {n}")
    slug = factory.Sequence(lambda n: f"independent-living-group-{n}")
    kind = Organisation.Kind.USER_LED
    description = "We run workshops about direct payments."
    description_html = factory.LazyAttribute(lambda o: render_markdown(o.description))
    area = "leeds"
    verified = True


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.ADVISOR
    trained_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    active = True


def staff_of(organisation: Organisation, **person_fields) -> User:
    person = PersonFactory(**person_fields)
    MembershipFactory(person=person, organisation=organisation, role="staff", trained_on=None)
    return person


def advisor_of(organisation: Organisation, trained_on=None, **person_fields) -> User:
    person = PersonFactory(**person_fields)
    MembershipFactory(
        person=person,
        organisation=organisation,
        role="advisor",
        trained_on=trained_on or datetime.date(2025, 3, 14),
    )
    return person


def theme(slug: str = "employing-a-pa", name: str = "Employing a personal assistant (PA)"):
    """The shared themes come from a migration; transactional tests flush them, so get or make."""
    from community.models import Theme

    found, _ = Theme.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": f"About {name.lower()}."}
    )
    return found
