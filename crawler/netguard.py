"""The network guard: which URLs and addresses the crawler may reach.

Only http and https to public addresses. A host name is resolved and every
address it gives must be public; an address written in any spelling a browser
accepts (decimal, octal, hex, short forms, IPv4-mapped, NAT64, 6to4, Teredo) is
read the way the browser reads it. `EXPOSURE_ALLOW_PRIVATE_NETWORKS=1` lifts the
address rule for tests and local fixture sites; it is read at every call.
"""
import ipaddress
import os
import re
import socket
from urllib.parse import urlsplit

SCHEMES = ("http", "https")
ALLOW_ENV = "EXPOSURE_ALLOW_PRIVATE_NETWORKS"

# Names that never need DNS to reach the machine itself or a cloud's metadata.
LOCAL_NAMES = re.compile(r"(^|\.)(localhost|localdomain|local|internal|intranet|lan|home\.arpa)$")
METADATA_NAMES = {"metadata", "metadata.google.internal", "instance-data", "metadata.azure.com"}
# The browser's own Google services (updates, sign-in, optimisation hints, safe-browsing, variations,
# network time): never a page or a photo of a profile, so refused during a crawl even if a
# background service slips past the browser's switches. Google's pages and image hosts
# (youtube.com, ytimg.com, googleusercontent.com) are not among them.
BROWSER_SERVICES = re.compile(
    r"^(accounts\.google\.com|clients\d*\.google\.com|update\.googleapis\.com|[a-z0-9-]+-pa\.googleapis\.com"
    r"|safebrowsing\.googleapis\.com|safebrowsing\.google\.com|sb-ssl\.google\.com|clientservices\.googleapis\.com"
    r"|content-autofill\.googleapis\.com|(.+\.)?gvt1\.com|dl\.google\.com|android\.clients\.google\.com)$")
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Metadata services that sit on otherwise unremarkable ranges (192.0.0.192: Oracle Cloud).
METADATA_ADDRESSES = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "168.63.129.16", "192.0.0.192")}


def _table(*rows):
    return [(ipaddress.ip_network(net), label) for net, label in rows]


# The IANA IPv4 Special-Purpose Address Registry (RFC 6890, as of 2025), every entry, plus
# multicast. Written out, not taken from ipaddress's is_global/is_private: those differ between
# Python versions (3.11 called 192.0.0.0/24 public), and the guard must not.
SPECIAL_IPV4 = _table(
    ("0.0.0.0/8", "reserved"), ("10.0.0.0/8", "private network"), ("100.64.0.0/10", "carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"), ("172.16.0.0/12", "private network"),
    ("192.0.0.0/24", "special-purpose (IETF protocol)"), ("192.0.2.0/24", "documentation"),
    ("192.31.196.0/24", "special-purpose (AS112)"), ("192.52.193.0/24", "special-purpose (AMT)"),
    ("192.88.99.0/24", "special-purpose (6to4 relay)"), ("192.168.0.0/16", "private network"),
    ("192.175.48.0/24", "special-purpose (AS112)"), ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"), ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"), ("255.255.255.255/32", "reserved"),
)
# The IANA IPv6 Special-Purpose Address Registry, every entry, plus the reserved ranges of the
# IPv6 address space that are no public unicast (site-local fec0::/10, multicast). Prefixes that
# carry an IPv4 address (::ffff:0:0/96, 64:ff9b::/96, 2002::/16, Teredo) are judged by that
# address first (_embedded_ipv4); only what is left of them reaches these tables.
SPECIAL_IPV6 = _table(
    ("::1/128", "loopback"), ("::/128", "reserved"), ("::ffff:0:0/96", "reserved"),
    ("64:ff9b:1::/48", "private network"), ("100::/64", "reserved (discard-only)"),
    ("100:0:0:1::/64", "reserved (dummy prefix)"), ("2001::/23", "special-purpose (IETF protocol)"),
    ("2001:db8::/32", "documentation"), ("2620:4f:8000::/48", "special-purpose (AS112)"),
    ("3fff::/20", "documentation"), ("5f00::/16", "reserved (segment routing)"),
    ("fc00::/7", "private network"), ("fe80::/10", "link-local"), ("fec0::/10", "site-local"),
    ("ff00::/8", "multicast"),
)
# Outside 2000::/3 IANA has assigned no public IPv6 unicast at all.
GLOBAL_UNICAST_IPV6 = ipaddress.ip_network("2000::/3")


