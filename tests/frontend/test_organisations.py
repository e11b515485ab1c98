"""Organisation pages: the public list and detail, and staff giving and taking away roles."""

import re

import pytest
from django.urls import reverse

from community.models import AuditLogEntry, Membership, Notification, Organisation
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    advisor_of,
    staff_of,
)
from tests.frontend.conftest import page_text, signed_in


def grant_url(org):
    return reverse("organisation_grant_role", args=[org.slug])


# ---- The list ----


def test_organisation_list_shows_kind_area_and_verified(client, org):
    OrganisationFactory(
        name="Kent Carers", kind=Organisation.Kind.CARERS_CENTRE, area="kent", verified=False
    )
    text = page_text(client.get(reverse("organisations")))
    assert "Leeds Independent Living" in text and "Kent Carers" in text
    assert "Carers' centre" in text and "Kent" in text
    assert "Verified" in text and "Not verified yet" in text


def test_organisation_list_filters_by_area_and_kind(client, org):
    OrganisationFactory(name="Kent Carers", kind=Organisation.Kind.CARERS_CENTRE, area="kent")
    OrganisationFactory(name="Kent Advice", kind=Organisation.Kind.ADVICE_CHARITY, area="kent")
    response = client.get(reverse("organisations"), {"area": "kent", "kind": "carers_centre"})
    text = page_text(response)
    assert "Kent Carers" in text
    assert "Kent Advice" not in text and "Leeds Independent Living" not in text
    assert "Clear filters" in text


def test_organisation_list_ignores_an_unknown_filter_value(client, org):
    response = client.get(reverse("organisations"), {"area": "atlantis"})
    assert response.status_code == 200
    assert "Leeds Independent Living" in page_text(response)


@pytest.mark.parametrize("how_many", [3, 30])
def test_organisation_list_queries_do_not_grow_with_organisations(
    client, db, django_assert_num_queries, how_many
):
    OrganisationFactory.create_batch(how_many)
    # One to count for the pager, one for the page of organisations.
    with django_assert_num_queries(2):
        assert client.get(reverse("organisations")).status_code == 200


# ---- The detail page ----


