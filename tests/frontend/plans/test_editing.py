"""Editing a part of the plan: only the owner, every saved version kept and listed, and nothing
typed lost when something is wrong."""

from django.urls import reverse

from community.support.models import PLAN_SECTION_MAX, PlanRevision
from community.support.services.plans import edit_section
from tests.frontend.conftest import page_text


def test_the_edit_page_has_a_labelled_box_and_says_plain_text_is_fine(member_client, plan):
    response = member_client.get(reverse("plan_section_edit", args=[plan.pk, "important"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<label class="label" for="id_body">What is important to me' in content
    assert "Plain text is fine" in page_text(response)


def test_saving_twice_keeps_both_versions_with_who_and_when(member_client, member, plan):
    url = reverse("plan_section_edit", args=[plan.pk, "about_me"])
    first = member_client.post(url, {"body": "I am Rosa."})
    member_client.post(url, {"body": "I am Rosa. I live in Leeds."})

    assert first.status_code == 302
    assert first["Location"] == reverse("plan", args=[plan.pk]) + "#part-about_me"
    revisions = PlanRevision.objects.filter(section__plan=plan, section__part="about_me")
    assert [r.body for r in revisions] == ["I am Rosa. I live in Leeds.", "I am Rosa."]
    assert {r.edited_by for r in revisions} == {member}

    history = member_client.get(reverse("plan_section_history", args=[plan.pk, "about_me"]))
    text = page_text(history)
    assert history.status_code == 200
    # Newest first: the longer version, then the first one.
    assert text.count("I am Rosa.") == 2
    assert text.index("I live in Leeds.") < text.rindex("I am Rosa.")
    assert text.count("Saved by Rosa") == 2


def test_the_partner_can_see_the_history_but_not_edit(partner_client, member, plan):
    edit_section(person=member, plan=plan, part="budget", body="PA wages.")
    url = reverse("plan_section_edit", args=[plan.pk, "budget"])
    assert partner_client.get(url).status_code == 403
    assert partner_client.post(url, {"body": "Changed by someone else"}).status_code == 403
    history = partner_client.get(reverse("plan_section_history", args=[plan.pk, "budget"]))
    assert "PA wages." in page_text(history)
    assert PlanRevision.objects.filter(section__plan=plan).count() == 1


def test_too_long_text_comes_back_with_an_error_and_every_word_kept(member_client, plan):
    typed = "My week. " + "x" * PLAN_SECTION_MAX
    url = reverse("plan_section_edit", args=[plan.pk, "change"])
    response = member_client.post(url, {"body": typed})
    content = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in content
    assert 'href="#id_body"' in content
    assert typed in content
    assert not PlanRevision.objects.exists()


def test_a_hidden_character_is_refused_next_to_the_box(member_client, plan):
    url = reverse("plan_section_edit", args=[plan.pk, "change"])
    response = member_client.post(url, {"body": "Pasted\x00text"})
    assert response.status_code == 400
    assert "hidden character" in page_text(response)


def test_an_unknown_part_is_not_found(member_client, plan):
    assert member_client.get(reverse("plan_section_edit", args=[plan.pk, "x"])).status_code == 404
    url = reverse("plan_section_history", args=[plan.pk, "nope"])
    assert member_client.get(url).status_code == 404
