"""Who and what the demo community holds. Every person and organisation here is invented.

Display names are the pseudonyms other people see; real names are set too, to show that they
stay private. Training dates are fixed and in the past, so the badges read the same on every run.
"""

import datetime
from dataclasses import dataclass, field

from community.models import Membership, Organisation, Profile

DEMO_DOMAIN = "alongside.example"
# One documented password for every demo account, so anyone trying the demo can switch people.
DEMO_PASSWORD = "peer-support-demo-2026"  # noqa: S105 (published on purpose)
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
MODERATOR_EMAIL = f"moderator@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    area: str
    verified: bool
    website: str
    description: str


@dataclass(frozen=True)
class DemoRole:
    organisation: str  # slug
    role: str
    trained_on: datetime.date | None = None


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    real_name: str
    i_am: str
    area: str
    bio: str
    languages: tuple[str, ...] = ("en",)
    roles: tuple[DemoRole, ...] = field(default_factory=tuple)
    # Demo people are established members: a new account's first posts wait for a moderator.
    joined_days_ago: int = 400


def _email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        slug="calder-valley-disabled-peoples-collective",
        name="Calder Valley Disabled People's Collective",
        kind=Organisation.Kind.USER_LED,
        area="calderdale",
        verified=True,
        website="https://calder-valley-collective.example",
        description="""\
We are run by disabled people, for disabled people, in Calderdale. Most of our committee
manage their own direct payment, so we know the forms, the phone calls and the worry.

What we do:

- **Personal budget workshops** once a month in Halifax, with a hearing loop and step-free access.
- A **themed drop-in** every first Tuesday, 10:00 to 12:00: bring your questions, no booking.
- One-to-one help from our trained peer advisors, in person or here on Alongside.
- Help to write your **support plan**, from a planning partner who does not work for the council.

You do not have to be a member to come along. Carers are welcome too.
""",
    ),
    DemoOrganisation(
        slug="don-valley-carers-hub",
        name="Don Valley Carers' Hub",
        kind=Organisation.Kind.CARERS_CENTRE,
        area="sheffield",
        verified=True,
        website="https://don-valley-carers.example",
        description="""\
A carers' centre for anyone in Sheffield who looks after a family member or friend without
being paid for it.

Many of the carers we meet manage a direct payment for someone else, or have a **carer's
budget** of their own for a break. We can help you:

1. work out what a carer's assessment is and how to ask for one;
2. understand the letters from the council;
3. plan a break that suits you, not just the service that is easiest to book.

Our Wednesday coffee morning is a quiet, friendly place to start. The person you care for is
welcome to come with you.
""",
    ),
    DemoOrganisation(
        slug="severnside-direct-payments-advice",
        name="Severnside Direct Payments Advice",
        kind=Organisation.Kind.ADVICE_CHARITY,
        area="bristol",
        verified=True,
        website="https://severnside-dp-advice.example",
        description="""\
Free, independent advice about direct payments for people in Bristol.

We specialise in **becoming an employer**: recruiting a personal assistant (PA), contracts,
payroll, holiday pay, and what to do when things go wrong. We also explain the other ways to
take a budget, such as a **managed account** or a **prepaid card**, so you can choose.

Our advice line is open Monday to Thursday. Our volunteers all manage a budget themselves or
have done so for a family member.
""",
    ),
    DemoOrganisation(
        slug="riverbank-deaf-and-disabled-peoples-network",
        name="Riverbank Deaf and Disabled People's Network",
        kind=Organisation.Kind.USER_LED,
        area="lewisham",
        verified=True,
        website="https://riverbank-network.example",
        description="""\
A user-led network in Lewisham, run by Deaf and disabled people.

Every workshop we hold has a **BSL interpreter** and captions, and our drop-ins are led by
Deaf peer advisors who sign. We also offer Easy Read versions of our guides.

Topics we cover often:

- using a direct payment to pay for communication support;
- employing a PA who signs;
- what to say at a review when the council wants to cut your hours.
""",
    ),
    DemoOrganisation(
        slug="tuesday-pa-employers-circle",
        name="Tuesday PA Employers' Circle",
        kind=Organisation.Kind.OTHER,
        area="norfolk",
        verified=False,
        website="",
        description="""\
A small, informal group of people in Norfolk who employ their own personal assistants. We meet
in a library café on Tuesday afternoons to swap tips on rotas, cover and payroll.

We are not a charity and we do not give formal advice: we are just people who have been there.
""",
    ),
)

