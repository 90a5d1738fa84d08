""""Check what my followers see", the way a student uses it: the real extension in a real
Chromium, on local look-alike pages of Instagram, X and TikTok (lookalike_platforms.py), with
the real backend. On the student's own profile its photos reach the backend and come back marked
"followers"; on anyone else's the popup refuses, plainly, and nothing is sent. Neither
cookies, tokens nor page addresses reach the backend's log."""
import json
import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from tests.helpers.extension_harness import EXTENSION, browser_in, get_storage, messages, open_page, set_storage
from tests.helpers.lookalike_platforms import (
    IMAGE_HOSTS,
    ORIGINS,
    OTHER_PATHS,
    OWN_PATHS,
    OWN_PHOTOS,
    SECRETS,
    LookalikePlatforms,
)

pytestmark = pytest.mark.slow
AUDIT_TIMEOUT_MS = 240_000


def granted_copy(folder):
    """The real extension, with the platform's host access already granted: a test cannot click
    Chromium's permission prompt. The origins are the ones the popup asks for (lib/own_profile.js)."""
    copy = folder / "extension"
    shutil.copytree(EXTENSION, copy)
    source = (EXTENSION / "lib" / "own_profile.js").read_text()
    manifest = json.loads((copy / "manifest.json").read_text())
    for platform in OWN_PATHS:
        manifest["host_permissions"] += json.loads(re.search(platform + r": (\[[^\]]*\])", source).group(1))
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


@pytest.fixture(scope="module")
def site():
    with LookalikePlatforms() as running:
        yield running


@pytest.fixture(scope="module", params=["en", "ko"])
def browser(request, site, tmp_path_factory):
    folder = tmp_path_factory.mktemp("own-profile")
    with browser_in(request.param, folder / "profile", ext_dir=granted_copy(folder),
                    extra_args=site.chromium_args()) as (context, extension_id):
        yield context, extension_id, request.param


@pytest.fixture(scope="module")
def backend(live_backend):
    return live_backend


def popup_over(context, extension_id, backend, url):
    """The profile page open in a tab, and the popup opened over it (popup.html?tab=<id>)."""
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    page.wait_for_selector("main img")
    helper = open_page(context, extension_id, "options.html", wait_ready=False)
    set_storage(helper, {"backend": backend.base_url, "token": backend.token, "consent": "self"})
    tab_id = helper.evaluate("async (u) => (await chrome.tabs.query({url: u}))[0].id", page.url)
    helper.close()
    popup = context.new_page()
    popup.set_viewport_size({"width": 375, "height": 800})
    popup.goto(f"chrome-extension://{extension_id}/popup.html?tab={tab_id}")
    popup.wait_for_selector("body[data-ready]")
    popup.wait_for_selector("#followers-check:not([hidden])")
    return page, popup


def audits(backend):
    status, body = backend.request("GET", "/api/v1/audits")
    assert status == 200
    return body["audits"]


def test_own_profile_photos_are_sent_and_come_back_followers_only(browser, backend, site, tmp_path):
    context, extension_id, lang = browser
    page, popup = popup_over(context, extension_id, backend, "https://www.instagram.com/jane/")
    text = messages(lang)
    expect(popup.locator("#followers-check")).to_have_text(text["followersCheck"])
    popup.screenshot(path=str(tmp_path / f"popup-own-{lang}.png"))
    site.hits.clear()
    popup.click("#followers-check")
    popup.wait_for_selector("#summary:not([hidden])", timeout=AUDIT_TIMEOUT_MS)
    popup.screenshot(path=str(tmp_path / f"popup-own-done-{lang}.png"), full_page=True)

    audit_id = get_storage(popup)["currentAudit"]
    status, audit = backend.request("GET", f"/api/v1/audits/{audit_id}")
    assert status == 200 and audit["status"] == "done"
    assert audit["profiles"][0]["url"] == "own:https://www.instagram.com/jane/"
    kinds = sorted(p["kind"] for p in audit["photos"])
    assert kinds == sorted(OWN_PHOTOS["instagram"].values())  # the grid after scrolling, the highlight, the avatar
    assert {p["kind"]: p["visibility"] for p in audit["photos"]} == {
        "profile_photo": "public", "story_photo": "followers", "post_photo": "followers"}
    assert audit["summary"]["high_risk_photos"] >= 1
    # The extension fetched the largest variant of each post, without the page's cookies.
    fetched = [(path, cookie) for host, path, cookie, _ in site.hits if "cdninstagram" in host and path.endswith("_n.jpg")]
    assert {path.rsplit("/", 1)[-1] for path, _ in fetched} >= {f"{n}_n.jpg" for n in ("p1", "p2", "p3", "p4")}
    log = backend.output()
    for leaked in (*SECRETS, "sessionid", "instagram.com", "cdninstagram", "/jane/", "csrf"):
        assert leaked not in log, leaked
    page.close()
    popup.close()


