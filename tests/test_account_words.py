"""Every account page speaks in our voice (issue 14, point 2): errors that name their field, no
placeholders, the password rule as one plain sentence that matches the validators, and the
e-mail addresses page with plain buttons and no "Remove" beside your only address."""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

OLD_WORDS = [
    "This field is required.",
    "and/or",
    "Remember Me",
    "Make Primary",
    "Re-send Verification",
    "Email Addresses",
    "Change Password",
    "Your password can’t",
    "placeholder=",
    "Bad Token",
]


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def _no_old_words(html):
    for words in OLD_WORDS:
        assert words not in html, words


def _error_for(html, field_id):
    match = re.search(rf'id="{field_id}_error">(.*?)</p>', html, re.S)
    assert match, f"no error for {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip()


def _person_with_address(email="lee@example.org", **address):
    person = PersonFactory(email=email)
    EmailAddress.objects.create(
        user=person, email=email, **{"verified": True, "primary": True, **address}
    )
    return person


def test_sign_up_errors_each_name_their_field(client):
    html = _page(client.post(reverse("account_signup"), {}))
    assert _error_for(html, "id_email") == "Enter your e-mail address"
    assert _error_for(html, "id_display_name") == "Enter a display name"
    assert _error_for(html, "id_password1") == "Enter a password"
    assert _error_for(html, "id_password2") == "Type your password again"
    _no_old_words(html)


def test_sign_up_states_the_password_rule_as_one_plain_sentence(client):
    html = _page(client.get(reverse("account_signup")))
    assert (
        "Use at least 8 characters, with some letters. "
        "A few words together is easy to remember and hard to guess."
    ) in html
    assert ">E-mail address</label>" in html
    assert ">Type the password again</label>" in html
    _no_old_words(html)


@override_settings(
    AUTH_PASSWORD_VALIDATORS=[
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 12},
        }
    ]
)
def test_the_password_rule_follows_the_real_minimum_length(client):
    html = _page(client.get(reverse("account_signup")))
    assert "Use at least 12 characters" in html


def test_the_password_validators_speak_in_our_words(client):
    html = _page(
        client.post(
            reverse("account_signup"),
            {
                "email": "x@example.org",
                "display_name": "Xy",
                "password1": "123",
                "password2": "123",
            },
        )
    )
    error = _error_for(html, "id_password1")
    assert "Your password is too short. Use at least 8 characters." in error
    assert "Lots of people use that password, so it is easy to guess." in error
    assert "Your password has only numbers. Add some letters." in error
    assert "This password is" not in html


def test_two_different_passwords_are_named_plainly(client):
    html = _page(
        client.post(
            reverse("account_signup"),
            {
                "email": "x@example.org",
                "display_name": "Xy",
                "password1": "plenty-of-words-here-9",
                "password2": "plenty-of-words-here-8",
            },
        )
    )
    assert _error_for(html, "id_password2") == (
        "The two passwords are not the same. Type the same password in both boxes."
    )


def test_a_badly_typed_address_says_what_is_wrong(client):
    html = _page(client.post(reverse("account_signup"), {"email": "not-an-address"}))
    assert _error_for(html, "id_email") == (
        "Enter an e-mail address in the right form, like name@example.com"
    )


def test_log_in_errors_name_their_field_and_keep_me_logged_in_is_plain(client):
    html = _page(client.post(reverse("account_login"), {}))
    assert _error_for(html, "id_login") == "Enter your e-mail address"
    assert _error_for(html, "id_password") == "Enter your password"
    assert "Keep me logged in on this device" in html
    _no_old_words(html)


def test_a_wrong_password_and_an_unknown_address_get_the_same_plain_answer(client):
    _person_with_address("lee@example.org")
    wrong = _page(
        client.post(reverse("account_login"), {"login": "lee@example.org", "password": "nope"})
    )
    unknown = _page(
        client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "nope"})
    )
    answer = "The e-mail address or password is not right. Check them and try again."
    assert answer in wrong
    assert answer in unknown
    _no_old_words(wrong)


def test_asking_for_a_new_password_names_the_field(client):
    html = _page(client.post(reverse("account_reset_password"), {}))
    assert _error_for(html, "id_email") == "Enter your e-mail address"
    _no_old_words(html)


def test_a_used_password_link_says_so_plainly(client):
    html = _page(client.get("/accounts/password/reset/key/1-set-password/"))
    assert "<h1>This link does not work</h1>" in html
    assert "Ask for a new link to choose a new password" in html
    _no_old_words(html)


