"""A class of students starting audits within the same minute, against the real server
(bench.workshop_load prints its figures; tests/workshop/test_workshop_load.py checks them).

The class site, the phone and extension students, and the run with its figures; what the
run does is told in bench/workshop_load.py.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from crawler.browser import CHROMIUM_ARGS, find_chromium
from tests.helpers.live_server import ROOT, LiveServer, PeakMemory
from tests.helpers.sites import LocalSite, QuietHandler

FIXTURES = ROOT / "tests" / "fixtures"
FACES = ("obama.jpg", "obama2.jpg", "biden.jpg", "astronaut.png", "obama3.jpg")
NO_FACES = ("coffee.png", "rocket.jpg", "chelsea.png")
PAGE = """<!doctype html><html><head><title>Student {n}'s blog</title></head><body>
<h1>Student {n}'s blog</h1>
<article><p>Trip</p><img src="/photos/{n}/{face}" alt="me"></article>
<article><p>Lunch</p><img src="/photos/{n}/{other}" alt="lunch"></article>
</body></html>"""


class _ClassHandler(QuietHandler):
    """Keep-alive HTTP/1.1 (QuietHandler's), like the real sites the crawler visits."""

    def do_GET(self):  # noqa: N802 - http.server's naming
        page = re.fullmatch(r"/student-(\d+)/", self.path.split("?")[0])
        photo = re.fullmatch(r"/photos/\d+/([a-z0-9]+\.(?:jpg|png))", self.path.split("?")[0])
        if page:
            n = int(page.group(1))
            body = PAGE.format(n=n, face=FACES[n % len(FACES)], other=NO_FACES[n % len(NO_FACES)]).encode()
            return self.send_body(200, body, "text/html; charset=utf-8")
        if photo and photo.group(1) in FACES + NO_FACES:
            folder = "faces" if photo.group(1) in FACES else "nofaces"
            kind = "image/png" if photo.group(1).endswith(".png") else "image/jpeg"
            return self.send_body(200, (FIXTURES / folder / photo.group(1)).read_bytes(), kind)
        return self.send_body(404, b"<html><title>Page Not Found</title><body>Not found</body></html>", "text/html")


class ClassSite(LocalSite):
    """`with ClassSite() as site:` one blog a student at site.student_url(n), on 127.0.0.1."""

    handler = _ClassHandler

    def student_url(self, n):
        return self.url(f"/student-{n}/")


def create_workshop(data_dir, base_url, name="Load test class", class_size=30):
    """`python -m backend workshop create` over the running server's data folder, with no address
    given: (join code, join link, dashboard path). The links must name the server's real port."""
    output = subprocess.run(
        [sys.executable, "-m", "backend", "workshop", "create", name, "--class-size", str(class_size)],
        cwd=ROOT, env={**os.environ, "EXPOSURE_DATA_DIR": str(data_dir)},
        capture_output=True, text=True, check=True, timeout=60).stdout
    code = re.search(r"Join code: (\S+)", output).group(1)
    link = re.search(r"Join link: (\S+)", output).group(1)
    dashboard = re.search(r"Dashboard: (\S+)", output).group(1)
    if not dashboard.startswith(base_url + "/") or link != f"{base_url}/pair#{code}":
        raise AssertionError(f"the command line printed links to another server: {dashboard} {link}")
    return code, link, dashboard.removeprefix(base_url)


# The phone page's own calls, seen from inside the page: every queue place it was told.
RECORD_QUEUE = """
(() => {
  const original = window.fetch;
  window.__positions = [];
  window.fetch = async (...args) => {
    const response = await original(...args);
    response.clone().json().then((body) => {
      if (body && body.status === "queued" && typeof body.queue_position === "number") {
        window.__positions.push(body.queue_position);
      }
    }).catch(() => {});
    return response;
  };
})();
"""


class PhoneStudent:
    """One student on a phone: the join link in a real Chromium page at 375 px, then the page's own UI."""

    def __init__(self, browser, n, profile_url):
        self.n, self.profile_url = n, profile_url
        self.context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
        self.page = self.context.new_page()
        self.page.add_init_script(RECORD_QUEUE)
        self.statuses, self.requests, self.token = [], 0, None
        self.started = self.finished = None
        self.status = self.photos = None
        self.positions = []
        self.page.on("response", self._seen)

    def _seen(self, response):
        if "/api/" in response.url:
            self.requests += 1
            self.statuses.append(response.status)

    def join(self, link):
        page = self.page
        page.goto(link)
        page.click("#pair-phone")
        page.wait_for_selector("body[data-ready]")
        page.click("#join-button")
        page.wait_for_selector("#session:not([hidden])")
        page.fill("#add-url", self.profile_url)
        page.click("#add-link")
        page.click("#pick-buttons .primary")  # the class's site is a website: confirmed, as a student does
        page.check('input[name="consent"][value="self"]')
        self.token = page.evaluate("() => JSON.parse(sessionStorage.getItem('exposure-check')).token")  # the tab's

    def start(self):
        self.started = time.monotonic()
        self.page.click("#start")

    def check(self):
        """True once the page shows the finished check (or its failure)."""
        status = self.page.get_attribute("#audit", "data-status")
        if status and not self.finished:
            self.finished, self.status = time.monotonic(), status
            self.photos = int(re.sub(r"\D", "", self.page.inner_text("#count-photos")) or 0) if status == "done" else None
            self.positions = self.page.evaluate("() => window.__positions")
        return bool(status)

    @property
    def audit(self):
        return {"status": self.status, "summary": {"photos": self.photos}}

    @property
    def headers(self):
        return {"Authorization": f"Bearer {self.token}"} if self.token else None


class Student:
    """One student's extension: pairs with the join code, starts an audit, polls it."""

    def __init__(self, server, n, profile_url):
        self.server, self.n, self.profile_url = server, n, profile_url
        self.headers, self.audit = None, None
        self.positions, self.statuses, self.requests = [], [], 0
        self.started = self.finished = None

    def call(self, method, path, body=None):
        self.requests += 1
        status, answer = self.server.request(method, path, body, auth=False, headers=self.headers)
        self.statuses.append(status)
        return status, answer

    def pair(self, code):
        status, answer = self.call("POST", "/api/v1/pair", {"code": code})
        assert status == 200, answer
        self.headers = {"Authorization": f"Bearer {answer['token']}"}

    def run(self, go, poll_s, deadline, max_requests):
        go.wait()
        self.started = time.monotonic()
        status, self.audit = self.call("POST", "/api/v1/audits", {"profiles": [self.profile_url], "consent": "self"})
        if status != 202:
            return
        self.positions.append(self.audit["queue_position"])
        while time.monotonic() < deadline and self.requests < max_requests:
            time.sleep(poll_s)
            status, self.audit = self.call("GET", self.audit["status_url"])
            if status != 200:
                continue
            if self.audit["status"] == "queued":
                self.positions.append(self.audit["queue_position"])
            if self.audit["status"] in ("done", "failed"):
                self.finished = time.monotonic()
                return


def run_class(students=30, poll_s=1.0, time_limit_s=900, data_dir=None, workers=None, phones=None):
    """Run the whole scenario; return the figures (and what the test checks) as a dict.

    `phones` students (half the class by default) use the phone page in a real Chromium;
    the rest take the extension's API path. Bounded: every student stops polling at
    `time_limit_s` after the start (API students also after `time_limit_s / poll_s + 10` requests).
    """
    from playwright.sync_api import sync_playwright

    phones = students // 2 if phones is None else phones
    with tempfile.TemporaryDirectory(prefix="workshop-load-") as scratch, ClassSite() as site, \
            sync_playwright() as playwright:
        data_dir = Path(data_dir or scratch)
        # The server's own limits: they are per student (per token), so a class needs no others.
        env = {"EXPOSURE_AUDIT_WORKERS": str(workers)} if workers else {}
        server = LiveServer(data_dir, extra_env=env)
        server.start()
        browser = _launch(playwright)
        try:
            code, link, dashboard = create_workshop(data_dir, server.base_url, class_size=students)
            on_phones = [PhoneStudent(browser, n, site.student_url(n)) for n in range(phones)]
            on_api = [Student(server, n, site.student_url(n)) for n in range(phones, students)]
            for phone in on_phones:
                phone.join(link)
            for student in on_api:
                student.pair(code)
            go = threading.Event()
            deadline = time.monotonic() + time_limit_s
            max_requests = int(time_limit_s / poll_s) + 10
            threads = [threading.Thread(target=s.run, args=(go, poll_s, deadline, max_requests), daemon=True)
                       for s in on_api]
            for thread in threads:
                thread.start()
            began = time.monotonic()
            with PeakMemory(server.process.pid) as peak:
                go.set()
                for phone in on_phones:
                    phone.start()
                waiting = list(on_phones)
                while waiting and time.monotonic() < deadline:
                    waiting = [phone for phone in waiting if not phone.check()]
                    time.sleep(poll_s / 2)
                for thread in threads:
                    thread.join(max(0.0, deadline - time.monotonic()) + 30)
            total = time.monotonic() - began
            figures = _figures(on_phones + on_api, total, server.output())
            figures["phones"] = len(on_phones)
            figures["peak_memory_mb"] = {"pss": round(peak.pss / 1024 ** 2), "rss": round(peak.rss / 1024 ** 2)}
            figures["dashboard"] = server.request("GET", dashboard, auth=False)
            figures["csv"] = server.request("GET", dashboard.replace("?", "/export.csv?"), auth=False)
            figures["profile_urls"] = [s.profile_url for s in on_phones + on_api]
            return figures
        finally:
            browser.close()
            server.stop()


def _launch(playwright):
    options = {"args": CHROMIUM_ARGS + (["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])}
    if find_chromium():
        options["executable_path"] = find_chromium()
    return playwright.chromium.launch(**options)


def _figures(class_, total, log):
    durations = [s.finished - s.started for s in class_ if s.finished]
    return {
        "students": len(class_),
        "total_s": round(total, 1),
        "median_finish_s": round(statistics.median(durations), 1) if durations else None,
        "max_finish_s": round(max(durations), 1) if durations else None,
        "max_queue_position": max((p for s in class_ for p in s.positions), default=0),
        "statuses": [s.audit.get("status") if isinstance(s.audit, dict) else None for s in class_],
        "positions": [s.positions for s in class_],
        "photos": [((s.audit or {}).get("summary") or {}).get("photos") for s in class_],
        "start_spread_s": round(max(s.started for s in class_) - min(s.started for s in class_), 2),
        "requests": sum(s.requests for s in class_),
        "http_errors": sorted({status for s in class_ for status in s.statuses if status >= 500}),
        "database_locked": "database is locked" in log,
        # Nothing personal in the server's log: no student's profile link or token.
        "log_leaks": [s.n for s in class_ if s.profile_url in log or (s.headers and
                      s.headers["Authorization"].split(" ", 1)[1] in log)],
    }