CALDER, DON, SEVERN, RIVERBANK, TUESDAY = (organisation.slug for organisation in ORGANISATIONS)
STAFF = Membership.Role.STAFF
ADVISOR = Membership.Role.ADVISOR
PARTNER = Membership.Role.PLANNING_PARTNER

# The people who run or volunteer for an organisation. Staff roles come first (given by the site
# admin); trained roles are then given by the organisation's own staff.
ORGANISATION_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        email=_email("helen"),
        display_name="Helen at Calder Valley",
        real_name="Helen Brigstock",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="calderdale",
        bio="I coordinate the workshops at Calder Valley. I have managed my own direct payment "
        "for eleven years and employ three PAs.",
        roles=(DemoRole(CALDER, STAFF),),
    ),
    DemoPerson(
        email=_email("bev"),
        display_name="Bev T",
        real_name="Beverley Thornton",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="calderdale",
        bio="Wheelchair user, PA employer, tea drinker. I became a peer advisor after someone "
        "at a drop-in helped me through my first review. Ask me about **recruiting a PA** or "
        "sorting out a rota that actually works.",
        roles=(DemoRole(CALDER, ADVISOR, datetime.date(2023, 10, 12)),),
    ),
    DemoPerson(
        email=_email("olu"),
        display_name="Olu",
        real_name="Oluwaseun Adeyemi",
        i_am=Profile.IAm.BOTH,
        area="kirklees",
        bio="I have a direct payment and I also help manage my dad's. Happy to talk about "
        "juggling two budgets, or about what to do when the money runs short before the "
        "end of the month.",
        languages=("en", "fr"),
        roles=(DemoRole(CALDER, ADVISOR, datetime.date(2024, 5, 2)),),
    ),
    DemoPerson(
        email=_email("geoff"),
        display_name="Geoff P",
        real_name="Geoffrey Pickersgill",
        i_am=Profile.IAm.CARER,
        area="calderdale",
        bio="Retired social worker, now a volunteer support planning partner. I help people "
        "write their support plan in their own words, over as many sessions as they need.",
        roles=(DemoRole(CALDER, PARTNER, datetime.date(2022, 11, 24)),),
    ),
    DemoPerson(
        email=_email("priya"),
        display_name="Priya from Don Valley",
        real_name="Priya Raman",
        i_am=Profile.IAm.CARER,
        area="sheffield",
        bio="I run the carers' groups at Don Valley Carers' Hub and look after my mum at home.",
        languages=("en", "ta"),
        roles=(DemoRole(DON, STAFF),),
    ),
    DemoPerson(
        email=_email("maggie"),
        display_name="Moorland Maggie",
        real_name="Margery Holroyd",
        i_am=Profile.IAm.CARER,
        area="sheffield",
        bio="I cared for my husband for nine years and managed his direct payment. Now I "
        "volunteer so that other carers do not have to work it all out alone.\n\n"
        "I know a lot about **carer's breaks** and about respite that the person you care for "
        "will actually enjoy.",
        roles=(DemoRole(DON, ADVISOR, datetime.date(2023, 3, 9)),),
    ),
    DemoPerson(
        email=_email("dan"),
        display_name="Dan the carer",
        real_name="Daniel Okafor",
        i_am=Profile.IAm.CARER,
        area="rotherham",
        bio="Young carer turned adult carer: I help my brother, who has a learning disability, "
        "manage his personal budget. Ask me about Easy Read letters and about getting the "
        "council to listen to the person themselves.",
        roles=(DemoRole(DON, ADVISOR, datetime.date(2024, 9, 19)),),
    ),
    DemoPerson(
        email=_email("rosa"),
        display_name="Rosa L",
        real_name="Rosa Lindqvist",
        i_am=Profile.IAm.CARER,
        area="sheffield",
        bio="Support planning partner at Don Valley. I help carers plan how their own budget "
        "can give them a real break.",
        languages=("en", "es"),
        roles=(DemoRole(DON, PARTNER, datetime.date(2024, 1, 25)),),
    ),
    DemoPerson(
        email=_email("mark"),
        display_name="Mark at Severnside",
        real_name="Mark Huxtable",
        i_am=Profile.IAm.NOT_SAID,
        area="bristol",
        bio="Advice worker at Severnside Direct Payments Advice. Employment law and payroll "
        "are my thing.",
        roles=(DemoRole(SEVERN, STAFF),),
    ),
    DemoPerson(
        email=_email("fen"),
        display_name="Fen",
        real_name="Fenella Ashworth",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="bristol",
        bio="I have ME and use my direct payment for a PA four mornings a week. I chose a "
        "managed account at first and moved to managing it myself later, so I can talk "
        "about both.",
        roles=(DemoRole(SEVERN, ADVISOR, datetime.date(2023, 6, 15)),),
    ),
    DemoPerson(
        email=_email("chris"),
        display_name="Chris W",
        real_name="Christopher Wainwright",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="south-gloucestershire",
        bio="Blind, a screen reader user, and a PA employer for six years. Trained as an "
        "advisor and a support planning partner. I like helping people who are about to "
        "become an employer for the first time.",
        roles=(
            DemoRole(SEVERN, ADVISOR, datetime.date(2022, 4, 7)),
            DemoRole(SEVERN, PARTNER, datetime.date(2024, 2, 29)),
        ),
    ),
    DemoPerson(
        email=_email("femi"),
        display_name="Femi at Riverbank",
        real_name="Olufemi Bankole",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="lewisham",
        bio="Network coordinator at Riverbank. Deaf, BSL user, direct payment holder.",
        languages=("bfi", "en"),
        roles=(DemoRole(RIVERBANK, STAFF),),
    ),
    DemoPerson(
        email=_email("lark"),
        display_name="Lark",
        real_name="Lorna Kavanagh",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="greenwich",
        bio="Deaf peer advisor. I use my direct payment to pay for interpreters at work and at "
        "appointments. I sign at every drop-in I run.",
        languages=("bfi", "en"),
        roles=(DemoRole(RIVERBANK, ADVISOR, datetime.date(2023, 8, 31)),),
    ),
    DemoPerson(
        email=_email("tunde"),
        display_name="Tunde A",
        real_name="Babatunde Akinola",
        i_am=Profile.IAm.BOTH,
        area="lewisham",
        bio="Hard of hearing, and I help my sister with her personal budget. Good with "
        "spreadsheets and with the forms the council sends for the yearly audit.",
        languages=("en", "bfi"),
        roles=(DemoRole(RIVERBANK, ADVISOR, datetime.date(2025, 1, 16)),),
    ),
    DemoPerson(
        email=_email("ngozi"),
        display_name="Ngozi E",
        real_name="Ngozi Eze",
        i_am=Profile.IAm.CARER,
        area="southwark",
        bio="Support planning partner. I work with people who want their plan to be about "
        "their whole life, not just personal care.",
        roles=(DemoRole(RIVERBANK, PARTNER, datetime.date(2023, 12, 7)),),
    ),
    DemoPerson(
        email=_email("alan"),
        display_name="Alan of the Tuesday Circle",
        real_name="Alan Gedge",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="norfolk",
        bio="I started the Tuesday Circle in a library café with two other PA employers. "
        "Now there are about fifteen of us.",
        roles=(DemoRole(TUESDAY, STAFF),),
    ),
)

