"""The Get help now page gives Deaf people, and anyone who cannot hear or speak on the phone,
their own ways to reach 999, and says when each one is the right one."""

import re

import pytest
from django.urls import reverse

from tests.frontend.conftest import page_text


@pytest.fixture
def response(client, db):
    return client.get(reverse("get_help"))


def _section(response, anchor: str) -> str:
    """The text of the part of the page with this id, up to the next one."""
    page = response.content.decode()
    match = re.search(rf'id="{anchor}".*?</div>', page, re.S)
    assert match, f"no #{anchor} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())


def test_the_page_has_a_part_for_deaf_people_under_its_own_heading(response):
    page = response.content.decode()
    assert re.search(r"<h2[^>]*>If you are Deaf, or cannot hear or speak on the phone</h2>", page)
    # The 999 box points down to it, for someone who cannot make a voice call.
    assert 'href="#deaf"' in page
    assert 'id="deaf"' in page


def test_the_page_says_which_way_suits_whom_before_the_details(response):
    text = page_text(response)
    assert "If you use British Sign Language (BSL): 999 BSL" in text
    assert "If you would rather type and read: Relay UK, on 18000" in text
    assert "If you cannot get online, but your mobile phone has signal: a text to 999" in text
    for anchor in ("#bsl", "#relay", "#sms"):
        assert f'href="{anchor}"' in response.content.decode()


def test_999_bsl_is_a_free_video_call_with_an_interpreter_from_the_app_or_website(response):
    text = _section(response, "bsl")
    assert "video call with a BSL interpreter" in text
    assert "free and open day and night" in text
    assert "999 BSL app" in text
    assert 'href="https://www.999bsl.co.uk/"' in response.content.decode()
    assert "internet connection" in text
    assert "Use this if BSL is your language" in text


def test_relay_uk_gives_18000_for_emergencies_and_18001_before_any_other_number(response):
    text = _section(response, "relay")
    assert "call 18000 from the Relay UK app or from a textphone" in text
    assert "put 18001 before it" in text
    assert "18001 111" in text
    assert 'href="https://www.relayuk.bt.com/"' in response.content.decode()
    assert "Use this if you would rather type" in text


def test_text_999_says_to_register_first_and_how(response):
    text = _section(response, "sms")
    assert "register your phone first" in text
    assert "send a text with the word register to 999" in text
    assert "reply yes" in text
    assert "Use this if you cannot use 999 BSL or Relay UK" in text


def test_nhs_111_can_be_reached_by_text_relay_too(response):
    assert "call 18001 111 with Relay UK" in page_text(response)


def test_the_deaf_routes_keep_the_headings_in_order(response):
    page = response.content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))
    deaf_part = page[page.index('id="deaf"') : page.index("About the advisors")]
    assert re.findall(r"<h3[^>]*>([^<]+)</h3>", deaf_part) == [
        "If you use BSL: 999 BSL",
        "If you would rather type: Relay UK on 18000",
        "If you cannot get online: text 999",
    ]
