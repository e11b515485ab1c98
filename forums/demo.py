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
from community.demo.clock import uk_time
from community.demo.data import DEMO_DOMAIN, NEW_ACCOUNT_EMAIL
from community.demo.registry import register_demo
from community.models import Theme, User
from community.safety.cases import case_url, moderators_and_staff, open_case
from community.safety.models import Report
from community.safety.notification_kinds import URGENT
from community.safety.reports import report_concern
from community.services.notifications import notify_many
from forums.models import Category, CouncilDecision, Post, Reaction, Topic, Watch
from forums.models.councils import what_for_key
from forums.services.synonyms import load_shipped_synonyms
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
    at: datetime.time = datetime.time(10, 15)  # UK time the question was asked


# Minutes after the opening post that each reply came: people answer over a day or two.
REPLY_AFTER = (0, 95, 260, 1430, 1610, 2900, 3100)


TOPICS = [
    DemoTopic(
        category="employing-a-pa",
        title="Can I pay my daughter to be my PA?",
        at=datetime.time(19, 20),
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
        at=datetime.time(8, 40),
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
        at=datetime.time(14, 5),
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
        at=datetime.time(21, 10),
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
        at=datetime.time(22, 35),
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
        at=datetime.time(11, 50),
        kind=Topic.Kind.DISCUSSION,
        days_ago=1,
        opening=DemoPost(
            "heron",
            "I have a small carer's direct payment. Could it pay for two nights away while my "
            "brother stays with his PA?",
        ),
        replies=(DemoPost("kestrel", "Mine paid for a weekend in Whitby last year. Go for it!"),),
    ),
    # --- Getting started ---
    DemoTopic(
        category="getting-started",
        title="What is a direct payment, in plain words?",
        kind=Topic.Kind.QUESTION,
        days_ago=12,
        at=datetime.time(19, 20),
        opening=DemoPost(
            "otter",
            "My social worker said I could have a direct payment instead of the council "
            "arranging my care. I nodded, but I did not really understand. What is it?",
        ),
        replies=(
            DemoPost(
                "fen",
                "It is money from the council, paid to you (or to someone you choose), to buy "
                "the support in your care plan yourself. You decide who helps you and when.\n\n"
                "- You can employ a personal assistant (PA), use an agency, or both.\n"
                "- You keep receipts and a simple record of what you spend.\n"
                "- If managing the money sounds too much, a **managed account** does the "
                "paperwork for you.\n\nYou can also try it and go back to council care.",
                helped_by=("otter", "pip", "kestrel"),
            ),
            DemoPost(
                "otter",
                "Thank you, that makes sense. I will ask about a managed account first.",
            ),
        ),
        answer=0,
    ),
    DemoTopic(
        category="getting-started",
        title="How long did it take to get your direct payment set up?",
        kind=Topic.Kind.QUESTION,
        days_ago=8,
        at=datetime.time(11, 5),
        opening=DemoPost(
            "pip",
            "I said yes to a direct payment at my assessment three weeks ago and have heard "
            "nothing since. How long did yours take?",
        ),
        replies=(
            DemoPost(
                "kestrel",
                "About ten weeks for me in Calderdale. The bank account and the agreement "
                "form took the longest.",
            ),
            DemoPost(
                "chris",
                "It varies a lot between councils. Ask your social worker for a date in "
                "writing. Your care should carry on as it is until the payment starts, so "
                "you are not left without help.",
                helped_by=("pip",),
            ),
        ),
    ),
    # --- Employing a PA ---
    DemoTopic(
        category="employing-a-pa",
        title="Do I need employer's liability insurance for one PA?",
        kind=Topic.Kind.QUESTION,
        days_ago=11,
        at=datetime.time(12, 30),
        opening=DemoPost(
            "kestrel",
            "I am about to take on my first PA for ten hours a week. Do I really need "
            "insurance for just one person?",
        ),
        replies=(
            DemoPost(
                "bev",
                "Yes: the law says you need employer's liability insurance from the first day, "
                "even for one PA. Most councils let you pay for it from your direct payment. "
                "Specialist policies for PA employers also cover you if your PA is off sick "
                "and you need cover.",
                helped_by=("kestrel", "tom"),
            ),
            DemoPost("kestrel", "Thank you Bev. Sorted it this morning: about £8 a month."),
        ),
    ),
    # --- Managing the money ---
    DemoTopic(
        category="managing-the-money",
        title="Managed account or prepaid card: which did you choose?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=7,
        at=datetime.time(16, 45),
        opening=DemoPost(
            "nightjar",
            "My council offers a prepaid card or a managed account. I am not good with "
            "paperwork when I am unwell. What did you pick, and why?",
        ),
        replies=(
            DemoPost(
                "tunde",
                "A prepaid card is like a bank card just for your budget: the council can see "
                "what you spend, so there are fewer forms. A managed account means someone "
                "else pays your PA and keeps the records, for a fee.",
                helped_by=("nightjar",),
            ),
            DemoPost(
                "fen",
                "I started with a managed account when I was very ill and moved to doing it "
                "myself later. You can change.",
            ),
        ),
    ),
    # --- Support planning ---
    DemoTopic(
        category="support-planning",
        title="Can someone independent help me write my support plan?",
        kind=Topic.Kind.QUESTION,
        days_ago=5,
        at=datetime.time(9, 50),
        opening=DemoPost(
            "dev",
            "My social worker wrote my last plan and it was all about personal care. I want "
            "music and getting out in it. Can someone who is not from the council help me?",
        ),
        replies=(
            DemoPost(
                "ngozi",
                "Yes. Support planning partners (like me) help you write the plan in your own "
                "words. Start with what a good week looks like for you, then what help you "
                "need to have it.",
                helped_by=("dev",),
            ),
        ),
    ),
    # --- Carers ---
    DemoTopic(
        category="carers",
        title="How do I ask for a carer's assessment?",
        kind=Topic.Kind.QUESTION,
        days_ago=13,
        at=datetime.time(8, 50),
        opening=DemoPost(
            "tom",
            "I look after my wife, who has dementia. Someone said I can have an assessment "
            "of my own needs. Who do I ask, and what do I say?",
        ),
        replies=(
            DemoPost(
                "maggie",
                "Ring your council's adult social care team and say: \"I am a carer and I "
                "would like a carer's assessment.\" It is about you: your sleep, your health, "
                "your time off. Write down a normal week before they call back.\n\nCome to "
                "our Wednesday coffee morning if you would like help with it.",
                helped_by=("tom", "marigold"),
            ),
            DemoPost("tom", "Rang them today. They are calling back on Friday."),
        ),
        answer=0,
    ),
    # --- Older people ---
    DemoTopic(
        category="older-people",
        title="Help at home when you are over 80: is a direct payment worth it?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=15,
        at=datetime.time(10, 20),
        opening=DemoPost(
            "pip",
            "I am 81. The agency sends someone different every morning and they are always "
            "in a rush. Would a direct payment let me choose one person?",
        ),
        replies=(
            DemoPost(
                "maggie",
                "It can. Many older people use theirs to employ one or two PAs they know, or "
                "to pick a small local agency. You can ask for a managed account so you do "
                "not have to do payroll.",
                helped_by=("pip",),
            ),
            DemoPost(
                "tom",
                "We did this for my wife. Having the same face every day has made a big "
                "difference to her.",
            ),
            DemoPost("pip", "Thank you both. I will ask at my review next month."),
        ),
    ),
    DemoTopic(
        category="older-people",
        title="Can my father-in-law keep his direct payment in extra care housing?",
        kind=Topic.Kind.QUESTION,
        days_ago=5,
        at=datetime.time(20, 45),
        opening=DemoPost(
            "jas",
            "My father-in-law may move into extra care housing. He likes his PA, who speaks "
            "Punjabi with him. Would he lose his direct payment?",
        ),
        replies=(
            DemoPost(
                "geoff",
                "Usually not: extra care housing is still your own home, so he can keep a "
                "direct payment for the help he needs on top of what the scheme gives. Ask "
                "for a review before the move so the plan says he keeps his PA.",
                helped_by=("jas",),
            ),
        ),
        answer=0,
    ),
    # --- Learning disabilities ---
    DemoTopic(
        category="learning-disabilities",
        title="Can we ask the council for Easy Read letters?",
        kind=Topic.Kind.QUESTION,
        days_ago=10,
        at=datetime.time(21, 10),
        opening=DemoPost(
            "marigold",
            "My son has a learning disability. The council's letters are long and he cannot "
            "follow them, so he does not feel it is his budget. Can we ask for Easy Read?",
        ),
        replies=(
            DemoPost(
                "dan",
                "Yes. Councils must meet people's information needs (the Accessible Information "
                "Standard). Ask them to record that he needs Easy Read, and to send every "
                "letter that way. I did this for my brother and it changed how he feels "
                "about his plan.",
                helped_by=("marigold", "amina"),
            ),
            DemoPost("marigold", "I had no idea. Thank you, Dan."),
        ),
        answer=0,
    ),
    DemoTopic(
        category="learning-disabilities",
        title="Moving to adult services at 18: what helped your family?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=20,
        at=datetime.time(13, 15),
        opening=DemoPost(
            "amina",
            "My son is 17 and autistic. Everyone says the move to adult services is hard. "
            "What do you wish you had known?",
        ),
        replies=(
            DemoPost(
                "marigold",
                "Start a year early. Ask for the transition assessment in writing, and keep "
                "a folder of everything.",
                helped_by=("amina",),
            ),
            DemoPost(
                "dan",
                "Make sure he is in the room and asked what he wants. A one-page profile in "
                "his own words helped my brother a lot.",
            ),
        ),
    ),
    # --- Local groups ---
    DemoTopic(
        category="local-groups",
        title="Calderdale: First Tuesday drop-in in Halifax",
        kind=Topic.Kind.DISCUSSION,
        days_ago=14,
        at=datetime.time(9, 10),
        opening=DemoPost(
            "bev",
            "Our drop-in is on the first Tuesday of every month, 10:00 to 12:00, at the "
            "Square Chapel community room in Halifax. It is step-free and has a hearing loop. "
            "Each month has a theme, but bring any question. It is on the Events page.",
        ),
        replies=(
            DemoPost(
                "kestrel",
                "I went last month. Really friendly, and nobody made me feel silly for "
                "asking basic things.",
            ),
            DemoPost("ray", "I will be there with my grandson's folder of letters."),
        ),
    ),
    DemoTopic(
        category="local-groups",
        title="Sheffield carers: Wednesday coffee morning",
        kind=Topic.Kind.DISCUSSION,
        days_ago=6,
        at=datetime.time(15, 40),
        opening=DemoPost(
            "maggie",
            "Every Wednesday, 10:30 to 12:30, at the Don Valley Carers' Hub (near "
            "Fitzalan Square tram stop), or join online. Bring the person you care for if "
            "you like: there is a quiet room.",
        ),
        replies=(
            DemoPost(
                "marigold",
                "I come most weeks with my son. It is the one place where I do not have to "
                "explain everything.",
            ),
        ),
    ),
    DemoTopic(
        category="local-groups",
        title="Leeds: anyone have a PA for going out in the evening?",
        kind=Topic.Kind.QUESTION,
        days_ago=4,
        at=datetime.time(18, 30),
        opening=DemoPost(
            "nightjar",
            "I would like a PA who can come with me to things in the evening. Has anyone in "
            "Leeds found one, and how?",
        ),
        replies=(
            DemoPost(
                "dev",
                "Mine comes to band practice on Thursdays. I found her through a local "
                "students' job board: lots of students want evening hours.",
                helped_by=("nightjar",),
            ),
        ),
    ),
    # --- Can I spend it on…? ---
    DemoTopic(
        category="can-i-spend-it-on",
        title="Taxis to my day service: allowed?",
        kind=Topic.Kind.QUESTION,
        days_ago=3,
        at=datetime.time(10, 45),
        opening=DemoPost(
            "ray",
            "My grandson cannot use the bus on his own yet. Can his direct payment pay for a "
            "taxi to his day service?",
        ),
        replies=(
            DemoPost(
                "olu",
                "Often yes, if getting there is part of meeting a need in his plan. Ask the "
                "council to write transport into the plan, then keep the receipts.",
                helped_by=("ray",),
            ),
        ),
    ),
    # --- Mental health ---
    DemoTopic(
        category="mental-health",
        title="A PA for getting out of the house: how did you word it?",
        kind=Topic.Kind.DISCUSSION,
        days_ago=9,
        at=datetime.time(20, 5),
        opening=DemoPost(
            "nightjar",
            "For anyone asking for a PA for their mental health: this is how my plan put it. "
            '"I need someone with me to leave the house three times a week, so that I do '
            'not become isolated." What worked for you?',
        ),
        replies=(
            DemoPost(
                "maggie",
                "That is a very good way to say it: a need, and what happens without help. "
                "Thank you for sharing.",
            ),
        ),
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
    # Its author may have retitled it since: found by its opening post too, never made twice.
    opened = Post.objects.filter(
        number=1, author=people[spec.opening.author], body=spec.opening.body
    )
    if opened.exists():
        return False
    start = uk_time(spec.days_ago, spec.at)
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
    posts: list[Post] = []
    for number, written in enumerate((spec.opening, *spec.replies), start=1):
        when = uk_time(spec.days_ago, spec.at, later_minutes=REPLY_AFTER[number - 1])
        when = max(when, posts[-1].created if posts else start)
        post = Post.objects.create(
            topic=topic,
            number=number,
            author=people[written.author],
            body=written.body,
            body_html=render_markdown(written.body, link_glossary=True),
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
    made_decision = _council_decision()
    # Search's words that mean the same, if a reset emptied them (a new install has them).
    made_synonyms = load_shipped_synonyms()
    if not made_categories and not made_topics and not made_decision and not made_synonyms:
        return "the demo forum is already there: nothing to add."
    return f"created {made_categories} categories and {made_topics} topics."


# What the asker's council decided (issue 13 point 6), on a question with an accepted answer.
COUNCIL_DECISION = (
    "Can I pay my daughter to be my PA?",
    "calderdale",
    "agreed",
    "paying a family member",
)


def _council_decision() -> bool:
    title, council, outcome, what_for = COUNCIL_DECISION
    topic = Topic.objects.filter(title=title, is_answered=True).first()
    if topic is None or CouncilDecision.objects.filter(topic=topic).exists():
        return False
    CouncilDecision.objects.create(
        topic=topic,
        council=council,
        outcome=outcome,
        year=timezone.localtime(topic.last_activity).year,
        what_for=what_for,
        what_for_key=what_for_key(what_for),
        added_by=topic.author,
    )
    return True


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
    at=datetime.time(7, 55),
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
        body_html=render_markdown(written.body, link_glossary=True),
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
    if reason == Report.Reason.SAFETY:
        _urgent_without_email(post)
    report_concern(reporter=reporter, kind="post", object_id=post.pk, reason=reason, note=note)
    return True


def _urgent_without_email(post: Post) -> None:
    """The case made urgent and moderators told on the site, as `tell_urgent` does, but with no
    e-mail: loading the demo e-mails nobody. The report then finds the case already urgent."""
    case, _ = open_case(kind="post", object_id=post.pk)
    if case.urgent:
        return
    case.urgent = True
    case.save(update_fields=["urgent"])
    people = moderators_and_staff(case.organisation_id)
    notify_many(
        recipients=people,
        kind=URGENT.code,
        message="Urgent: Someone is worried about a person's safety. "
        f"About: {case.label or 'a post'}. Please look now.",
        url=case_url(case),
        about=case,
        emailed_separately=[person.pk for person in people],
    )


def _waiting_topic(categories: dict[str, Category]) -> bool:
    category, title, body = NEW_ACCOUNT_TOPIC
    newcomer = _person(NEW_ACCOUNT_EMAIL.split("@")[0])
    if newcomer is None or Topic.objects.filter(title=title).exists():
        return False
    # Through the service: a new account's first topic waits for a moderator's approval.
    topic = start_topic(author=newcomer, category=categories[category], title=title, body=body)
    # Written first thing this morning, not at the minute the demo was loaded.
    written = uk_time(0, datetime.time(7, 40))
    Topic.objects.filter(pk=topic.pk).update(created=written, last_activity=written)
    Post.objects.filter(topic=topic).update(created=written)
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