MEMBERS: tuple[DemoPerson, ...] = (
    DemoPerson(
        email=_email("kestrel"),
        display_name="Kestrel",
        real_name="Karen Ellery",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="calderdale",
        bio="I have multiple sclerosis and have just taken my budget as a direct payment "
        "instead of council-arranged care. Nervous but hopeful.",
    ),
    DemoPerson(
        email=_email("marigold"),
        display_name="Marigold",
        real_name="Maria Golding",
        i_am=Profile.IAm.CARER,
        area="sheffield",
        bio="Mum to a 20-year-old with a learning disability. I manage his direct payment and "
        "I would love to hear how other families plan for the move to adult services.",
    ),
    DemoPerson(
        email=_email("otter"),
        display_name="Quiet Otter",
        real_name="Owen Tranter",
        i_am=Profile.IAm.FINDING_OUT,
        area="bristol",
        bio="My social worker mentioned direct payments. I do not really know what they are "
        "yet, so I am reading before I ask anything.",
    ),
    DemoPerson(
        email=_email("jas"),
        display_name="Jas K",
        real_name="Jasvinder Kaur",
        i_am=Profile.IAm.BOTH,
        area="birmingham",
        bio="I have a personal budget for my own needs and I am also a carer for my "
        "father-in-law. Looking for a PA who speaks Punjabi.",
        languages=("en", "pa", "hi"),
    ),
    DemoPerson(
        email=_email("heron"),
        display_name="Blue Heron",
        real_name="Bethany Hollis",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="lewisham",
        bio="Deaf, BSL is my first language. I want to use my budget for a communication "
        "support worker instead of a day centre.",
        languages=("bfi",),
    ),
    DemoPerson(
        email=_email("tom"),
        display_name="Tom from Hull",
        real_name="Thomas Fairbairn",
        i_am=Profile.IAm.CARER,
        area="kingston-upon-hull",
        bio="My wife has dementia. We have a carer's direct payment that I have not used "
        "yet because I do not know where to start.",
    ),
    DemoPerson(
        email=_email("nightjar"),
        display_name="Nightjar",
        real_name="Naomi Jardine",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="leeds",
        bio="I use my direct payment for support with my mental health: a PA who helps me get "
        "out of the house, and a gym membership. It took a while to get the council to agree.",
    ),
    DemoPerson(
        email=_email("amina"),
        display_name="Amina R",
        real_name="Amina Rageh",
        i_am=Profile.IAm.CARER,
        area="tower-hamlets",
        bio="I care for my son, who is autistic. I would like to find a PA who understands "
        "our family and speaks Somali.",
        languages=("en", "so"),
    ),
    DemoPerson(
        email=_email("pip"),
        display_name="Pip",
        real_name="Phyllis Ingham",
        i_am=Profile.IAm.FINDING_OUT,
        area="norfolk",
        bio="I am 81 and my granddaughter set this up for me. My council review is next "
        "month and I have been told about a *prepaid card*.",
    ),
    DemoPerson(
        email=_email("dev"),
        display_name="Dev the drummer",
        real_name="Devendra Mistry",
        i_am=Profile.IAm.BUDGET_HOLDER,
        area="leeds",
        bio="Autistic, 24, drummer. My PA comes with me to band practice. Ask me how we wrote "
        "that into my support plan.",
        languages=("en", "gu"),
    ),
    DemoPerson(
        email=_email("willow"),
        display_name="Willow B",
        real_name="Wilhelmina Bassett",
        i_am=Profile.IAm.BOTH,
        area="cornwall",
        bio="Deafblind, with a personal budget, and a carer for my partner. Rural Cornwall, "
        "so finding PAs is hard. Hands-on signing and large print suit me best.",
        languages=("en", "bfi"),
    ),
    DemoPerson(
        email=_email("ray"),
        display_name="Grandad Ray",
        real_name="Raymond Sutcliffe",
        i_am=Profile.IAm.CARER,
        area="calderdale",
        bio="I look after my grandson at weekends. Trying to understand what his direct "
        "payment can and cannot be spent on.",
    ),
)

