"""The server's own address, as the people using it reach it: one source for every link the
command line prints and every link or QR code a page draws.

A page knows the address it was opened at (the request). The command line does not: `serve`
records the address it listens on in the data folder, and `workshop create` reads it there,
so a printed link never names a port the server is not on. EXPOSURE_PUBLIC_URL overrides both
(a server behind a proxy, or https).
"""
import contextlib
import fcntl
import ipaddress
import json
import socket
import struct
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, request

SERVER_FILE = "server.json"
WILDCARDS = ("0.0.0.0", "::", "")


def listening_base(host, port, public_url=None, allowed_hosts=()):
    """The base URL people open for a server listening on `host`:`port` (no trailing slash)."""
    if public_url:
        return public_url.rstrip("/")
    if host in WILDCARDS:
        # Listening on every address: the name clients use is the first allowed host, else this machine's name.
        host = allowed_hosts[0] if allowed_hosts else socket.gethostname()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def record(data_dir, base):
    """Note where the server listens, for the command line run beside it."""
    path = Path(data_dir) / SERVER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"base_url": base}), encoding="utf-8")


def recorded(data_dir):
    """The base URL the last `serve` over this data folder recorded, or None."""
    try:
        return json.loads((Path(data_dir) / SERVER_FILE).read_text(encoding="utf-8"))["base_url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def request_base():
    """The base URL of this request's server: EXPOSURE_PUBLIC_URL, else the scheme, host and port asked."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def own_origins():
    """The origins this server's own pages have: the one asked for, and EXPOSURE_PUBLIC_URL's
    (behind a proxy that ends https, the browser's origin is the public one)."""
    origins = {request.host_url.rstrip("/")}
    public = current_app.config.get("PUBLIC_URL")
    if public:
        parts = urlsplit(public)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def pairing_link(base, code):
    """The link that pairs a browser with `code`: the code rides in the fragment, which no server,
    log or Referer header ever sees."""
    return f"{base}/pair#{code}"


# Headers a proxy adds when it relays a request: such a request did not start on this machine,
# whatever address it arrives from.
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def client_address():
    """The address of the client that sent this request. Behind a proxy named in
    EXPOSURE_TRUSTED_PROXIES it is the nearest address in X-Forwarded-For that is not one of
    those proxies (each student counts as themselves, not as the proxy); otherwise the socket's
    peer, and the forwarding headers, which anyone can write, are ignored."""
    peer = request.remote_addr or "?"
    trusted = current_app.config.get("TRUSTED_PROXIES") or ()
    if peer not in trusted:
        return peer
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return hops[0] if hops else peer


def relayed():
    """Whether a proxy says it relayed this request (a proxy on this machine arrives from 127.0.0.1)."""
    return any(name in request.headers for name in FORWARDING_HEADERS)


def network_address():
    """This machine's IPv4 address on its network, or None: the address a classroom's phones reach.

    The one its default route leaves by (a UDP "connect" sends no packet); else the first
    interface's address that is not loopback (a network with no way out, as a school's may be).
    """
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
        found = probe.getsockname()[0]
        if _reachable(found):
            return found
    return next((a for a in _interface_addresses() if _reachable(a)), None)


def _interface_addresses():
    """The IPv4 address of each network interface (Linux's SIOCGIFADDR)."""
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            with contextlib.suppress(OSError):
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
                found.append(socket.inet_ntoa(packed[20:24]))
    return found


def _reachable(address):
    """An address another machine can open: not loopback, not unspecified, not link-local."""
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local)


def is_loopback_base(base):
    """True when a link on `base` opens only on this machine (127.x, ::1, localhost)."""
    host = (urlsplit(base).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
