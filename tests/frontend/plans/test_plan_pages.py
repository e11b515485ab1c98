"""Reading a plan: who sees it (and who is told it is not there), the list of plans, starting a
plan, and the clean copies to print and download."""

from django.urls import reverse

from community.support.models import Plan
from community.support.services.plans import edit_section, set_organisation_can_see
from tests.factories import OrganisationFactory, staff_of
from tests.frontend.conftest import page_text, signed_in


def link_to(name, *args) -> str:
    return f'href="{reverse(name, args=args)}"'


PARTS_IN_ORDER = [
    "About me",
    "What is important to me",
    "What I want to change",
    "How I will spend my budget",
    "Who helps me",
    "What happens if things go wrong",
]


def test_the_owner_sees_the_six_parts_in_order_with_what_they_wrote(member_client, member, plan):
    edit_section(person=member, plan=plan, part="about_me", body="I love **gardening**.")
    response = member_client.get(reverse("plan", args=[plan.pk]))
    assert response.status_code == 200
    text = page_text(response)
    positions = [text.index(part) for part in PARTS_IN_ORDER]
    assert positions == sorted(positions)
    assert "<strong>gardening</strong>" in response.content.decode()
    assert link_to("plan_section_edit", plan.pk, "about_me") in response.content.decode()
    assert reverse("plan_sharing", args=[plan.pk]) in response.content.decode()


def test_the_partner_reads_and_comments_but_cannot_edit_or_share(partner_client, plan):
    response = partner_client.get(reverse("plan", args=[plan.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert link_to("plan_section_edit", plan.pk, "about_me") not in content
    assert reverse("plan_sharing", args=[plan.pk]) not in content
    assert reverse("plan_comment", args=[plan.pk]) in content
    assert reverse("plan_session_book", args=[plan.pk]) in content


def test_someone_it_is_shared_with_reads_it_without_forms(reader_client, plan):
    response = reader_client.get(reverse("plan", args=[plan.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("plan_comment", args=[plan.pk]) not in content
    assert reverse("plan_session_book", args=[plan.pk]) not in content
    assert link_to("plan_section_edit", plan.pk, "about_me") not in content


def test_a_stranger_is_told_the_plan_is_not_there(stranger_client, plan):
    for name in ("plan", "plan_print", "plan_sharing"):
        assert stranger_client.get(reverse(name, args=[plan.pk])).status_code == 404
    for fmt in ("html", "txt"):
        url = reverse("plan_download", args=[plan.pk, fmt])
        assert stranger_client.get(url).status_code == 404
    history = reverse("plan_section_history", args=[plan.pk, "about_me"])
    assert stranger_client.get(history).status_code == 404
    assert stranger_client.post(reverse("plan_comment", args=[plan.pk])).status_code == 404


def test_a_missing_plan_looks_the_same_as_a_private_one(stranger_client, plan):
    assert stranger_client.get(reverse("plan", args=[plan.pk + 1000])).status_code == 404


def test_someone_signed_out_is_asked_to_log_in(client, plan):
    response = client.get(reverse("plan", args=[plan.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_organisation_staff_read_it_only_while_the_member_allows(staff_client, member, plan):
    url = reverse("plan", args=[plan.pk])
    response = staff_client.get(url)
    assert response.status_code == 200
    assert reverse("plan_comment", args=[plan.pk]) not in response.content.decode()

    set_organisation_can_see(owner=member, plan=plan, allowed=False)
    assert staff_client.get(url).status_code == 404


def test_another_organisations_staff_never_see_it(plan):
    other = signed_in(staff_of(OrganisationFactory()))
    assert other.get(reverse("plan", args=[plan.pk])).status_code == 404


def test_the_list_shows_my_plans_the_ones_i_help_with_and_the_ones_shared_with_me(
    member_client, partner_client, reader_client, plan
):
    for client, heading in (
        (member_client, "Your plans"),
        (partner_client, "Plans you help with as planning partner"),
        (reader_client, "Plans shared with you"),
    ):
        text = page_text(client.get(reverse("plans")))
        assert heading in text
        assert plan.title in text


def test_starting_a_plan_makes_one_and_opens_it(member_client, member):
    response = member_client.post(reverse("plan_start"))
    plan = Plan.objects.get(owner=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan", args=[plan.pk])
    assert plan.sections.count() == 6
    assert plan.partner is None


def test_starting_from_a_request_makes_the_advisor_the_partner(member_client, plan_request):
    response = member_client.post(f"{reverse('plan_start')}?request={plan_request.pk}")
    plan = Plan.objects.get(request=plan_request)
    assert response["Location"] == reverse("plan", args=[plan.pk])
    assert plan.partner == plan_request.advisor


def test_nobody_starts_a_plan_from_someone_elses_request(stranger_client, plan_request):
    url = f"{reverse('plan_start')}?request={plan_request.pk}"
    assert stranger_client.post(url).status_code == 404
    assert stranger_client.post(f"{reverse('plan_start')}?request=nonsense").status_code == 404
    assert not Plan.objects.exists()


def test_a_request_number_that_is_not_plain_digits_is_not_found(member_client, plan_request):
    for asked in ("²", "１２", "-1", "1.0", "9" * 30):
        response = member_client.post(f"{reverse('plan_start')}?request={asked}")
        assert response.status_code == 404, asked
    assert not Plan.objects.exists()


def test_starting_a_plan_is_a_post_only(member_client):
    assert member_client.get(reverse("plan_start")).status_code == 405


def test_the_print_page_has_the_plan_and_no_forms(member_client, member, plan):
    edit_section(person=member, plan=plan, part="budget", body="Two hours a day of PA time.")
    response = member_client.get(reverse("plan_print", args=[plan.pk]))
    content = response.content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    assert response.status_code == 200
    assert 'class="plan-print"' in main
    assert "Two hours a day of PA time." in main
    assert "<form" not in main
    assert "<textarea" not in content
    assert [text for text in PARTS_IN_ORDER if text in main] == PARTS_IN_ORDER


def test_downloads_are_private_attachments(member_client, member, plan):
    edit_section(person=member, plan=plan, part="about_me", body="I live in Leeds.")
    for fmt, kind in (("html", "text/html"), ("txt", "text/plain")):
        response = member_client.get(reverse("plan_download", args=[plan.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(kind)
        assert response["Content-Disposition"] == (
            f'attachment; filename="support-plan-{plan.pk}.{fmt}"'
        )
        assert response["Cache-Control"] == "private, no-store"
        assert "I live in Leeds." in response.content.decode()


def test_an_unknown_download_format_is_not_found(member_client, plan):
    assert member_client.get(reverse("plan_download", args=[plan.pk, "pdf"])).status_code == 404
