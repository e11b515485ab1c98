"""The glossary: its page and Easy Read version, the first use of a word on the main pages linked
once, and the words in posts linked when the post is written (never inside a link, code or a
heading)."""

import datetime
import re

import bleach
import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from community.content import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    render_markdown,
)
from community.glossary import EASY_READ_WORDS, WORDS, count_glossary_links
from forums.services.posts import post_reply
from forums.services.topics import start_topic
from tests.events.factories import EventFactory, OccurrenceFactory
from tests.factories import PersonFactory
from tests.forums.factories import CategoryFactory
from tests.frontend.conftest import page_text
from tests.safety.xss.checks import VECTORS, findings

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
WORDS_THE_ISSUE_NAMES = [
    "direct-payment", "personal-budget", "managed-account", "prepaid-card", "personal-assistant",
    "payroll", "hmrc", "support-plan", "carers-assessment", "drop-in", "ilf", "short-break",
    "care-act", "needs-assessment", "council", "individual-service-fund",
    "employers-liability-insurance", "dbs-check", "advocate", "peer-advisor",
]  # fmt: skip


def glossary_links(html: str) -> list[str]:
    return re.findall(r'<a href="/glossary/#([a-z0-9-]+)">', html)


def test_every_word_has_its_own_anchor_and_a_plain_explanation():
    anchors = [word.anchor for word in WORDS]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor) for anchor in anchors)
    assert set(WORDS_THE_ISSUE_NAMES) <= set(anchors)
    assert all(word.plain for word in WORDS)


def test_the_glossary_page_explains_each_word_under_its_own_anchor(client, db):
    response = client.get(reverse("glossary"))
    page = response.content.decode()
    assert response.status_code == 200
    for word in WORDS:
        assert f'id="{word.anchor}"' in page
        assert f'href="#{word.anchor}"' in page  # the "Find a word" list
    text = page_text(response)
    assert "A bank card from the council that holds your direct payment." in text
    assert "Respite is an older word for it." in text
    assert page.count("<h1") == 1
    # The glossary does not link its own words to itself.
    assert glossary_links(page) == []