# Two accounts that give the moderation queue something real to show (forums/demo.py): one that
# posts a scam reply, and one that joined yesterday, whose first topic waits for a moderator.
SCAM_EMAIL = _email("sunny")
NEW_ACCOUNT_EMAIL = _email("newleaf")
FOR_MODERATION: tuple[DemoPerson, ...] = (
    DemoPerson(
        email=SCAM_EMAIL,
        display_name="Sunny Days 88",
        real_name="Gary Spencer",
        i_am=Profile.IAm.NOT_SAID,
        area="",
        bio="Here to help people get the most from their money.",
        joined_days_ago=30,
    ),
    DemoPerson(
        email=NEW_ACCOUNT_EMAIL,
        display_name="New Leaf",
        real_name="Nadia Leafe",
        i_am=Profile.IAm.FINDING_OUT,
        area="york",
        bio="Just joined. My dad has been offered a direct payment and I am trying to help him.",
        joined_days_ago=1,
    ),
)

SITE_TEAM: tuple[DemoPerson, ...] = (
    DemoPerson(
        email=ADMIN_EMAIL,
        display_name="Alongside admin",
        real_name="Sam Admin",
        i_am=Profile.IAm.NOT_SAID,
        area="",
        bio="I look after this site. Contact me if something is broken.",
    ),
    DemoPerson(
        email=MODERATOR_EMAIL,
        display_name="Moderator Jo",
        real_name="Joanna Whitfield",
        i_am=Profile.IAm.NOT_SAID,
        area="york",
        bio="Volunteer moderator. If you see something that worries you, use "
        "**Report a concern** and I will look at it.",
    ),
)
