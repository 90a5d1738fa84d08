"""The network guard's address reading and refusal rules (no network, no browser)."""
import ipaddress

import pytest

from crawler import BlockedURL, check_url
from crawler.netguard import parse_ip, refusal

SPELLINGS = [
    ("127.0.0.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("127.1", "127.0.0.1"), ("127.0.1", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"), ("0", "0.0.0.0"), ("0xa9fea9fe", "169.254.169.254"), ("0251.0376.0251.0376", "169.254.169.254"),
    ("8.8.8.8", "8.8.8.8"), ("134744072", "8.8.8.8"), ("[::1]", "::1"), ("example.com", None), ("1.2.3.4.", "1.2.3.4"),
]


@pytest.mark.parametrize("host, address", SPELLINGS)
def test_addresses_are_read_like_a_browser(host, address):
    parsed = parse_ip(host)
    assert (str(parsed) if parsed is not None else None) == address


@pytest.mark.parametrize("host", ["1.2.3.4.5", "256.0.0.1", "0x1g.0.0.1", "example.123", "1.2.3.0x100"])
def test_numeric_hosts_that_do_not_parse_are_refused(host):
    with pytest.raises(BlockedURL):
        parse_ip(host)


@pytest.mark.parametrize("address, words", [
    ("127.0.0.1", "loopback"), ("10.1.2.3", "private"), ("172.31.0.1", "private"), ("192.168.1.1", "private"),
    ("169.254.169.254", "metadata"), ("169.254.1.1", "link-local"), ("100.64.0.1", "carrier-grade NAT"),
    ("100.100.100.200", "metadata"), ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"), ("0.0.0.0", "reserved"),
    ("::1", "loopback"), ("fe80::1", "link-local"), ("fc00::1", "private"), ("ff02::1", "multicast"),
    ("::ffff:10.0.0.1", "private"), ("64:ff9b::a9fe:a9fe", "metadata"), ("2002:c0a8:101::", "private"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"), ("fd00:ec2::254", "metadata"),
])
def test_refusals_name_the_reason(address, words):
    assert words in refusal(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "2002:808:808::", "64:ff9b::808:808"])
def test_public_addresses_pass(address):
    assert refusal(ipaddress.ip_address(address)) is None


def test_reason_is_plain_words(monkeypatch):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)
    with pytest.raises(BlockedURL) as refused:
        check_url("http://127.0.0.1/")
    assert refused.value.reason == "loopback address (127.0.0.1)"


def test_allow_flag_is_read_at_call_time(monkeypatch):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    check_url("http://127.0.0.1:9/")
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "0")
    with pytest.raises(BlockedURL):
        check_url("http://127.0.0.1:9/")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/", "javascript:alert(1)", "", "http://",
                                 "http://exa mple.com/", "http://example.com\\@127.0.0.1/", "http://[::1/"])
def test_schemes_and_malformed_urls_are_refused_even_when_allowed(monkeypatch, url):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    with pytest.raises(BlockedURL):
        check_url(url)


def test_unresolvable_host_is_marked(monkeypatch):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)
    with pytest.raises(BlockedURL) as refused:
        check_url("https://no-such-host.invalid/")
    assert refused.value.unresolved


# The IANA special-purpose registries (IPv4 and IPv6), written out here independently of
# crawler/netguard.py, plus the non-unicast IPv6 ranges: first, last and a middle address of each.
IANA_SPECIAL = [
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.0.0/29", "192.0.0.8/32", "192.0.0.9/32", "192.0.0.10/32", "192.0.0.170/32",
    "192.0.0.171/32", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
    "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
    "::1/128", "::/128", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64", "2001::/23", "2001:1::1/128",
    "2001:1::2/128", "2001:1::3/128", "2001:2::/48", "2001:3::/32", "2001:4:112::/48", "2001:10::/28",
    "2001:20::/28", "2001:30::/28", "2001:db8::/32", "2620:4f:8000::/48", "3fff::/20", "5f00::/16",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "4000::/2", "8000::/1",
]


def _samples(network):
    net = ipaddress.ip_network(network)
    middle = net.network_address + net.num_addresses // 2
    # 2001::/32 is Teredo and 2002::/16 6to4: those samples stand for an embedded IPv4 address.
    return [a for a in {net.network_address, middle, net.broadcast_address}
            if not (a.version == 6 and (a.teredo or a.sixtofour))]


@pytest.mark.parametrize("network", IANA_SPECIAL)
def test_every_special_purpose_range_is_refused(network):
    for address in _samples(network):
        assert refusal(address), f"{address} ({network}) was treated as public"


@pytest.mark.parametrize("network", IANA_SPECIAL)
def test_the_answer_does_not_depend_on_pythons_ipaddress_flags(monkeypatch, network):
    # Python 3.11 called 192.0.0.0/24 and fec0::/10 global; a later one may err elsewhere.
    for cls in (ipaddress.IPv4Address, ipaddress.IPv6Address):
        for flag in ("is_global",):
            monkeypatch.setattr(cls, flag, property(lambda self: True))
        for flag in ("is_private", "is_reserved", "is_link_local", "is_loopback", "is_multicast",
                     "is_unspecified", "is_site_local"):
            if hasattr(cls, flag):
                monkeypatch.setattr(cls, flag, property(lambda self: False))
    for address in _samples(network):
        assert refusal(address), f"{address} ({network}) was treated as public"


@pytest.mark.parametrize("url, words", [("http://192.0.0.192/", "metadata"), ("http://[fec0::1]/", "site-local"),
                                        ("http://198.18.0.1/", "benchmarking"), ("http://3232235777/", "private")])
def test_special_purpose_urls_are_refused(monkeypatch, url, words):
    monkeypatch.delenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", raising=False)
    with pytest.raises(BlockedURL) as refused:
        check_url(url)
    assert words in refused.value.reason


@pytest.mark.parametrize("host", ["accounts.google.com", "update.googleapis.com", "clients2.google.com",
                                  "optimizationguide-pa.googleapis.com", "safebrowsing.googleapis.com",
                                  "redirector.gvt1.com", "clientservices.googleapis.com"])
def test_browser_services_are_refused_even_when_private_networks_are_allowed(monkeypatch, host):
    monkeypatch.setenv("EXPOSURE_ALLOW_PRIVATE_NETWORKS", "1")
    with pytest.raises(BlockedURL) as refused:
        check_url(f"https://{host}/service")
    assert "background service" in refused.value.reason


@pytest.mark.parametrize("host", ["www.youtube.com", "i.ytimg.com", "lh3.googleusercontent.com", "www.google.com",
                                  "yt3.ggpht.com"])
def test_googles_pages_and_image_hosts_are_not_browser_services(host):
    from crawler.netguard import BROWSER_SERVICES

    assert not BROWSER_SERVICES.match(host)
