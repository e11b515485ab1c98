"""A person's notifications list, marking them read, and how they want to hear about things."""

import re

import pytest
from django.urls import reverse

from community.models import Notification, NotificationPreference
from community.notification_kinds import all_kinds
from community.services.notifications import notify
from tests.frontend.conftest import page_text


def tell(person, message="Leeds Independent Living added you as trained advisor.", url=""):
    return notify(recipient=person, kind="community.role_granted", message=message, url=url)


@pytest.mark.parametrize("name", ["notifications", "notification_settings"])
def test_notification_pages_need_signing_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_notifications_list_marks_unread_ones_in_words(member_client, member):
    old = tell(member, "Old news")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created)
    tell(member, "Fresh news", url="/people/1/")
    response = member_client.get(reverse("notifications"))
    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'notification--unread">\s*<strong class="tag tag--unread">Unread', page)
    assert page_text(response).count("Unread") == 1
    assert '<a href="/people/1/">Fresh news</a>' in page


def test_notifications_list_only_shows_your_own(member_client, staff):
    tell(staff, "Not for Rosa")
    assert "Not for Rosa" not in member_client.get(reverse("notifications")).content.decode()


def test_notifications_list_is_paginated(member_client, member):
    for number in range(30):
        tell(member, f"Message {number}")
    first = page_text(member_client.get(reverse("notifications")))
    # Newest first, 25 to a page: 29 down to 5 here, the rest on page 2.
    assert "Message 29" in first and "Message 5" in first and "Message 4" not in first
    assert "Next page" in first
    second = page_text(member_client.get(reverse("notifications"), {"page": 2}))
    assert "Message 0" in second


@pytest.mark.parametrize("how_many", [3, 30])
def test_notifications_list_queries_do_not_grow(
    member_client, member, django_assert_num_queries, how_many
):
    for _ in range(how_many):
        tell(member)
    # Session, person, count for the pager, the page, the header's unread count.
    with django_assert_num_queries(6):
        assert member_client.get(reverse("notifications")).status_code == 200


def test_mark_all_as_read(member_client, member, django_capture_on_commit_callbacks):
    tell(member)
    tell(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("notifications_mark_read"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notifications")
    assert "Marked 2 notifications as read." in page_text(response)
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert 'aria-label="Notifications, none unread"' in response.content.decode()


def test_mark_as_read_only_accepts_posts(member_client):
    assert member_client.get(reverse("notifications_mark_read")).status_code == 405


def test_notification_settings_show_the_current_choice(member_client):
    page = member_client.get(reverse("notification_settings")).content.decode()
    # Role changes are e-mailed unless the person says otherwise.
    assert re.search(r'name="community__role_granted" value="email"[^>]*checked', page)


def test_notification_settings_save_a_choice_per_kind(member_client, member):
    # Every app registers its kinds; the form asks about all of them.
    answers = {kind.code: "digest" for kind in all_kinds()}
    answers.update({"community.role_granted": "in_app", "community.role_revoked": "email"})
    response = member_client.post(
        reverse("notification_settings"),
        {code.replace(".", "__"): delivery for code, delivery in answers.items()},
    )
    assert response.status_code == 302
    chosen = dict(
        NotificationPreference.objects.filter(person=member).values_list("kind", "delivery")
    )
    assert chosen == answers


def test_notification_settings_need_a_choice_for_each_kind(member_client, member):
    response = member_client.post(
        reverse("notification_settings"), {"community__role_granted": "in_app"}
    )
    assert response.status_code == 400
    assert "Choose how to hear about this." in page_text(response)
    assert not NotificationPreference.objects.filter(person=member).exists()
