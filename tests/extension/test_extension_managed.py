"""Managed storage as a school's IT team sets it (docs/school-it.md), live: a real Chromium reads
the policy file from its policy folder, the real extension reads `backend` from managed storage
(storage.managed_schema), the settings page shows that address read-only, the student types only
the class code, and a pairing link of another server is refused. In English and Korean.

Debian's Chromium reads policies from /etc/chromium/policies/managed/. The test writes nothing
there and changes nothing any other browser on this machine sees: Chromium runs in a mount
namespace of its own (`unshare --mount`, root only), where a temporary folder is bind-mounted
over /etc/chromium; the mount ends with the browser, and /etc/chromium outside is never touched.
Where that cannot be done (not root, no unshare, a container without mount namespaces) the test
is skipped and says why.
"""
import json
import os
import shlex
import shutil
import subprocess

import pytest
from playwright.sync_api import expect, sync_playwright

from crawler.browser import find_chromium
from tests.helpers.extension_fakebackend import CLASS_NAME, JOIN_CODE, FakeBackend
from tests.helpers.extension_harness import (
    EXTENSION,
    extension_id_of,
    get_storage,
    launch,
    messages,
    open_page,
    popup_over,
)
from tests.helpers.live_server import free_port

pytestmark = pytest.mark.slow
POLICY_ROOT = "/etc/chromium"  # Debian's Chromium: <this>/policies/managed/*.json
ELSEWHERE = "127.0.0.3"


def namespace_problem(scratch):
    """Why Chromium cannot get a policy folder of its own here, or None when it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "a private mount namespace needs root"
    if not shutil.which("unshare"):
        return "no unshare (util-linux)"
    if not os.path.isdir(POLICY_ROOT):
        return f"{POLICY_ROOT} is missing (a Chromium other than Debian's?)"
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "mount", "--bind", str(scratch), POLICY_ROOT],
                           capture_output=True, text=True, timeout=30)
    return f"no mount namespace here: {probe.stderr.strip()}" if probe.returncode else None


def chromium_with_policy(folder, policy, real):
    """A launcher that runs `real` seeing `policy` as its only managed policy file."""
    root = folder / "etc-chromium"
    (root / "policies" / "managed").mkdir(parents=True)
    (root / "policies" / "managed" / "exposure-check.json").write_text(json.dumps(policy))
    launcher = folder / "chromium-with-policy"
    mount = f'mount --bind "$0" {POLICY_ROOT} && exec "$@"'
    launcher.write_text("#!/bin/sh\n# Chromium in a mount namespace of its own, with a policy folder of its own.\n"
                        f"exec unshare --mount --propagation private sh -c {shlex.quote(mount)} "
                        f'{shlex.quote(str(root))} {shlex.quote(real)} "$@"\n')
    launcher.chmod(0o755)
    return launcher


@pytest.fixture(scope="module", params=["en", "ko"])
def managed(request, tmp_path_factory):
    """(lang, context, extension id, the school's server as set by policy)."""
    folder = tmp_path_factory.mktemp(f"managed-{request.param}")
    (folder / "scratch").mkdir()
    problem = namespace_problem(folder / "scratch")
    if problem:
        pytest.skip(f"managed storage needs a policy folder for Chromium alone: {problem}")
    server = FakeBackend()  # on 127.0.0.1: no host-access prompt, which a test cannot click
    extension_id = extension_id_of(EXTENSION)
    policy = {"3rdparty": {"extensions": {extension_id: {"backend": server.url}}}}
    before = sorted(os.listdir(POLICY_ROOT))
    with sync_playwright() as playwright:
        launcher = chromium_with_policy(folder, policy, find_chromium() or playwright.chromium.executable_path)
        context, loaded = launch(playwright, folder / "profile", lang=request.param, executable=str(launcher))
        assert loaded == extension_id
        try:
            yield request.param, context, extension_id, server
        finally:
            context.close()
            server.stop()
    assert sorted(os.listdir(POLICY_ROOT)) == before, "nothing left in /etc/chromium"


def test_the_school_set_server_is_shown_read_only_and_the_student_types_only_the_code(managed, tmp_path):
    lang, context, extension_id, server = managed
    ui = messages(lang)
    page = open_page(context, extension_id, "options.html")
    expect(page.locator("#backend")).to_have_value(server.url)
    assert page.evaluate("() => document.getElementById('backend').readOnly") is True
    expect(page.locator("#backend-managed")).to_have_text(ui["backendManaged"])
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(tmp_path / f"settings-managed-{width}-{lang}.png"), full_page=True)
    page.fill("#code", JOIN_CODE)
    page.click("#pair")
    page.wait_for_selector('#status[data-paired="1"]')
    expect(page.locator("#class-name")).to_have_text(ui["classJoined"].replace("$1", CLASS_NAME))
    assert get_storage(page)["backend"] == server.url
    page.close()


def test_a_pairing_link_of_another_server_is_refused_when_the_school_set_one(managed):
    lang, context, extension_id, server = managed
    origin = f"http://{ELSEWHERE}:{free_port(ELSEWHERE)}"
    context.route(f"{origin}/pair", lambda route: route.fulfill(content_type="text/html", body=(
        f'<!doctype html><head><meta name="exposure-check-pairing" data-server="{origin}" data-code="ABCD-2345">'
        "</head><body>Pair</body>")))
    page = context.new_page()
    page.goto(f"{origin}/pair")
    popup = popup_over(context, extension_id, page)
    error = popup.locator('#error[data-code="managed_elsewhere"]')
    expect(error).to_have_text(messages(lang)["errManagedElsewhere"])
    assert {"en": "teacher", "ko": "선생님"}[lang] in popup.inner_text("#error")
    expect(popup.locator("#offer")).to_be_hidden()
    assert get_storage(popup).get("backend") in (None, server.url)
    popup.close()
    page.close()
