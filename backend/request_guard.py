"""Checks on every request before any view runs: the Host header and cross-origin calls.

A page on the web can make a browser call 127.0.0.1 (DNS rebinding, CSRF); the
Host check and the extension-only CORS policy make that useless.
"""
import ipaddress

from flask import g, request

from . import store
from .address import own_origins
from .db import get_db
from .errors import error_response

LOCAL_NAMES = ("localhost",)
LOOPBACK_V4 = ipaddress.ip_network("127.0.0.0/8")
LOOPBACK_V6 = ipaddress.ip_address("::1")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
# What an extension needs before it has paired: whether the server is up, and pairing itself.
# Reading a typed link (/api/v1/profile-input) is pure and holds no data.
OPEN_TO_ANY_EXTENSION = ("/api/v1/health", "/api/v1/pair", "/api/v1/openapi.json", "/api/v1/limits",
                         "/api/v1/profile-input")


def host_allowed(host, allowed):
    """Whether a request's Host names this server: localhost, a loopback address, or an allowed name."""
    name = (host.rsplit(":", 1)[0] if not host.endswith("]") else host).lower()
    return name in LOCAL_NAMES or is_loopback_address(name) or host.lower() in allowed or name in allowed


def is_loopback_address(name):
    """True for a loopback address written out (127.0.0.5, [::1]), whatever address the server listens on.

    A rebinding page reaches the server under its own domain name, never as an address, so any
    loopback address is safe to answer; a server started with `--host 127.0.0.5` answers the
    address it listens on as well as 127.0.0.1.
    """
    try:
        address = ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
    except ValueError:
        return False
    # Written out rather than `is_loopback`, whose answer for ::ffff:127.0.0.1 changed in Python 3.13.
    return address in LOOPBACK_V4 if address.version == 4 else address == LOOPBACK_V6


def origin_allowed(origin):
    return origin.startswith(EXTENSION_SCHEMES)


def origin_paired(origin, config):
    """Whether cross-origin calls from this extension origin are answered.

    Only the extensions that paired with this server: any other installed extension is a
    stranger too. The health check and pairing stay reachable for an extension not paired yet.
    With EXPOSURE_API_TOKEN the operator hands out the token instead of pairing, and every
    extension origin is answered (the token is still needed).
    """
    if config.get("API_TOKEN") or request.path in OPEN_TO_ANY_EXTENSION:
        return True
    return origin in store.paired_origins(get_db())


def init_app(app):
    allowed = {h.lower() for h in app.config.get("ALLOWED_HOSTS", [])}

    @app.before_request
    def _check_host_and_origin():
        if not host_allowed(request.host, allowed):
            return error_response(421, "unknown_host",
                                  "This server does not answer for that host name (set EXPOSURE_ALLOWED_HOSTS).")
        origin = request.headers.get("Origin")
        g.cors_ok = bool(origin) and origin_allowed(origin)
        # The API answers the extension, and this server's own phone page (same origin; the
        # Host check above makes a rebound name useless).
        if origin and not origin_allowed(origin) and origin not in own_origins() and request.path.startswith("/api/"):
            return error_response(403, "origin_not_allowed", "Only the Exposure Check extension may call this API.")
        if g.cors_ok and request.path.startswith("/api/") and not origin_paired(origin, app.config):
            g.cors_ok = False
            return error_response(403, "origin_not_allowed",
                                  "This extension has not paired with this server: pair it with a code first.")
        if request.method == "OPTIONS" and origin:
            return app.make_default_options_response()
        return None

    @app.after_request
    def _cors_headers(response):
        origin = request.headers.get("Origin")
        if origin and g.get("cors_ok"):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Vary"] = "Origin"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response
