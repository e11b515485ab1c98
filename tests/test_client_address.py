"""Who the client is: the connection's address unless settings name proxies of ours in front."""

import pytest
from allauth.core.internal.ratelimit import get_ip
from django.test import RequestFactory

from api.throttles import TokenRateThrottle, WriteRateThrottle
from community.client_address import client_address, rate_limit_address


def _request(remote_addr="203.0.113.7", forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote_addr, **headers)


def test_a_made_up_forwarded_for_is_ignored_when_no_proxies_are_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request(forwarded_for="198.51.100.1")) == "203.0.113.7"


def test_with_one_trusted_proxy_the_address_is_the_headers_last_entry(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4, 5.6.7.8"; our proxy appended the address it was reached from.
    request = _request(remote_addr="10.0.0.2", forwarded_for="1.2.3.4, 5.6.7.8, 198.51.100.9")

    assert client_address(request) == "198.51.100.9"


def test_with_two_trusted_proxies_the_address_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(remote_addr="10.0.0.3", forwarded_for="1.2.3.4, 198.51.100.9, 10.0.0.2")

    assert client_address(request) == "198.51.100.9"


@pytest.mark.parametrize("forwarded_for", [None, "", "198.51.100.9"])
def test_fewer_entries_than_trusted_proxies_falls_back_to_the_connection(settings, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(_request(forwarded_for=forwarded_for)) == "203.0.113.7"


@pytest.mark.parametrize("entry", ["not-an-address", "unknown", " "])
def test_an_entry_that_is_not_an_address_falls_back_to_the_connection(settings, entry):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded_for=f"1.2.3.4, {entry}")) == "203.0.113.7"


@pytest.mark.parametrize(
    "entry, expected",
    [
        ("198.51.100.9:5123", "198.51.100.9"),
        ("[2001:db8::1]:5123", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
    ],
)
def test_ports_are_dropped_and_addresses_spelt_one_way(settings, entry, expected):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(_request(forwarded_for=entry)) == expected


def test_ipv6_addresses_are_limited_by_their_64_network():
    first = _request(remote_addr="2001:db8:1:2:aaaa::1")
    second = _request(remote_addr="2001:db8:1:2:bbbb::2")

    assert rate_limit_address(first) == rate_limit_address(second) == "2001:db8:1:2::"
    assert rate_limit_address(_request()) == "203.0.113.7"


@pytest.mark.parametrize("trusted", [0, 1])
def test_api_throttles_and_allauth_see_the_same_client(settings, trusted):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = _request(remote_addr="10.0.0.2", forwarded_for="1.2.3.4, 198.51.100.9")
    expected = "198.51.100.9" if trusted else "10.0.0.2"

    assert TokenRateThrottle().get_ident(request) == expected
    assert WriteRateThrottle().get_ident(request) == expected
    # allauth's limits ask its adapter, which is ours.
    assert get_ip(request) == expected


def test_ipv4_clients_seen_through_a_dual_stack_listener_keep_their_own_counts(settings):
    """ "::ffff:192.0.2.1" is an IPv4 client: counted by its /64, every IPv4 client would share
    one count, and one of them could lock everyone else out."""
    settings.TRUSTED_PROXY_COUNT = 0
    first = rate_limit_address(_request(remote_addr="::ffff:192.0.2.1"))
    second = rate_limit_address(_request(remote_addr="::ffff:198.51.100.9"))
    assert (first, second) == ("192.0.2.1", "198.51.100.9")
