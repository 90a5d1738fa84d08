"""Test-only: read a local fixture's URL as the real URL it stands for.

Fixture pages that follow real pages are served from the local test server
under `/h/<real host>/<real path>`, so the crawler reads the real host names
(and the real URL forms) while every request still goes to the loopback server
through the network guard. Only the reading changes: what is fetched is always
the URL as written.

It can never be on in production: it needs both EXPOSURE_ALLOW_PRIVATE_NETWORKS=1
(which the guard only honours for tests and local fixtures) and
EXPOSURE_TEST_HOST_MAP=1, read from the environment, never from a request; and
it only ever applies to loopback URLs, which production refuses to fetch.
"""
import os
import re
from urllib.parse import urlsplit, urlunsplit

from .netguard import ALLOW_ENV

FLAG_ENV = "EXPOSURE_TEST_HOST_MAP"
MAPPED = re.compile(r"^/h/([a-z0-9-]+(?:\.[a-z0-9-]+)+)(/.*)?$", re.I)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def enabled():
    """True only when both test switches are set in the environment."""
    return os.environ.get(ALLOW_ENV) == "1" and os.environ.get(FLAG_ENV) == "1"


def seen_as(url, page_url=None):
    """`url` as the page names it: the real URL behind a mapped loopback URL, else `url` itself.

    A root-relative link on a mapped page (`/other/` on `/h/www.instagram.com/jane/`)
    is read on the page's real host.
    """
    if not url or not enabled():
        return url
    parts = urlsplit(url)
    if (parts.hostname or "") not in LOOPBACK:
        return url
    match = MAPPED.match(parts.path)
    if match:
        return urlunsplit(("https", match.group(1).lower(), match.group(2) or "/", parts.query, ""))
    if page_url and urlsplit(page_url).netloc == parts.netloc:
        page = urlsplit(seen_as(page_url))
        if page.hostname not in LOOPBACK:
            return urlunsplit(("https", page.netloc, parts.path, parts.query, ""))
    return url
