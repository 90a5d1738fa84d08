"""What one read of a report costs: the report page (with "what changed") and the API's audit
document, through the real Flask app on a real SQLite file.

    .venv/bin/python -m bench.report_requests

The report tests' audit (five profiles, 13 photos, 9 of them clear) is stored twice for one
token, so the page also compares with the earlier check. For each read: the milliseconds it took
(the median of ROUNDS) and how many times the report view (backend.report.view.build) was
built for it. Issue #28 counted three builds for a page view.
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ROUNDS = 40
TOKEN = "bench-report-token"


def main():
    from tests.helpers.report_audits import finished_audit, keep, thumbnails_for

    from backend import create_app
    from backend.report import view
    from backend.tokens import digest

    builds, build = [], view.build
    view.build = lambda *args, **options: builds.append(1) or build(*args, **options)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "DATABASE": str(Path(folder) / "exposure.db"), "DATA_DIR": folder,
                          "API_TOKEN": TOKEN, "RUN_JOBS": False})
        audit = finished_audit()
        keep(app, "a1", audit, thumbnails_for(audit), token_hash=digest(TOKEN))
        key = keep(app, "a2", audit | {"created_at": "2026-11-27T18:00:00Z"}, thumbnails_for(audit),
                   token_hash=digest(TOKEN))
        client = app.test_client()
        reads = {"report page (en)": lambda: client.get(f"/audits/a2/report?key={key}&lang=en"),
                 "report page (ko)": lambda: client.get(f"/audits/a2/report?key={key}&lang=ko"),
                 "API audit document": lambda: client.get("/api/v1/audits/a2",
                                                          headers={"Authorization": f"Bearer {TOKEN}"})}
        for name, read in reads.items():
            read()  # templates and catalogs loaded once, as on a running server
            builds.clear()
            took = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                assert read().status_code == 200
                took.append((time.perf_counter() - started) * 1000)
            print(f"{name}: {statistics.median(took):.1f} ms a read (median of {ROUNDS}), "
                  f"{len(builds) / ROUNDS:.0f} view build(s) a read")
        app.extensions["exposure_jobs"].shutdown(wait=True)
    view.build = build


if __name__ == "__main__":
    main()