def test_the_easy_read_page_gives_the_key_words_one_idea_a_line(client, db):
    response = client.get(reverse("glossary_easy_read"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="easy-read"' in page
    assert len(EASY_READ_WORDS) >= 12
    for word in EASY_READ_WORDS:
        assert f'id="{word.anchor}"' in page
        for sentence in word.easy_read:
            assert f"<p>{sentence}</p>" in page.replace("&#x27;", "'")
            assert len(sentence.split()) <= 15
    assert "A PA is a person you pay to help you." in page_text(response)


@pytest.mark.parametrize("name", ["home", "get_help"])
def test_the_home_and_get_help_pages_and_the_footer_link_to_the_glossary(client, db, name):
    page = client.get(reverse(name)).content.decode()
    assert page.count('href="/glossary/"') >= 2  # in the page and in the footer
    assert 'href="/glossary/easy-read/"' in page


@pytest.mark.parametrize("name", ["home", "get_help", "forums", "events", "advisors"])
def test_the_first_use_of_a_word_on_a_main_page_links_once(client, db, name):
    page = client.get(reverse(name)).content.decode()
    linked = glossary_links(page)
    assert linked, name
    assert len(linked) == len(set(linked))


def test_the_home_page_links_personal_budget_and_direct_payment_once(client, db):
    page = client.get(reverse("home")).content.decode()
    main = page.split('<main id="main"', 1)[1]
    assert glossary_links(main).count("personal-budget") == 1
    assert glossary_links(main).count("direct-payment") == 1
    # The heading says "personal budget" first, but headings are never linked.
    assert "<h1>Help from people who manage a personal budget too</h1>" in page


@time_machine.travel(NOW, tick=False)
def test_an_event_page_links_the_words_of_its_own_description(
    client, db, django_assert_max_num_queries
):
    event = EventFactory(
        summary="Bring your questions about your direct payment.",
        description_html="<p>We talk about payroll and your direct payment.</p>",
    )
    OccurrenceFactory(event=event, start=NOW + datetime.timedelta(days=3))
    with django_assert_max_num_queries(30):
        page = client.get(reverse("events_detail", args=[event.slug])).content.decode()
    assert glossary_links(page).count("direct-payment") == 1
    assert "payroll" in glossary_links(page)


def test_a_page_never_links_inside_a_link_a_heading_a_label_or_hidden_text():
    request = RequestFactory().get("/")
    html = Template(
        "{% load glossary %}{% glossary_links %}"
        '<h2>Payroll</h2><a href="/x">payroll</a><label for="a">Payroll</label>'
        '<span class="visually-hidden">payroll</span><input class="visually-hidden" name="a">'
        "<p>Payroll, then payroll again.</p>{% endglossary_links %}"
        "{% glossary_links %}<p>Payroll in a second block.</p>{% endglossary_links %}"
    ).render(Context({"request": request}))
    assert html.count('href="/glossary/#payroll"') == 1
    assert '<p><a href="/glossary/#payroll">Payroll</a>, then payroll again.</p>' in html


def test_abbreviations_match_only_as_written_and_only_whole_words():
    html = render_markdown("Pay the pa, paye and PAYE. My PA is great.", link_glossary=True)
    assert glossary_links(html) == ["personal-assistant"]
    assert '<a href="/glossary/#personal-assistant">PA</a> is great' in html


def test_words_in_a_post_are_linked_when_it_is_written_once_each(db):
    author = PersonFactory()
    topic = start_topic(
        author=author,
        category=CategoryFactory(),
        title="Paying my PA",
        body="My direct payment is late. Can my Direct Payment pay payroll? I have a prepaid card.",
    )
    opening = topic.posts.get()
    assert glossary_links(opening.body_html) == ["direct-payment", "payroll", "prepaid-card"]
    reply = post_reply(author=author, topic=topic, body="A carer's assessment helped me.")
    assert glossary_links(reply.body_html) == ["carers-assessment"]


def test_a_post_never_gets_a_glossary_link_inside_a_link_code_or_a_heading(db):
    html = render_markdown(
        "# Direct payment\n\n"
        "[my direct payment](https://example.org/direct-payment) and `payroll`\n\n"
        "    council\n\n"
        "https://example.org/payroll then payroll.",
        link_glossary=True,
    )
    assert glossary_links(html) == ["payroll"]
    assert "<h3>Direct payment</h3>" in html
    assert "<code>payroll</code>" in html
    assert '<a href="https://example.org/direct-payment" rel="nofollow ugc noopener">' in html


def test_the_sanitiser_keeps_a_glossary_link_and_still_cleans_around_it():
    html = render_markdown(
        "direct payment <script>alert(1)</script> [x](javascript:alert(1))", link_glossary=True
    )
    assert glossary_links(html) == ["direct-payment"]
    assert not findings(html, fragment=True)
    # Cleaning the stored HTML again changes nothing: the allowlist allows the link.
    again = bleach.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS
    )
    assert again == html


def test_posts_with_glossary_links_still_clean_every_xss_vector():
    survivors = {
        vector: problems
        for vector in VECTORS
        if (
            problems := findings(
                render_markdown(f"payroll {vector}", link_glossary=True), fragment=True
            )
        )
    }
    assert survivors == {}


@time_machine.travel(NOW, tick=False)
def test_glossary_links_do_not_count_against_a_new_account_s_links(db):
    newcomer = PersonFactory(date_joined=timezone.now())
    topic = start_topic(
        author=newcomer,
        category=CategoryFactory(),
        title="New here",
        body="My council gave me a personal budget. I want a direct payment, a PA and payroll.",
    )
    body_html = topic.posts.get().body_html
    assert count_glossary_links(body_html) == 5
