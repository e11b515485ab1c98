"""A support request a moderator hides takes its notifications with it: the helpers it was sent
to can no longer open it, so "X asked you for help" must not stay in their list (review finding
3, support requests). Notifications that do not name the request stay."""

import pytest

from community.models import Notification
from community.safety.moderation import act_on_case, case_for_thing
from community.support.models import SupportRequest
from community.support.services import requests as services
from tests.factories import OrganisationFactory, PersonFactory
from tests.support.helpers import helper

pytestmark = pytest.mark.django_db
ABOUT = SupportRequest._meta.label_lower


def _notifications_about(request) -> int:
    return Notification.objects.filter(about_type=ABOUT, about_id=request.pk).count()


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_hiding_or_removing_a_request_forgets_its_notifications(action):
    advisor = helper(OrganisationFactory(), display_name="Chosen Advisor")
    member = PersonFactory(display_name="Budget Holder")
    request = services.ask_for_help(
        member=member, body="Send me money for the form", wants="one_off", advisor=advisor
    )
    other = PersonFactory()
    Notification.objects.create(recipient=other, kind="other", message="Unrelated")
    assert _notifications_about(request) >= 1

    moderator = PersonFactory(is_moderator=True)
    case = case_for_thing(actor=moderator, kind="support_request", object_id=request.pk)
    act_on_case(actor=moderator, case=case, action=action, reason="This looks like a scam.")

    assert _notifications_about(request) == 0
    assert Notification.objects.filter(recipient=other).exists()
