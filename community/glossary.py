"""The words of this world, explained in plain English, and the one rule that links them.

The glossary page, its Easy Read version, the first use of a word on the main pages and the words
in posts (linked once, when the post is written) all read `WORDS` and `find_words` here, so a word
is explained in one place and linked the same way everywhere.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Word:
    term: str
    anchor: str  # the #fragment on the glossary page: a contract, stored in posts' HTML
    plain: tuple[str, ...]  # the explanation, one paragraph per item
    forms: tuple[str, ...] = ()  # other ways people write it ("PA"); ALL CAPITALS match as written
    easy_read: tuple[str, ...] = ()  # short sentences, one idea each; empty: not a key word
    see_also: tuple[str, ...] = field(default=())  # anchors

    @property
    def related(self) -> list["Word"]:
        return [WORDS_BY_ANCHOR[anchor] for anchor in self.see_also]


WORDS: tuple[Word, ...] = (
    Word(
        "Advocate",
        "advocate",
        (
            "A person who helps you say what you want, and makes sure you are heard. They are on "
            "your side.",
            "If you would find it very hard to take part in your assessment or support plan, and "
            "no one else can help you, the council must find you an independent advocate. This "
            "is the law under the Care Act.",
        ),
        forms=("advocates", "independent advocate", "advocacy"),
        easy_read=(
            "An advocate helps you say what you want.",
            "They are on your side.",
            "The council must find you one if you need one.",
        ),
        see_also=("care-act",),
    ),
    Word(
        "Care Act",
        "care-act",
        (
            "The Care Act 2014 is the law about care and support for adults in England.",
            "It says what the council must do. For example, it must assess your needs, give you "
            "a personal budget if you are eligible, and offer you a direct payment.",
        ),
        forms=("Care Act 2014",),
    ),
    Word(
        "Carer's assessment",
        "carers-assessment",
        (
            "A talk with the council about what you need as an unpaid carer. It looks at your "
            "own life, health and work, not only at the person you care for.",
            "You can ask for one even if the person you care for does not get any support. It "
            "can lead to a carer's budget or a break.",
        ),
        forms=("carers assessment", "carers' assessment"),
        easy_read=(
            "A carer looks after someone and is not paid for it.",
            "A carer's assessment is a talk with the council about you, the carer.",
            "It asks what help you need.",
            "It can lead to money or a break for you.",
        ),
        see_also=("short-break",),
    ),
    Word(
        "Council",
        "council",
        (
            "On this site, the council means the adult social care team at your local council. "
            "Some people call it the local authority.",
            "The council assesses your needs, works out your personal budget and pays direct "
            "payments.",
        ),
        forms=("councils", "local authority", "local authorities"),
        easy_read=(
            "The council is the team in your area that helps adults with care.",
            "It decides how much money you get for your support.",
        ),
    ),
    Word(
        "DBS check",
        "dbs-check",
        (
            "A check of a person's criminal record, made by the Disclosure and Barring Service "
            "(DBS).",
            "Many people ask for one before they employ a personal assistant. Ask your council "
            "if you must have one.",
        ),
        forms=("DBS checks", "DBS"),
    ),
    Word(
        "Direct payment",
        "direct-payment",
        (
            "Your personal budget, paid to you as money. You then choose and arrange your own "
            "support.",
            "For example, you can employ a personal assistant, pay an agency, or pay for a "
            "service or a course. You keep a record of what you spend. Someone can manage it for "
            "you, such as a family member or a managed account.",
        ),
        forms=("direct payments", "DP", "DPs"),
        easy_read=(
            "A direct payment is money from the council.",
            "It is paid to you.",
            "You use it to pay for your support.",
            "You choose who helps you.",
            "You keep a record of what you spend.",
        ),
        see_also=("personal-budget", "managed-account", "prepaid-card"),
    ),
    Word(
        "Drop-in",
        "drop-in",
        (
            "An open session where you can come with any question. You may not need to book.",
            "A drop-in can be online, in person, or both. It often happens every week or every "
            "month, and some have a theme, such as payroll or being an employer.",
        ),
        forms=("drop-ins",),
        easy_read=(
            "A drop-in is a time to come and ask questions.",
            "You can come to ask anything.",
            "Some drop-ins are online.",
            "Some are in a room you can go to.",
        ),
    ),
    Word(
        "Easy Read",
        "easy-read",
        (
            "Information written in short, simple sentences, often with a picture for each "
            "idea. It helps people with a learning disability, and many other people too.",
        ),
    ),
    Word(
        "Employer's liability insurance",
        "employers-liability-insurance",
        (
            "Insurance that pays out if your personal assistant is hurt or becomes ill because "
            "of their work for you.",
            "If you employ someone, you usually must have it by law. Your direct payment can pay "
            "for it. Many insurers sell a policy made for people who employ a PA.",
        ),
        forms=("employers liability insurance", "employers' liability insurance"),
    ),
    Word(
        "HMRC",
        "hmrc",
        (
            "HM Revenue and Customs: the part of the government that collects tax.",
            "If you employ a personal assistant, you may need to register with HMRC as an "
            "employer, and tell it what you pay them.",
        ),
        forms=("HM Revenue and Customs",),
        easy_read=(
            "HMRC is the part of the government that collects tax.",
            "If you pay a PA, you may need to tell HMRC.",
        ),
        see_also=("payroll",),
    ),
    Word(
        "ILF (Independent Living Fund)",
        "ilf",
        (
            "The Independent Living Fund gave extra money to some disabled people with high "
            "support needs.",
            "It closed in England in 2015. Councils now meet those needs. You may still hear "
            "people talk about it.",
        ),
        forms=("ILF", "Independent Living Fund"),
    ),
    Word(
        "Individual service fund",
        "individual-service-fund",
        (
            "Your personal budget, held for you by a care provider you choose. The provider "
            "plans and arranges your support with you, and deals with the money.",
            "People often call it an ISF.",
        ),
        forms=("individual service funds", "ISF", "ISFs"),
    ),
    Word(
        "Managed account",
        "managed-account",
        (
            "An organisation holds your direct payment for you and pays the bills, such as your "
            "personal assistant's wages.",
            "You still choose your support. It helps if you do not want to deal with the money "
            "yourself.",
        ),
        forms=("managed accounts",),
        easy_read=(
            "A managed account is when a group looks after your money for you.",
            "They pay the bills.",
            "You still choose your support.",
        ),
    ),
    Word(
        "Needs assessment",
        "needs-assessment",
        (
            "A talk with the council about what help you need in daily life, and what matters "
            "to you. It is the first step to getting a personal budget.",
            "You can have someone with you, such as a friend, a family member or an advocate.",
        ),
        forms=("needs assessments", "care assessment", "care needs assessment"),
        easy_read=(
            "A needs assessment is a talk with the council.",
            "It is about the help you need every day.",
            "You can bring someone with you.",
        ),
    ),
    Word(
        "Payroll",
        "payroll",
        (
            "Working out your personal assistant's pay, tax and National Insurance, and making "
            "their payslips.",
            "Many people pay a payroll service to do this for them. Your direct payment can "
            "usually pay for it.",
        ),
        forms=("payroll service", "payroll services"),
        easy_read=(
            "Payroll means working out how much to pay your PA.",
            "It also means the tax and the payslips.",
            "A payroll service can do this for you.",
        ),
        see_also=("hmrc",),
    ),
    Word(
        "Peer advisor",
        "peer-advisor",
        (
            "A trained volunteer who has managed a personal budget, or cared for someone who "
            "has. They answer questions and share what they know.",
            "They are not council staff and not an emergency service.",
        ),
        forms=("peer advisors", "peer adviser", "peer advisers"),
        easy_read=(
            "A peer advisor is a volunteer.",
            "They have a personal budget too, or care for someone who has.",
            "They can answer your questions.",
        ),
    ),
    Word(
        "Peer support",
        "peer-support",
        ("Help from people who have been through the same thing as you.",),
    ),
    Word(
        "Personal assistant (PA)",
        "personal-assistant",
        (
            "Someone you employ yourself to help you. For example, with washing, cooking, going "
            "out or going to work. You choose who.",
            "When you employ a PA, you are their employer. You pay them, and you have an "
            "employer's duties, such as payroll and insurance.",
        ),
        forms=("personal assistant", "personal assistants", "PA", "PAs"),
        easy_read=(
            "A PA is a person you pay to help you.",
            "PA is short for personal assistant.",
            "You choose your PA.",
            "You are their boss.",
        ),
        see_also=("payroll", "employers-liability-insurance", "dbs-check"),
    ),
    Word(
        "Personal budget",
        "personal-budget",
        (
            "The money the council says you need for your care and support. The council works "
            "it out after a needs assessment.",
            "You can take it as a direct payment, let the council arrange your support, or mix "
            "the two.",
        ),
        forms=("personal budgets",),
        easy_read=(
            "A personal budget is money for your care and support.",
            "The council decides how much.",
            "You can choose how to get it.",
        ),
        see_also=("direct-payment", "needs-assessment"),
    ),
    Word(
        "Prepaid card",
        "prepaid-card",
        (
            "A bank card from the council that holds your direct payment. You pay for your "
            "support with it.",
            "The council can see what you spend, so you may not need to send in receipts.",
        ),
        forms=("prepaid cards", "pre-paid card", "pre-paid cards"),
        easy_read=(
            "A prepaid card is a bank card from the council.",
            "Your direct payment goes on the card.",
            "You pay for your support with it.",
        ),
    ),
    Word(
        "Safeguarding",
        "safeguarding",
        (
            "Keeping adults at risk safe from abuse or neglect.",
            "If you are worried that someone is being harmed, tell the council's safeguarding "
            "team. If someone is in danger now, call 999.",
        ),
        easy_read=(
            "Safeguarding means keeping people safe from harm.",
            "If someone is in danger now, call 999.",
        ),
    ),
    Word(
        "Short break (respite)",
        "short-break",
        (
            "A break for an unpaid carer, while someone else gives the care. It can be a few "
            "hours, a day, or a stay away.",
            "Respite is an older word for it. A carer's budget or a direct payment can pay for it.",
        ),
        forms=("short break", "short breaks", "respite", "respite care", "carer's break"),
        easy_read=(
            "A short break is a rest for a carer.",
            "Someone else gives the care for a while.",
            "Some people call it respite.",
        ),
    ),
    Word(
        "Support plan",
        "support-plan",
        (
            "Your own plan for how you will use your personal budget to meet your needs and "
            "the things that matter to you.",
            "You can write it yourself, or with help from family, a friend or a support "
            "planning partner. The council must agree it.",
        ),
        forms=("support plans",),
        easy_read=(
            "A support plan says how you will use your money.",
            "It says what help you want.",
            "You can get help to write it.",
            "The council must say yes to it.",
        ),
        see_also=("support-planning-partner",),
    ),
    Word(
        "Support planning partner",
        "support-planning-partner",
        (
            "A trained person, often a volunteer, who helps you write your support plan over a "
            "few meetings. They do not work for the council.",
        ),
        forms=("support planning partners",),
    ),
    Word(
        "User-led organisation",
        "user-led-organisation",
        (
            "A group run and controlled by disabled people, or by carers. For example, a "
            "disabled people's organisation or a carers' centre.",
            "People often trust them more than the council, because they have been there too.",
        ),
        forms=("user-led organisations", "ULO", "ULOs"),
    ),
)

WORDS_BY_ANCHOR = {word.anchor: word for word in WORDS}
EASY_READ_WORDS = tuple(word for word in WORDS if word.easy_read)

# An apostrophe may arrive typed, curly, or escaped by a template.
_APOSTROPHE = r"(?:'|’|&\#x27;|&\#39;|&rsquo;)"


def _pattern_for(form: str) -> str:
    words = re.escape(form.replace("’", "'")).replace("'", _APOSTROPHE)
    words = words.replace(r"\ ", r"\s+")
    if form.isupper():
        # "PA" is a word; "pa" in "pay" or "Pa" the name is not.
        return f"(?-i:{words})"
    return words


def _forms(word: Word) -> list[str]:
    base = word.term.split(" (")[0]
    return [base, *word.forms]


def _build() -> re.Pattern[str]:
    pieces = []
    for position, word in enumerate(WORDS):
        forms = sorted(_forms(word), key=len, reverse=True)
        pieces.append(f"(?P<w{position}>{'|'.join(_pattern_for(form) for form in forms)})")
    # Whole words only: not inside "PAYE", "drop-in-session" or "councillor".
    return re.compile(rf"(?<![\w&#-])(?:{'|'.join(pieces)})(?![\w-])", re.IGNORECASE)


_WORDS_PATTERN = _build()


def find_words(text: str, used: set[str]) -> Iterator[tuple[str, str | None]]:
    """Split `text` into pieces: (text, anchor) for the first use of each glossary word not yet in
    `used` (which it fills), (text, None) for everything else."""
    start = 0
    for match in _WORDS_PATTERN.finditer(text):
        anchor = WORDS[int(match.lastgroup[1:])].anchor  # type: ignore[index]
        if anchor in used:
            continue
        used.add(anchor)
        if match.start() > start:
            yield text[start : match.start()], None
        yield match.group(0), anchor
        start = match.end()
    if start < len(text):
        yield text[start:], None


# Words inside these are never linked: a link in a link, code, a heading, a form control's label,
# the term of a list of facts, a table's headings.
SKIPPED_ELEMENTS = frozenset(
    {
        "a", "button", "code", "pre", "kbd", "samp", "h1", "h2", "h3", "h4", "h5", "h6",
        "label", "legend", "option", "select", "textarea", "script", "style", "title", "svg",
        "summary", "nav", "dfn", "dt", "th", "caption",
    }
)  # fmt: skip

# A tag, quotes and all, or a comment. Only for HTML we made (a template's output), where text
# never holds a bare "<"; people's writing is linked token by token in community.content instead.
_TAG = re.compile(
    r"<!--.*?-->|<(?P<closing>/?)(?P<name>[a-zA-Z][\w-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>",
    re.DOTALL,
)
_HIDDEN = re.compile(r"""\sclass=["'][^"']*\bvisually-hidden\b|\sdata-no-glossary\b""")
_VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def track(open_elements: list[str], name: str, *, closing: bool) -> None:
    """Keep the stack of skipped elements we are inside; an end tag closes back to its start."""
    name = name.lower()
    if not closing:
        if name in SKIPPED_ELEMENTS:
            open_elements.append(name)
    elif name in open_elements:
        del open_elements[len(open_elements) - 1 - open_elements[::-1].index(name) :]


def link_first_uses(html: str, *, used: set[str], href: str) -> str:
    """Link the first use of each glossary word in a page's own HTML to `href`#anchor."""
    pieces: list[str] = []
    open_elements: list[str] = []
    start = 0

    def add_text(text: str) -> None:
        if open_elements:
            pieces.append(text)
            return
        for part, anchor in find_words(text, used):
            pieces.append(part if anchor is None else f'<a href="{href}#{anchor}">{part}</a>')

    for tag in _TAG.finditer(html):
        add_text(html[start : tag.start()])
        pieces.append(tag.group(0))
        name, closing = tag.group("name"), bool(tag.group("closing"))
        if name and not closing and name.lower() not in _VOID and _HIDDEN.search(tag.group(0)):
            # A link nobody can see must not take keyboard focus either.
            open_elements.append(name.lower())
        elif name:
            track(open_elements, name, closing=closing)
        start = tag.end()
    add_text(html[start:])
    return "".join(pieces)


def count_glossary_links(html: str) -> int:
    """How many of the links in `html` are the glossary links `community.content` adds."""
    return html.count(f'<a href="{reverse("glossary")}#')
