"""The demo forum: the categories people ask about, and a few believable conversations.

Written straight to the tables (not through the services) so that loading the demo sends nobody
notifications or e-mails about conversations that "happened" days ago. Idempotent: categories are
found by slug, topics by title; nothing is added twice. The moderation queue's examples (at the
end) are the exception: reports and a new account's topic go through the real services, so the
queue, the holds and moderators' notifications are as they would be.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from community.content import render_markdown
from community.demo.data import DEMO_DOMAIN, NEW_ACCOUNT_EMAIL
from community.demo.registry import register_demo
from community.models import Theme, User
from community.safety.models import Report
from community.safety.reports import report_concern
from forums.models import Category, Post, Reaction, Topic, Watch
from forums.services.topics import start_topic

# (slug, name, description, theme slug, members only)
CATEGORIES = [
    ("getting-started", "Getting started with direct payments",
     "New to personal budgets? Ask anything: what a direct payment is, how to ask for one, "
     "and what changes when you say yes.", "getting-started", False),
    ("employing-a-pa", "Employing a personal assistant (PA)",
     "Finding and hiring a PA, contracts, payroll, holiday pay, insurance and being a good "
     "employer.", "employing-a-pa", False),
    ("managing-the-money", "Managing the money",
     "Managed accounts, prepaid cards, keeping records and what the council checks.",
     "managing-the-money", False),
    ("support-planning", "Support planning",
     "Writing your own support plan, reviews, and getting independent help to plan.",
     "support-planning", False),
    ("carers", "Carers",
     "For family and friends who care: carer's assessments, breaks, and managing a payment for "
     "someone else.", "carers", False),
    ("can-i-spend-it-on", "Can I spend it on…?",
     "What a direct payment can pay for, and how people agreed unusual things with their council.",
     "can-i-spend-it-on", False),
    ("older-people", "Older people",
     "Personal budgets in later life: help at home, dementia, and moving between services.",
     "older-people", False),
    ("mental-health", "Mental health",
     "Using a personal budget for mental health support and recovery. Members only: only people "
     "signed in to Alongside can read this.", "mental-health", True),
    ("learning-disabilities", "Learning disabilities",
     "Easy Read information, supported decision-making, and help from family and advocates.",
     "learning-disabilities", False),
    ("local-groups", "Local groups by area",
     "What your council does and who can help near you: news and meet-ups by area.",
     "local-groups", False),
]  # fmt: skip


@dataclass(frozen=True)
class DemoPost:
    author: str  # e-mail local part
    body: str
    helped_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoTopic:
    category: str
    title: str
    kind: str
    days_ago: int
    opening: DemoPost
    replies: tuple[DemoPost, ...] = field(default_factory=tuple)
    anonymous: bool = False
    wants_advisor: bool = False
    answer: int | None = None  # the reply's position in `replies`


TOPICS = [
    DemoTopic(
        category="employing-a-pa",
        title="Can I pay my daughter to be my PA?",
        kind=Topic.Kind.QUESTION,
        days_ago=9,
        wants_advisor=True,
        opening=DemoPost(
            "ray",
            "My daughter already helps me most mornings. Could my direct payment pay her "
            "instead of an agency? She doesn't live with me.",
        ),
        replies=(
            DemoPost(
                "marigold",
                "I asked the same in Sheffield. They said yes for a family member who does not "
                "live with you, but you need to ask first.",
            ),
            DemoPost(
                "bev",
                "Usually yes, if she doesn't live with you. If she did, the council would need "
                "to agree it is *necessary*.\n\n"
                "- Ask your social worker in writing.\n"
                "- She becomes your employee: you'll need employer's liability insurance and "
                "a payroll service.\n\nHappy to go through it at our Tuesday drop-in.",
                helped_by=("ray", "marigold", "kestrel"),
            ),
            DemoPost("ray", "Thank you both. I've e-mailed my social worker today."),
        ),
        answer=1,
    ),
    DemoTopic(
        category="managing-the-money",
        title="My council wants receipts for everything — is that right?",
        kind=Topic.Kind.QUESTION,
        days_ago=3,
        wants_advisor=True,
        opening=DemoPost(
            "tom",
            "I manage my dad's direct payment. The council has asked for every receipt for the "
            "last year, even bus fares. Is that normal? I'm worried they'll take it back.",
        ),
        replies=(
            DemoPost(
                "pip",
                "I don't know the rules, sorry, but I'd keep copies of everything you send them.",
            ),
        ),
    ),
    DemoTopic(
        category="support-planning",
        title="Our first support plan review: what should we expect?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=6,
        opening=DemoPost(
            "willow",
            "We have our first review next month. What did your review look like? Did you "
            "prepare anything?",
        ),
        replies=(
            DemoPost(
                "geoff",
                "A review looks at whether the plan still meets your needs. Write down what "
                "worked, what didn't, and anything that has changed. You can ask someone "
                "independent to sit in with you.",
                helped_by=("willow",),
            ),
            DemoPost("jas", "We took a one-page list. It kept us on track."),
        ),
    ),
    DemoTopic(
        category="can-i-spend-it-on",
        title="Using my direct payment for a gym membership",
        kind=Topic.Kind.QUESTION,
        days_ago=2,
        opening=DemoPost(
            "dev",
            "My physio says swimming helps more than anything. Has anyone got a gym or pool "
            "membership agreed as part of their support plan?",
        ),
        replies=(
            DemoPost(
                "amina",
                "Yes, in Tower Hamlets. It has to link to an outcome in your plan, like "
                "staying mobile.",
            ),
            DemoPost(
                "olu",
                "@[Dev the drummer] Amina is right: tie it to an outcome and ask for the change in "
                "writing. Your physio's letter will help.",
            ),
        ),
    ),
    DemoTopic(
        category="mental-health",
        title="Paying for counselling from my personal budget",
        kind=Topic.Kind.QUESTION,
        days_ago=4,
        anonymous=True,
        opening=DemoPost(
            "otter",
            "I would like to use part of my budget for counselling. I don't want people I know "
            "to see this, so I'm posting without my name.",
        ),
        replies=(
            DemoPost(
                "maggie",
                "Some councils agree this when it meets an assessed need. Talk to your care "
                "coordinator, and look at the *Mental health* workshops on the events page.",
            ),
        ),
    ),
    DemoTopic(
        category="carers",
        title="Carer's break: has anyone used theirs for a short holiday?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=1,
        opening=DemoPost(
            "heron",
            "I have a small carer's direct payment. Could it pay for two nights away while my "
            "brother stays with his PA?",
        ),
        replies=(DemoPost("kestrel", "Mine paid for a weekend in Whitby last year. Go for it!"),),
    ),
]


def _person(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()


def _categories() -> tuple[dict[str, Category], int]:
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    found, created = {}, 0
    for position, (slug, name, description, theme, members_only) in enumerate(CATEGORIES):
        category, made = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "theme": themes.get(theme),
                "members_only": members_only,
                "position": position,
            },
        )
        found[slug], created = category, created + made
    return found, created


def _topic(spec: DemoTopic, category: Category) -> bool:
    if Topic.objects.filter(title=spec.title).exists():
        return False
    people = {p.author: _person(p.author) for p in (spec.opening, *spec.replies)}
    if any(person is None for person in people.values()):
        return False
    start = timezone.now() - datetime.timedelta(days=spec.days_ago)
    topic = Topic.objects.create(
        category=category,
        kind=spec.kind,
        title=spec.title,
        author=people[spec.opening.author],
        anonymous=spec.anonymous,
        wants_advisor=spec.wants_advisor,
        created=start,
        last_activity=start,
    )
    posts = []
    for number, written in enumerate((spec.opening, *spec.replies), start=1):
        when = start + datetime.timedelta(hours=5 * (number - 1))
        post = Post.objects.create(
            topic=topic,
            number=number,
            author=people[written.author],
            body=written.body,
            body_html=render_markdown(written.body),
            created=when,
        )
        for helper in written.helped_by:
            person = _person(helper)
            if person is not None and person.pk != post.author_id:
                Reaction.objects.get_or_create(person=person, post=post)
        post.helped_count = post.reactions.count()
        post.save(update_fields=["helped_count"])
        Watch.objects.get_or_create(person=post.author, topic=topic)
        posts.append(post)
    topic.last_post_number = len(posts)
    topic.reply_count = len(posts) - 1
    topic.last_activity = posts[-1].created
    if spec.answer is not None:
        topic.accepted_answer, topic.is_answered = posts[spec.answer + 1], True
    topic.save()
    return True


@register_demo("forums")
@transaction.atomic
def seed() -> str:
    categories, made_categories = _categories()
    made_topics = sum(_topic(spec, categories[spec.category]) for spec in TOPICS)
    if not made_categories and not made_topics:
        return "the demo forum is already there: nothing to add."
    return f"created {made_categories} categories and {made_topics} topics."


# --- The moderation queue -----------------------------------------------------------------------
# A few open cases, made through the real safety services, so a moderator trying the demo has
# something to do: a scam reply two members reported, a worrying post a member reported as
# "worried about someone's safety" (urgent), and a new account's first topic waiting for approval.

SCAM_IN = "Can I pay my daughter to be my PA?"
SCAM_REPLY = DemoPost(
    "sunny",
    "I can get your whole direct payment paid out to you as cash, with no receipts and no "
    "questions from the council. Message me on WhatsApp on 07700 900461 and I will sort it "
    "today for a small fee.",
)
SCAM_REPORTS = (
    ("kestrel", "This looks like a scam. They want people to message them privately."),
    ("marigold", "Asking for money to get around the council. Please take it down."),
)
WORRYING = DemoTopic(
    category="mental-health",
    title="Finding it hard since my PA left",
    kind=Topic.Kind.DISCUSSION,
    days_ago=0,
    opening=DemoPost(
        "otter",
        "My PA left three weeks ago and the agency has nobody. I have not been out of the flat "
        "since. I do not see the point of anything any more.",
    ),
)
WORRIED_REPORT = (
    "dev",
    "Quiet Otter sounds very low and alone. Could someone check they are all right?",
)
NEW_ACCOUNT_TOPIC = (
    "getting-started",
    "Does my dad's direct payment stop if he goes into hospital?",
    "My dad has just started getting a direct payment for a PA. He may need an operation soon. "
    "Does the money stop while he is in hospital, and what happens to his PA's wages?",
)


def _reply(topic: Topic, written: DemoPost) -> Post | None:
    """A reply added to a demo topic (once), written straight to the table like the rest."""
    author = _person(written.author)
    if author is None:
        return None
    existing = Post.objects.filter(topic=topic, author=author).first()
    if existing is not None:
        return existing
    number = topic.last_post_number + 1
    post = Post.objects.create(
        topic=topic,
        number=number,
        author=author,
        body=written.body,
        body_html=render_markdown(written.body),
        created=topic.last_activity + datetime.timedelta(hours=2),
    )
    topic.last_post_number = number
    topic.reply_count += 1
    topic.last_activity = post.created
    topic.save(update_fields=["last_post_number", "reply_count", "last_activity"])
    return post


def _report(local_part: str, post: Post, reason: str, note: str) -> bool:
    """Report through the safety service, once per person (a case a moderator already closed
    is not opened again by a second run)."""
    reporter = _person(local_part)
    if reporter is None:
        return False
    already = Report.objects.filter(
        case__kind="post", case__object_id=post.pk, reporter=reporter
    ).exists()
    if already:
        return False
    report_concern(reporter=reporter, kind="post", object_id=post.pk, reason=reason, note=note)
    return True


def _waiting_topic(categories: dict[str, Category]) -> bool:
    category, title, body = NEW_ACCOUNT_TOPIC
    newcomer = _person(NEW_ACCOUNT_EMAIL.split("@")[0])
    if newcomer is None or Topic.objects.filter(title=title).exists():
        return False
    # Through the service: a new account's first topic waits for a moderator's approval.
    start_topic(author=newcomer, category=categories[category], title=title, body=body)
    return True


@register_demo("moderation queue")
@transaction.atomic
def seed_moderation_queue() -> str:
    categories, _ = _categories()
    reports = 0
    scam_topic = Topic.objects.filter(title=SCAM_IN).first()
    scam = _reply(scam_topic, SCAM_REPLY) if scam_topic is not None else None
    if scam is not None:
        reports += sum(_report(who, scam, Report.Reason.SPAM, note) for who, note in SCAM_REPORTS)
    _topic(WORRYING, categories[WORRYING.category])
    worrying = Post.objects.filter(topic__title=WORRYING.title, number=1).first()
    if worrying is not None:
        who, note = WORRIED_REPORT
        reports += _report(who, worrying, Report.Reason.SAFETY, note)
    waiting = _waiting_topic(categories)
    if not reports and not waiting:
        return "the moderation queue examples are already there: nothing to add."
    return f"made {reports} reports and {int(waiting)} topic waiting for a moderator."
