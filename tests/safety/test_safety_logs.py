"""No profile URL or image URL in a log line of `python -m backend audit` (a real audit, in a subprocess).

The CLI prints the user's own links back to them on the terminal, which is fine; the
logging lines ('%(asctime)s %(levelname)s %(name)s: ...') are what ends up in files
and must not hold them.
"""
import os
import re
import subprocess
import sys

import pytest

from tests.helpers.live_server import ROOT
from tests.helpers.profile_site import ProfileSite

pytestmark = pytest.mark.slow

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


def test_the_cli_audit_logs_no_profile_or_image_url(tmp_path):
    with ProfileSite() as site:
        profile = site.url("/blog/")
        done = subprocess.run(
            [sys.executable, "-m", "backend", "audit", profile, site.url("/no-such-page/")],
            cwd=ROOT, capture_output=True, text=True, timeout=240,
            env={**os.environ, "EXPOSURE_DATA_DIR": str(tmp_path), "EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1"})
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-2000:]
    log_lines = [line for line in output.splitlines() if LOG_LINE.match(line)]
    assert any("profile crawled" in line for line in log_lines), "the audit wrote no log line to check"
    host = site.url("")
    for line in log_lines:
        for secret in (host, host.removeprefix("http://"), "/blog/", "/no-such-page/", "obama", "biden", "coffee"):
            assert secret not in line, f"a log line holds {secret!r}: {line}"