def test_organisation_page_shows_its_trained_advisors_with_badges(client, org):
    advisor = advisor_of(org, display_name="Jo the advisor")
    response = client.get(reverse("organisation", args=[org.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jo the advisor" in page
    assert advisor.get_absolute_url() in page
    assert "Trained advisor — Leeds Independent Living, since March 2025" in page_text(response)


def test_unknown_organisation_is_not_found(client, db):
    assert client.get(reverse("organisation", args=["nowhere"])).status_code == 404


def test_people_and_roles_section_is_only_for_staff(client, member_client, staff_client, org):
    url = reverse("organisation", args=[org.slug])
    assert "People and roles" not in client.get(url).content.decode()
    assert "People and roles" not in member_client.get(url).content.decode()
    staff_page = staff_client.get(url).content.decode()
    assert "People and roles" in staff_page
    assert grant_url(org) in staff_page
    assert reverse("organisation_edit", args=[org.slug]) in staff_page


def test_staff_see_a_take_away_button_for_each_role(staff_client, org, staff):
    advisor = advisor_of(org, display_name="Jo the advisor")
    membership = advisor.memberships.get()
    page = staff_client.get(reverse("organisation", args=[org.slug])).content.decode()
    for role in (membership, staff.memberships.get()):
        assert reverse("organisation_revoke_role", args=[org.slug, role.pk]) in page
    assert "the role trained advisor from Jo the advisor" in page


@pytest.mark.parametrize("how_many", [3, 30])
def test_organisation_page_queries_do_not_grow_with_advisors_for_the_public(
    client, org, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        advisor_of(org)
    # The organisation, then its trained people with their profiles in one join.
    with django_assert_num_queries(2):
        assert client.get(reverse("organisation", args=[org.slug])).status_code == 200


@pytest.mark.parametrize("how_many", [3, 30])
def test_organisation_page_queries_do_not_grow_with_advisors_for_staff(
    staff_client, org, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        advisor_of(org)
    # Session, person, organisation, trained people, may-manage-roles, may-edit, the roles
    # table, and the header's unread count.
    with django_assert_num_queries(9):
        assert staff_client.get(reverse("organisation", args=[org.slug])).status_code == 200


# ---- Giving a role ----


def test_staff_grant_an_advisor_role_and_the_badge_appears_on_the_public_profile(
    client, staff_client, org, django_capture_on_commit_callbacks
):
    person = PersonFactory(email="jo@example.org", display_name="Jo")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            grant_url(org),
            {"email": "Jo@Example.org", "role": "advisor", "trained_on": "2025-03-14"},
        )
    assert response.status_code == 302
    assert response["Location"] == org.get_absolute_url()
    confirmation = page_text(staff_client.get(response["Location"]))
    assert "Jo is now trained advisor at Leeds Independent Living." in confirmation

    profile = page_text(client.get(reverse("person", args=[person.pk])))
    assert "Trained advisor — Leeds Independent Living, since March 2025" in profile
    assert Notification.objects.filter(recipient=person, kind="community.role_granted").exists()


def test_training_date_can_be_typed_the_uk_way(staff_client, org):
    person = PersonFactory(email="jo@example.org")
    staff_client.post(
        grant_url(org), {"email": person.email, "role": "advisor", "trained_on": "14/03/2025"}
    )
    assert person.memberships.get().trained_on.isoformat() == "2025-03-14"


def test_staff_say_what_the_training_covered_and_staff_see_it_in_the_roles_table(staff_client, org):
    person = PersonFactory(email="jo@example.org")
    staff_client.post(
        grant_url(org),
        {
            "email": person.email,
            "role": "advisor",
            "trained_on": "2025-03-14",
            "trained_for": "  Employing a PA,   payroll ",
        },
    )
    assert person.memberships.get().trained_for == "Employing a PA, payroll"
    page = page_text(staff_client.get(org.get_absolute_url()))
    assert "What the training covered" in page and "Employing a PA, payroll" in page


def test_what_the_training_covered_is_not_kept_for_staff_roles(staff_client, org):
    person = PersonFactory(email="jo@example.org")
    staff_client.post(
        grant_url(org), {"email": person.email, "role": "staff", "trained_for": "Payroll"}
    )
    assert person.memberships.get().trained_for == ""


def test_too_long_a_training_note_is_shown_next_to_it_and_kept(staff_client, org):
    PersonFactory(email="jo@example.org")
    response = staff_client.post(
        grant_url(org),
        {
            "email": "jo@example.org",
            "role": "advisor",
            "trained_on": "2025-03-14",
            "trained_for": "Payroll " * 30,
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_trained_for_error">.*?200 characters or fewer', page, re.S)
    assert "Payroll Payroll" in page
    assert not Membership.objects.filter(organisation=org, role="advisor").exists()


def test_granting_a_role_needs_a_training_date_and_keeps_what_was_typed(staff_client, org):
    PersonFactory(email="jo@example.org")
    response = staff_client.post(
        grant_url(org), {"email": "jo@example.org", "role": "planning_partner", "trained_on": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="jo@example.org"' in page
    assert re.search(r'value="planning_partner"[^>]*checked', page)
    assert re.search(
        r'<p class="error-message" id="id_trained_on_error">.*?Enter the date this person '
        r"finished their training\.",
        page,
        re.S,
    )
    assert re.search(r'name="trained_on_day"[^>]*aria-invalid="true"', page)
    assert 'href="#id_trained_on_day"' in page  # the error summary links to the first box
    assert not Membership.objects.filter(organisation=org, role="planning_partner").exists()


def test_granting_to_an_unknown_email_shows_an_error_next_to_the_email(staff_client, org):
    response = staff_client.post(
        grant_url(org), {"email": "nobody@example.org", "role": "staff", "trained_on": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(
        r'id="id_email_error">.*?There is no account with this e-mail address', page, re.S
    )
    assert 'value="nobody@example.org"' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page


def test_granting_a_role_already_held_says_so_next_to_the_role(staff_client, org):
    person = advisor_of(org, email="jo@example.org", display_name="Jo")
    response = staff_client.post(
        grant_url(org), {"email": person.email, "role": "advisor", "trained_on": "2025-01-01"}
    )
    assert response.status_code == 400
    assert re.search(
        r'id="id_role_error">.*?Jo already has this role', response.content.decode(), re.S
    )


def test_a_member_who_is_not_staff_cannot_grant_a_role(member_client, member, org):
    response = member_client.post(
        grant_url(org), {"email": member.email, "role": "staff", "trained_on": ""}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(person=member).exists()
    assert not AuditLogEntry.objects.exists()


def test_staff_of_another_organisation_cannot_grant_here(org, member):
    outsider = staff_of(OrganisationFactory())
    response = signed_in(outsider).post(
        grant_url(org), {"email": member.email, "role": "advisor", "trained_on": "2025-01-01"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(person=member).exists()


def test_anonymous_visitors_cannot_grant_a_role(client, member, org):
    response = client.post(grant_url(org), {"email": member.email, "role": "staff"})
    assert response.status_code == 403
    assert not Membership.objects.filter(person=member).exists()


def test_the_grant_address_only_accepts_posts(staff_client, org):
    assert staff_client.get(grant_url(org)).status_code == 405


# ---- Taking a role away ----


def test_staff_take_a_role_away_and_the_badge_goes(client, staff_client, org):
    advisor = advisor_of(org)
    membership = advisor.memberships.get()
    response = staff_client.post(
        reverse("organisation_revoke_role", args=[org.slug, membership.pk])
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.active
    assert "Trained advisor" not in page_text(client.get(reverse("person", args=[advisor.pk])))


def test_the_last_member_of_staff_cannot_be_taken_away(staff_client, org, staff):
    membership = staff.memberships.get()
    response = staff_client.post(
        reverse("organisation_revoke_role", args=[org.slug, membership.pk])
    )
    assert response.status_code == 400
    assert "needs at least one member of staff" in page_text(response)
    membership.refresh_from_db()
    assert membership.active


def test_a_member_cannot_take_a_role_away(member_client, org):
    membership = advisor_of(org).memberships.get()
    response = member_client.post(
        reverse("organisation_revoke_role", args=[org.slug, membership.pk])
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.active


def test_a_role_from_another_organisation_cannot_be_taken_away_here(staff_client, org):
    elsewhere = MembershipFactory(organisation=OrganisationFactory())
    response = staff_client.post(reverse("organisation_revoke_role", args=[org.slug, elsewhere.pk]))
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.active


# ---- Editing details ----


def test_staff_can_open_and_save_the_edit_page(staff_client, org):
    url = reverse("organisation_edit", args=[org.slug])
    page = staff_client.get(url).content.decode()
    assert 'value="Leeds Independent Living"' in page
    response = staff_client.post(
        url,
        {
            "name": "Leeds Independent Living Centre",
            "kind": "user_led",
            "description": "We run **workshops**.",
            "area": "leeds",
            "website": "https://example.org",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "Leeds Independent Living Centre"
    assert "<strong>workshops</strong>" in org.description_html


def test_organisation_edit_errors_keep_what_was_typed(staff_client, org):
    response = staff_client.post(
        reverse("organisation_edit", args=[org.slug]),
        {"name": "", "kind": "user_led", "description": "Still here", "website": "not a url"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Still here" in page
    assert 'id="id_name_error"' in page and 'id="id_website_error"' in page
    org.refresh_from_db()
    assert org.name == "Leeds Independent Living"


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_staff_can_edit_an_organisation(client, member_client, org, who):
    visitor = client if who == "anonymous" else member_client
    url = reverse("organisation_edit", args=[org.slug])
    expected = 302 if who == "anonymous" else 403
    assert visitor.get(url).status_code == expected
    assert visitor.post(url, {"name": "Taken over", "kind": "other"}).status_code == expected
    org.refresh_from_db()
    assert org.name == "Leeds Independent Living"


def test_granting_to_a_closed_account_says_so_next_to_the_email(staff_client, org):
    PersonFactory(email="gone@example.org", is_active=False)
    response = staff_client.post(
        grant_url(org), {"email": "gone@example.org", "role": "staff", "trained_on": ""}
    )
    assert response.status_code == 400
    assert re.search(
        r'id="id_email_error">.*?This account is closed', response.content.decode(), re.S
    )


def test_organisation_page_offers_its_programme_as_a_calendar_feed(client, db, settings):
    from tests.factories import OrganisationFactory

    settings.SITE_URL = "https://alongside.example.org"
    organisation = OrganisationFactory(slug="calder-valley")
    page = client.get(reverse("organisation", args=[organisation.slug])).content.decode()
    assert 'href="/organisations/calder-valley/events.ics"' in page
    assert 'href="webcal://alongside.example.org/organisations/calder-valley/events.ics"' in page
    assert f'href="/events/?organisation={organisation.slug}"' in page
