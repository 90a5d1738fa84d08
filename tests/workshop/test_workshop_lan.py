"""A class on the school's network with one command: `serve --lan` in a network namespace the test
makes (a veth pair between a "teacher's computer" and a "student's phone", addresses 10.231.x),
and a second client there that opens the QR code's join link and checks from the phone page.

The QR code printed in the terminal is compared with the join link's own code, module for module.
Skipped only where network namespaces cannot be made (not root, no `ip`).
"""
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
import segno

from tests.helpers.live_server import ROOT, free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
SERVER_ADDRESS, PHONE_ADDRESS = "10.231.7.1", "10.231.7.2"


def ip(*args):
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture
def classroom():
    """Two namespaces joined by a veth pair: (teacher's namespace, phone's namespace)."""
    tag = f"{os.getpid() % 100000}"
    teacher, phone = f"ec-teacher-{tag}", f"ec-phone-{tag}"
    if not shutil.which("ip") or os.geteuid() != 0:
        pytest.skip("network namespaces need root and iproute2")
    try:
        ip("netns", "add", teacher)
    except subprocess.CalledProcessError as error:
        pytest.skip(f"no network namespaces here: {error.stderr.decode().strip()}")
    try:
        ip("netns", "add", phone)
        ip("link", "add", f"ect{tag}", "type", "veth", "peer", "name", f"ecp{tag}")
        ip("link", "set", f"ect{tag}", "netns", teacher)
        ip("link", "set", f"ecp{tag}", "netns", phone)
        for ns, dev, address in ((teacher, f"ect{tag}", SERVER_ADDRESS), (phone, f"ecp{tag}", PHONE_ADDRESS)):
            ip("-n", ns, "addr", "add", f"{address}/24", "dev", dev)
            ip("-n", ns, "link", "set", dev, "up")
            ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", teacher, "route", "add", "default", "via", PHONE_ADDRESS)  # a school network's way out
        yield teacher, phone
    finally:
        for ns in (teacher, phone):
            subprocess.run(["ip", "netns", "del", ns], capture_output=True)


class Reader:
    """A process's output, read as it comes."""

    def __init__(self, process):
        self.text, self.process = "", process
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.text += line

    def wait_for(self, pattern, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(pattern, self.text, re.M)
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"never printed {pattern!r}:\n{self.text}")


def start_in(namespace, args, env):
    process = subprocess.Popen(["ip", "netns", "exec", namespace, *args], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    return process, Reader(process)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def test_serve_lan_serves_a_class_that_a_phone_on_the_network_joins_by_the_qr_code(classroom, tmp_path, shots):
    teacher, phone = classroom
    port = free_port()
    env = {**os.environ, "EXPOSURE_DATA_DIR": str(tmp_path / "data"), "EXPOSURE_ALLOW_PRIVATE_NETWORKS": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("EXPOSURE_API_TOKEN", None)
    env.pop("EXPOSURE_PUBLIC_URL", None)
    # The student's profile: a blog served on the teacher's computer's own loopback.
    site, site_out = start_in(teacher, [sys.executable, "-c", "import time; from tests.helpers.sites import serve_sites\n"
                                        "with serve_sites() as base:\n    print(base, flush=True); time.sleep(3600)"],
                              env)
    server, out = start_in(teacher, [sys.executable, "-m", "backend", "serve", "--lan", "--port", str(port),
                                     "--class-name", "2-3 science"], env)
    try:
        base = out.wait_for(r"^Exposure Check \S+ on (\S+)$").group(1)
        assert base == f"http://{SERVER_ADDRESS}:{port}"  # the machine's network address, not 127.0.0.1
        link = out.wait_for(r"^Join link: (\S+)").group(1)
        assert link.startswith(f"{base}/pair#")
        dashboard = out.wait_for(r"^Dashboard \(keep this link to yourself\): (\S+)$").group(1)
        assert dashboard.startswith(f"{base}/workshops/")
        drawn = io.StringIO()
        segno.make(link, error="m").terminal(out=drawn, compact=True, border=2)
        assert drawn.getvalue() in out.text  # the QR code in the terminal is the join link's
        blog = site_out.wait_for(r"^(http://127\.0\.0\.1:\d+)$").group(1) + "/site/blog/"

        client = subprocess.run(["ip", "netns", "exec", phone, sys.executable, "-m", "tests.helpers.lan_client",
                                 link, blog, str(shots)], cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=400)
        assert client.returncode == 0, client.stdout + client.stderr + out.text
        found = json.loads(client.stdout.strip().splitlines()[-1])
        assert found["class"] == "You are in the class “2-3 science”."
        assert found["phone_path_on_first_screen"]  # the QR code's page leads with the phone path on a phone
        assert re.match(r"\d+ public photos? shows? you clearly enough", found["verdict"]), found
        # The Host check and the teacher's pages hold on the network address.
        assert found["foreign_host"] == 421
        assert found["new_class_from_phone"] == 403
    finally:
        stop(server)
        stop(site)