class BlockedURL(ValueError):
    """A URL the crawler refuses to fetch; `.reason` says why in plain words.

    `.unresolved` is true when the only problem is that the host name does not
    resolve (a typo or a dead site rather than an attack).
    """

    def __init__(self, reason, unresolved=False):
        super().__init__(reason)
        self.reason = reason
        self.unresolved = unresolved


def private_networks_allowed():
    """True when EXPOSURE_ALLOW_PRIVATE_NETWORKS=1 (tests and local fixtures only)."""
    return os.environ.get(ALLOW_ENV, "") == "1"


def check_url(url):
    """Raise BlockedURL unless `url` is http(s) and its host resolves to public addresses only."""
    host, port = split_url(url)
    resolve_host(host, port)


def split_url(url):
    """Return (host, port) of an http(s) URL after the checks that need no DNS."""
    if not isinstance(url, str) or not url:
        raise BlockedURL("not a web address")
    if any(ch in url for ch in "\\\t\r\n ") or any(ord(ch) < 32 for ch in url):
        raise BlockedURL("malformed web address")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BlockedURL("malformed web address") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise BlockedURL(f"only http and https are allowed, not {scheme or 'a bare path'}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BlockedURL("web address without a host")
    return host, port or (443 if scheme == "https" else 80)


def resolve_host(host, port):
    """Return the host's addresses as strings, raising BlockedURL if any of them is not public."""
    literal = parse_ip(host)
    if literal is not None:
        _refuse_address(literal)
        return [str(literal)]
    name = _idna(host)
    if BROWSER_SERVICES.match(name):
        raise BlockedURL(f"a browser background service ({name})")
    if not private_networks_allowed() and (LOCAL_NAMES.search(name) or name in METADATA_NAMES):
        raise BlockedURL(f"local network name ({name})")
    try:
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise BlockedURL("the site's address could not be found", unresolved=True) from None
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        _refuse_address(ip)
        if str(ip) not in addresses:
            addresses.append(str(ip))
    if not addresses:
        raise BlockedURL("the site's address could not be found", unresolved=True)
    return addresses


def refusal(ip):
    """Why an address may not be reached (plain words), or None when it is public."""
    if ip.version == 6 and not (ip.is_loopback or ip.is_unspecified):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            reason = refusal(embedded)
            return f"{reason} inside {ip}" if reason else None
    if ip in METADATA_ADDRESSES:
        return f"cloud metadata address ({ip})"
    for network, label in SPECIAL_IPV4 if ip.version == 4 else SPECIAL_IPV6:
        if ip in network:
            return f"{label} address ({ip})"
    if ip.version == 6 and ip not in GLOBAL_UNICAST_IPV6:
        return f"reserved address ({ip})"
    return None


def parse_ip(host):
    """Read `host` as an IP address the way a browser does, or None for a host name.

    IPv4 follows the WHATWG URL parser: one to four dot-separated parts, each
    decimal, octal (leading 0) or hex (0x); the last part fills the remaining
    bytes. A host that looks numeric but does not parse is refused outright.
    """
    host = host.strip("[]")
    if ":" in host:
        if "%" in host:
            raise BlockedURL("IPv6 address with a zone")
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            raise BlockedURL("malformed IPv6 address") from None
    parts = host.split(".")
    if parts and parts[-1] == "":
        parts = parts[:-1]
    if not parts or not _looks_numeric(parts[-1]):
        return None
    numbers = [_ipv4_number(p) for p in parts]
    if len(numbers) > 4 or None in numbers or any(n > 255 for n in numbers[:-1]):
        raise BlockedURL("malformed numeric address")
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        raise BlockedURL("malformed numeric address")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _refuse_address(ip):
    if private_networks_allowed():
        return
    reason = refusal(ip)
    if reason:
        raise BlockedURL(reason)


def _embedded_ipv4(ip):
    """The IPv4 address an IPv6 address stands for, if it carries one."""
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if any(ip in net for net in NAT64) or ip in ipaddress.ip_network("::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _looks_numeric(part):
    return bool(re.fullmatch(r"(0[xX][0-9a-fA-F]*|[0-9]+)", part))


def _ipv4_number(part):
    try:
        if part[:2].lower() == "0x":
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        return int(part, 10)
    except ValueError:
        return None


def _idna(host):
    try:
        return host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        raise BlockedURL("malformed host name") from None
