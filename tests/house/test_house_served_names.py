"""One source for the stage names and the profile-link rules: the backend's, served by
GET /api/v1/limits and POST /api/v1/profile-input. The phone page and the extension keep no
list of their own; where the extension must know a platform's hosts before it can ask (its
host permissions, the script it injects into the student's own profile page), its copy is
checked here against the backend's adapters, and in tests/extension/test_extension_link_rules.py
against the backend's reading of real addresses.
"""
import json
import re
from pathlib import Path

from backend.api.limits import current_limits
from backend.start.words import WORDS
from crawler.platforms import ADAPTERS

ROOT = Path(__file__).resolve().parents[2]
STATUSES = {"queued", "running", "done", "failed"}  # an audit's status, also said by the pages
PAGE_SCRIPTS = sorted((ROOT / "backend" / "start" / "static").glob("*.js"))
EXTENSION_SCRIPTS = sorted(p for p in (ROOT / "extension").rglob("*.js"))


def served_stages():
    return set(current_limits(10)["stages"])


def stage_keys(keys):
    return {key.removeprefix("stage_") for key in keys if key.startswith("stage_")}


def extension_messages():
    return json.loads((ROOT / "extension" / "_locales" / "en" / "messages.json").read_text(encoding="utf-8"))


def test_the_pages_have_words_for_exactly_the_served_stages():
    # "working" is what a page says for a stage it has no words for (a newer server's).
    expected = served_stages() | {"working"}
    assert stage_keys(WORDS) == expected, "the phone page's stage words (backend/start/words.py)"
    assert stage_keys(extension_messages()) == expected, "the extension's stage words (_locales)"


def test_no_script_keeps_its_own_list_of_stages():
    # A stage that is not also a status is named only by the server: a script that quotes one
    # holds a copy (phone.js once listed "starting", "grouping" and "reporting").
    names = served_stages() - STATUSES | {"starting", "grouping", "reporting"}
    quoted = re.compile(r"""["'`](%s)["'`]""" % "|".join(sorted(names)))
    copies = {p.relative_to(ROOT).as_posix(): quoted.findall(p.read_text(encoding="utf-8"))
              for p in PAGE_SCRIPTS + EXTENSION_SCRIPTS}
    assert not {path: found for path, found in copies.items() if found}


def test_the_phone_pages_scripts_hold_no_platform_host():
    # Links are read by the server (POST /api/v1/profile-input), never matched in the page.
    hosts = {host for name, adapter in ADAPTERS.items() for host in adapter.hosts}
    found = {p.name: [h for h in hosts if h in p.read_text(encoding="utf-8")] for p in PAGE_SCRIPTS}
    assert not {name: h for name, h in found.items() if h}


def extension_hosts():
    """{source: {platform: [host]}} of the extension's own lists of a platform's page hosts."""
    lib = (ROOT / "extension" / "lib" / "own_profile.js").read_text(encoding="utf-8")
    content = (ROOT / "extension" / "content" / "own_profile.js").read_text(encoding="utf-8")
    hosts_literal = re.search(r"const HOSTS = (\{[^}]*\});", lib).group(1)
    origins_literal = re.search(r"export const ORIGINS = (\{.*?\});", lib, re.S).group(1)
    as_json = lambda literal: json.loads(re.sub(r"([{,]\s*)(\w+):", r'\1"\2":', literal).replace(",\n}", "\n}"))  # noqa: E731
    origins = {name: [re.match(r"https://([^/]+)/", pattern).group(1) for pattern in patterns
                      if not pattern.startswith("https://*.")]
               for name, patterns in as_json(origins_literal).items()}
    content_hosts = dict(re.findall(r"\n    (\w+): \{\n      hosts: (\[[^\]]*\])", content))
    return {"lib/own_profile.js HOSTS": as_json(hosts_literal),
            "lib/own_profile.js ORIGINS (pages)": origins,
            "content/own_profile.js": {name: json.loads(hosts) for name, hosts in content_hosts.items()}}


def test_the_extensions_platform_hosts_are_the_backends():
    sources = extension_hosts()
    hosts = sources["lib/own_profile.js HOSTS"]
    assert set(hosts) == {"instagram", "x", "tiktok"}
    for name, listed in hosts.items():
        adapter = ADAPTERS[name]
        assert listed and all(adapter.is_web_host(host) for host in listed), (name, listed)
        # The page check (content script) knows the same hosts, and the permission asked for
        # covers their pages (its other origins are the platform's image hosts).
        assert sorted(sources["content/own_profile.js"][name]) == sorted(listed), name
        pages = {host.removeprefix("www.") for host in sources["lib/own_profile.js ORIGINS (pages)"][name]
                 if adapter.is_web_host(host)}
        assert pages == set(listed), name


def test_the_check_sees_a_host_of_another_platform():
    assert not ADAPTERS["x"].is_web_host("instagram.com")
    assert ADAPTERS["x"].is_web_host("twitter.com")
