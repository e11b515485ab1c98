"""The demo's moderation queue: established demo people, one clearly new account, and open
cases made through the real safety services (a reported scam reply, an urgent report, a new
account's topic waiting for approval), made once however often the demo is loaded."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from community.demo import data
from community.models import User
from community.safety.holds import is_new_account
from community.safety.models import Case, Report
from community.safety.selectors import queue_for
from community.safety.visibility import Visibility
from forums.models import Post, Topic

pytestmark = pytest.mark.django_db


class _Discard:
    def write(self, text):
        pass

    def flush(self):
        pass


def seed():
    call_command("seed_demo", stdout=_Discard())


def test_demo_people_are_established_except_one_new_account():
    seed()
    new = [person for person in User.objects.all() if is_new_account(person)]
    assert [person.email for person in new] == [data.NEW_ACCOUNT_EMAIL]
    long_ago = timezone.now() - datetime.timedelta(days=300)
    members = User.objects.filter(email__in=[spec.email for spec in data.MEMBERS])
    assert all(member.date_joined < long_ago for member in members)


def test_the_queue_has_a_scam_reply_an_urgent_report_and_a_topic_waiting():
    seed()
    moderator = User.objects.get(email=data.MODERATOR_EMAIL)
    cases = queue_for(viewer=moderator)
    assert len(cases) == 3
    urgent = cases[0]
    assert urgent.urgent
    assert Report.objects.get(case=urgent).reason == Report.Reason.SAFETY

    scam = Post.objects.get(author__email=data.SCAM_EMAIL)
    scam_case = Case.objects.get(kind="post", object_id=scam.pk)
    assert scam_case.state == Case.State.OPEN and scam_case.report_count == 2
    assert not scam_case.urgent

    waiting = Topic.objects.get(author__email=data.NEW_ACCOUNT_EMAIL)
    assert waiting.visibility == Visibility.WAITING
    assert Case.objects.get(kind="topic", object_id=waiting.pk).waiting_approval


def test_loading_the_demo_again_adds_no_cases_reports_or_posts():
    seed()
    counts = (Case.objects.count(), Report.objects.count(), Post.objects.count())
    seed()
    assert (Case.objects.count(), Report.objects.count(), Post.objects.count()) == counts
