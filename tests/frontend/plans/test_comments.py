"""Comments on a plan: the partner comments, the member marks it resolved, resolved comments
fold away; people who may only read get no form."""

from django.urls import reverse

from community.support.models import PlanComment
from community.support.services.plans import comment_on_plan
from tests.frontend.conftest import page_text


def test_the_partner_comments_on_a_part_and_the_member_resolves_it(
    partner_client, member_client, partner, plan
):
    response = partner_client.post(
        reverse("plan_comment", args=[plan.pk]),
        {"comment-part": "budget", "comment-body": "Have you counted the PA's holiday pay?"},
    )
    comment = PlanComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.section.part == "budget" and comment.author == partner

    page = member_client.get(reverse("plan", args=[plan.pk])).content.decode()
    budget = page[page.index('id="part-budget"') : page.index('id="part-who_helps"')]
    assert "holiday pay" in budget
    # The hidden words join straight on: screen readers hear "Mark as resolved: comment from…"
    hidden = '<span class="visually-hidden-inline">: comment from Priya the Planner</span>'
    assert f"<span>Mark as resolved{hidden}</span></button>" in budget
    assert "<details" not in budget

    resolve = reverse("plan_comment_resolve", args=[plan.pk, comment.pk])
    assert member_client.post(resolve).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is not None

    page = member_client.get(reverse("plan", args=[plan.pk])).content.decode()
    budget = page[page.index('id="part-budget"') : page.index('id="part-who_helps"')]
    details = budget[budget.index("<details") : budget.index("</details>")]
    assert "Resolved comments (1)" in details
    assert "holiday pay" in details


def test_the_member_can_open_a_resolved_comment_again(member_client, partner, plan):
    comment = comment_on_plan(person=partner, plan=plan, body="Looks good")
    url = reverse("plan_comment_resolve", args=[plan.pk, comment.pk])
    member_client.post(url)
    member_client.post(url, {"resolved": "no"})
    comment.refresh_from_db()
    assert comment.resolved_at is None


def test_a_comment_on_the_whole_plan_shows_under_its_own_heading(member_client, partner, plan):
    comment_on_plan(person=partner, plan=plan, body="A good start overall")
    text = page_text(member_client.get(reverse("plan", args=[plan.pk])))
    general = text[text.index("Comments on the whole plan") : text.index("Add a comment")]
    assert "Priya the Planner" in general
    assert "A good start overall" in general


def test_an_empty_comment_comes_back_with_an_error(partner_client, plan):
    response = partner_client.post(
        reverse("plan_comment", args=[plan.pk]), {"comment-part": "", "comment-body": "   "}
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_comment-body"' in content
    assert "Write your comment." in content
    assert not PlanComment.objects.exists()


def test_an_unknown_part_is_a_field_error_and_the_comment_is_kept(partner_client, plan):
    response = partner_client.post(
        reverse("plan_comment", args=[plan.pk]),
        {"comment-part": "nonsense", "comment-body": "My careful words"},
    )
    assert response.status_code == 400
    assert "My careful words" in response.content.decode()
    assert 'href="#id_comment-part"' in response.content.decode()


def test_a_reader_cannot_comment(reader_client, plan):
    response = reader_client.post(
        reverse("plan_comment", args=[plan.pk]), {"comment-body": "Sneaky"}
    )
    assert response.status_code == 403
    assert not PlanComment.objects.exists()


def test_a_reader_cannot_resolve_the_partners_comment(reader_client, partner, plan):
    comment = comment_on_plan(person=partner, plan=plan, body="Looks good")
    url = reverse("plan_comment_resolve", args=[plan.pk, comment.pk])
    assert reader_client.post(url).status_code == 403
    comment.refresh_from_db()
    assert comment.resolved_at is None
