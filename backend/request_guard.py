"""Checks on every request before any view runs: the Host header and cross-origin calls.

A page on the web can make a browser call 127.0.0.1 (DNS rebinding, CSRF); the
Host check and the extension-only CORS policy make that useless.
"""
from flask import request

from .address import own_origins
from .errors import error_response

LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")


def host_allowed(host, allowed):
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in LOCAL_HOSTS or host.lower() in allowed or name.lower() in allowed


def origin_allowed(origin):
    return origin.startswith(EXTENSION_SCHEMES)


def init_app(app):
    allowed = {h.lower() for h in app.config.get("ALLOWED_HOSTS", [])}

    @app.before_request
    def _check_host_and_origin():
        if not host_allowed(request.host, allowed):
            return error_response(421, "unknown_host",
                                  "This server does not answer for that host name (set EXPOSURE_ALLOWED_HOSTS).")
        origin = request.headers.get("Origin")
        # The API answers the extension, and this server's own phone page (same origin; the
        # Host check above makes a rebound name useless).
        if origin and not origin_allowed(origin) and origin not in own_origins() and request.path.startswith("/api/"):
            return error_response(403, "origin_not_allowed", "Only the Exposure Check extension may call this API.")
        if request.method == "OPTIONS" and origin:
            return app.make_default_options_response()
        return None

    @app.after_request
    def _cors_headers(response):
        origin = request.headers.get("Origin")
        if origin and origin_allowed(origin):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Vary"] = "Origin"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response
