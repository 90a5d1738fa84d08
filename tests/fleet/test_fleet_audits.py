"""Audits through the real API on real Celery workers (subprocesses) and a real Redis."""
import pytest

pytestmark = pytest.mark.slow


def finished(audit):
    return audit["status"] in ("done", "failed")


def start(fleet, url):
    status, created = fleet.server.request("POST", "/api/v1/audits", {"profiles": [url], "consent": "self"})
    assert status == 202, created
    return created["id"]


def test_one_audit_runs_on_a_worker(fleet):
    audit_id = start(fleet, fleet.site.student_url(0))
    audit, progress = fleet.server.wait_for(audit_id, finished)
    assert audit["status"] == "done", audit["error"]
    assert audit["summary"]["photos"] == 2
    assert any(worker.took(audit_id) for worker in fleet.workers)
