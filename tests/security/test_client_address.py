"""One client address for the login lockout and the consultation rate limit (django-ipware)."""

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from consultations import spam

CLIENT = "203.0.113.7"
FORGED = "192.0.2.99"
PROXY = "127.0.0.1"


@pytest.mark.parametrize(
    "proxies, remote_addr, forwarded_for, expected",
    [
        # No proxy: the peer's address; a client-written X-Forwarded-For is ignored.
        (0, CLIENT, None, CLIENT),
        (0, CLIENT, FORGED, CLIENT),
        # One proxy of ours appends the address it saw: the right-most entry.
        (1, PROXY, CLIENT, CLIENT),
        (1, PROXY, f"{FORGED}, {CLIENT}", CLIENT),
        (1, PROXY, f"not-an-address, {FORGED}, {CLIENT}", CLIENT),
        # IPv6: the /64 network, which a single home or phone may use every address of.
        (1, PROXY, "2001:db8::5", "2001:db8::"),
        (1, PROXY, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
        (0, "2001:db8:1:2::7", None, "2001:db8:1:2::"),
        (0, "::ffff:203.0.113.7", None, CLIENT),
        # A request that reached the site round the proxy, without the header.
        (1, PROXY, None, PROXY),
        # Two proxies: the first appends the client, the second the first proxy.
        (2, PROXY, f"{CLIENT}, 10.0.0.2", CLIENT),
        (2, PROXY, f"{FORGED}, {CLIENT}, 10.0.0.2", CLIENT),
    ],
)
def test_lockout_and_rate_limit_see_the_same_client(
    behind_proxies, proxies, remote_addr, forwarded_for, expected
):
    behind_proxies(proxies)
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    request = RequestFactory().post("/", **headers)
    assert get_client_ip_address(request) == expected  # what django-axes locks
    assert spam.client_ip(request) == expected  # what the rate limit counts


def test_rate_limit_hash_follows_the_client_not_the_forged_header(behind_proxies):
    behind_proxies(1)
    factory = RequestFactory()
    honest = factory.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    forged = factory.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {CLIENT}")
    other = factory.post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert spam.client_hash(honest) == spam.client_hash(forged) != spam.client_hash(other)