def test_choosing_a_new_password_from_the_e_mail_link_names_each_field(client):
    _person_with_address("lee@example.org")
    client.post(reverse("account_reset_password"), {"email": "lee@example.org"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    html = _page(client.post(form_url, {}))
    assert "<h1>Choose a new password</h1>" in html
    assert _error_for(html, "id_password1") == "Enter a new password"
    assert _error_for(html, "id_password2") == "Type your new password again"
    _no_old_words(html)
    done = client.post(
        form_url, {"password1": "another-long-phrase-77", "password2": "another-long-phrase-77"}
    )
    html = _page(client.get(done["Location"]))
    assert "<h1>Your password is changed</h1>" in html


def test_changing_a_password_names_each_field(client):
    client.force_login(_person_with_address())
    html = _page(client.post(reverse("account_change_password"), {}))
    assert "<h1>Change your password</h1>" in html
    assert _error_for(html, "id_oldpassword") == "Enter your current password"
    assert _error_for(html, "id_password1") == "Enter a new password"
    assert _error_for(html, "id_password2") == "Type your new password again"
    _no_old_words(html)


def test_a_wrong_current_password_is_named_plainly(client):
    client.force_login(_person_with_address())
    html = _page(
        client.post(
            reverse("account_change_password"),
            {
                "oldpassword": "not-it",
                "password1": "another-long-phrase-77",
                "password2": "another-long-phrase-77",
            },
        )
    )
    assert _error_for(html, "id_oldpassword") == (
        "Your current password is not right. Check it and try again."
    )


def test_your_only_address_has_no_remove_button(client):
    client.force_login(_person_with_address())
    html = _page(client.get(reverse("account_email")))
    assert "<h1>Your e-mail addresses</h1>" in html
    assert "lee@example.org" in html
    assert "Main address" in html
    assert 'name="action_remove"' not in html
    assert 'name="action_primary"' not in html
    _no_old_words(html)


def test_an_unconfirmed_only_address_can_have_its_link_sent_again(client):
    client.force_login(_person_with_address(verified=False))
    html = _page(client.get(reverse("account_email")))
    assert "Not confirmed yet" in html
    assert "Send the confirmation e-mail again" in html
    assert 'name="action_remove"' not in html


def test_with_two_addresses_the_buttons_say_what_they_do(client):
    person = _person_with_address()
    EmailAddress.objects.create(user=person, email="other@example.org", verified=True)
    client.force_login(person)
    html = _page(client.get(reverse("account_email")))
    for words in [
        "Make it my main address",
        "Send the confirmation e-mail again",
        "Remove the address you chose",
    ]:
        assert words in html
    _no_old_words(html)
    response = client.post(
        reverse("account_email"), {"email": "other@example.org", "action_primary": ""}, follow=True
    )
    assert "Your main e-mail address is changed." in _page(response)
    assert EmailAddress.objects.get(email="other@example.org").primary


def test_a_long_address_wraps_instead_of_overflowing(client):
    long_address = "a" * 48 + "@example.org"
    assert len(long_address) == 60
    client.force_login(_person_with_address(long_address))
    html = _page(client.get(reverse("account_email")))
    assert 'class="email-address"' in html
    css = (Path(__file__).resolve().parents[1] / "frontend/static/css/site.css").read_text()
    rule = re.search(r"\.email-address \{(.*?)\}", css, re.S)
    assert rule and "overflow-wrap: anywhere" in rule.group(1)


def test_adding_an_address_names_the_field(client):
    client.force_login(_person_with_address())
    html = _page(client.post(reverse("account_email"), {"action_add": ""}))
    assert _error_for(html, "id_email") == "Enter the e-mail address to add"
    _no_old_words(html)


def test_an_old_confirmation_link_says_what_to_do(client):
    html = _page(client.get("/accounts/confirm-email/nonsense/"))
    assert "<h1>Confirm your e-mail address</h1>" in html
    assert "This link does not work any more." in html
    _no_old_words(html)


def test_logging_out_says_so_plainly(client):
    client.force_login(_person_with_address())
    response = client.post(reverse("account_logout"), follow=True)
    assert "You are logged out." in response.content.decode()


def test_the_e_mail_addresses_page_costs_the_same_queries_with_more_addresses(
    client, django_assert_max_num_queries
):
    person = _person_with_address()
    client.force_login(person)
    with django_assert_max_num_queries(20) as one:
        _page(client.get(reverse("account_email")))
    for number in range(4):
        EmailAddress.objects.create(user=person, email=f"more{number}@example.org")
    with django_assert_max_num_queries(len(one.captured_queries)):
        _page(client.get(reverse("account_email")))


def test_asking_for_the_password_again_has_a_labelled_field_and_plain_errors(client):
    client.force_login(_person_with_address())
    html = _page(client.get(reverse("account_reauthenticate")))
    assert "<h1>Enter your password again</h1>" in html
    assert ">Password</label>" in html
    _no_old_words(html)
    html = _page(client.post(reverse("account_reauthenticate"), {}))
    assert _error_for(html, "id_password") == "Enter your password"
    html = _page(client.post(reverse("account_reauthenticate"), {"password": "not-it"}))
    assert _error_for(html, "id_password") == "The password is not right. Check it and try again."


def test_a_closed_account_is_told_so_plainly():
    html = _page(Client().get(reverse("account_inactive")))
    assert "<h1>This account cannot log in</h1>" in html
    assert "contact us" in html