@pytest.mark.parametrize("platform", ["x", "tiktok"])
def test_own_profile_on_x_and_tiktok_sends_the_owners_photos_only(browser, backend, site, platform):
    context, extension_id, _ = browser
    page, popup = popup_over(context, extension_id, backend, ORIGINS[platform] + OWN_PATHS[platform])
    earlier = get_storage(popup).get("currentAudit")
    site.hits.clear()
    popup.click("#followers-check")
    deadline = time.monotonic() + 60
    while get_storage(popup).get("currentAudit") == earlier and time.monotonic() < deadline:
        error = popup.locator("#error")
        assert not error.is_visible(), error.text_content()
        time.sleep(0.3)
    audit_id = get_storage(popup)["currentAudit"]
    assert audit_id != earlier, "no audit was started"
    audit, _ = backend.wait_for(audit_id, lambda a: a["status"] in ("done", "failed"), timeout=AUDIT_TIMEOUT_MS / 1000)
    assert audit["status"] == "done", audit["error"]
    assert audit["profiles"][0]["url"] == "own:" + {"x": "https://x.com/jane",
                                                    "tiktok": "https://www.tiktok.com/@jane"}[platform]
    # The avatar, the banner and the owner's own posts; not the photo of another account's post she reposted.
    assert sorted(p["kind"] for p in audit["photos"]) == sorted(OWN_PHOTOS[platform].values())
    assert all(p["visibility"] == ("public" if p["kind"] in ("profile_photo", "cover_photo") else "followers")
               for p in audit["photos"])
    images = [(path, query, cookie) for host, path, cookie, query in site.hits if host.endswith(IMAGE_HOSTS)]
    assert not any("p4" in path for path, _, _ in images), "the repost's photo was sent"
    assert not any(SECRETS[0] in cookie for _, _, cookie in images), "the page's cookie went with a photo"
    if platform == "x":  # the largest copy: name=large, and the 400x400 avatar
        assert {query for path, query, _ in images if "/media/" in path} == {"format=jpg&name=large"}
        assert any(path.endswith("avatar_n_400x400.jpg") for path, _, _ in images)
    log = backend.output()
    for leaked in (*SECRETS, "sessionid", "x.com", "tiktok.com", "tiktokcdn", "twimg", "/jane", "csrf"):
        assert leaked not in log, leaked
    page.close()
    popup.close()


@pytest.mark.parametrize("url", ["https://www.instagram.com/mina/", "https://www.instagram.com/forged/",
                                 ORIGINS["x"] + OTHER_PATHS["x"], ORIGINS["tiktok"] + OTHER_PATHS["tiktok"]])
def test_someone_elses_profile_is_refused_and_nothing_is_sent(browser, backend, site, url, tmp_path):
    context, extension_id, lang = browser
    page, popup = popup_over(context, extension_id, backend, url)
    before = len(audits(backend))
    site.hits.clear()
    popup.click("#followers-check")
    error = popup.locator('#error[data-code="not_own_profile"]')
    expect(error).to_be_visible()
    expect(error).to_contain_text(messages(lang)["errNotOwnProfile"])
    popup.screenshot(path=str(tmp_path / f"popup-refused-{lang}.png"), full_page=True)
    assert len(audits(backend)) == before
    assert not [hit for hit in site.hits if hit[1].endswith(".jpg")]  # no photo fetched by the extension
    page.close()
    popup.close()
