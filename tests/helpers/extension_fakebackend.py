"""A stand-in for the backend's HTTP API (docs/design.md), for the extension's UI tests.

It answers exactly the shapes docs/design.md gives, with canned results, so the popup's
states (progress, summary, failures) can be driven one by one. The end-to-end
test uses the real backend instead.
"""
import io
import itertools
import threading

from flask import Flask, jsonify, request
from PIL import Image
from werkzeug.serving import WSGIRequestHandler, make_server

from backend.api import profile_input
from backend.api.limits import current_limits
from backend.config import from_environment
from backend.errors import ApiError
from backend.report import pick_language, reader_summary
from backend.report.reasons import render_reasons
from backend.report.view import report_tips
from crawler import identify_profile

PAIRING_CODE = "TEST-1234"
JOIN_CODE = "JOIN-5678"  # a workshop's join code: the answer names the class
FULL_CODE = "FULL-0000"  # a workshop's join code whose class is full
CLASS_NAME = "2-3반"
TOKEN = "fake-token"
# Each GET of a running audit moves it one step on: queued, then two running stages, then done.
STEPS = [
    ("queued", {"stage": "queued", "profiles_done": 0, "photos_found": 0, "photos_analyzed": 0}),
    ("running", {"stage": "crawling", "profiles_done": 0, "photos_found": 0, "photos_analyzed": 0}),
    ("running", {"stage": "analyzing", "profiles_done": 1, "photos_found": 5, "photos_analyzed": 2}),
]


def _error(status, code, message, field=None):
    return jsonify({"error": {"code": code, "message": message, "field": field}}), status


def _finished(audit, lang="en"):
    """The canned result: five photos, three clear ones of one person, with the report's
    first screen (verdict, first steps) worded by the real backend code in `lang`."""
    profiles = [
        {"url": url, "platform": identify_profile(url)["platform"],
         "status": "not_found" if "missing" in url else "ok",
         "message": "", "photos_found": 0 if "missing" in url else 5}
        for url in audit["profiles"]
    ]
    risks = ["high", "high", "high", "medium", "none"]
    photos = [
        {"id": f"p{i}", "profile_url": audit["profiles"][0], "page_url": audit["profiles"][0],
         "image_url": f"https://example.invalid/{i}.jpg", "width": 800, "height": 600,
         "risk": risk, "skipped": None,
         "faces": [] if risk == "none" else [{"box": [10, 60, 60, 10], "risk": risk,
                                              "reasons": ["large, sharp, front-facing"],
                                              "quality": {}, "identity": "i1"}]}
        for i, risk in enumerate(risks)
    ]
    document = {
        "id": audit["id"], "status": "done", "created_at": audit["created_at"], "consent": audit["consent"],
        "progress": {"stage": "done", "profiles_done": len(profiles), "profiles_total": len(profiles),
                     "photos_found": 5, "photos_analyzed": 5},
        "profiles": profiles, "photos": photos,
        "identities": [{"id": "i1", "photo_count": 4, "high_risk_photo_count": 3}],
        "summary": {"photos": 5, "photos_with_faces": 4, "high_risk_photos": 3, "largest_identity_kit": 3},
        "reader": None,
    }
    document["tips"] = report_tips(document, lang)  # chosen once, as backend/report/document.py does
    return document | reader_summary(document, lang)


def create_app():
    """The fake API as a Flask app; `app.state` holds its audits and tokens."""
    app = Flask(__name__)
    app.state = {"audits": {}, "tokens": {TOKEN}, "ids": itertools.count(1), "fail_next": False}

    @app.after_request
    def cors(response):
        origin = request.headers.get("Origin", "")
        if origin.startswith(("chrome-extension://", "moz-extension://")):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE"
        return response

    @app.before_request
    def auth():
        if request.method == "OPTIONS":
            return "", 204
        open_paths = ("/api/v1/health", "/api/v1/pair", "/api/v1/limits", "/api/v1/profile-input")
        if request.path.startswith("/api/") and request.path not in open_paths:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in app.state["tokens"]:
                return _error(401, "unauthorized", "missing or invalid token")
        return None

    # What a typed link or handle is: the real rule set, never a copy (crawler/profile_input.py).
    app.config["MAX_JSON_BYTES"] = from_environment()["MAX_JSON_BYTES"]
    app.register_blueprint(profile_input.bp)
    app.register_error_handler(ApiError, lambda e: _error(e.status, e.code, e.message, e.field))

    @app.get("/api/v1/health")
    def health():
        return {"status": "ok", "version": "fake", "browser_ready": True, "models_ready": True}

    @app.get("/api/v1/limits")
    def limits():
        return current_limits(from_environment()["MAX_PROFILES"])

    @app.post("/api/v1/pair")
    def pair():
        code = (request.get_json(silent=True) or {}).get("code")
        if code == FULL_CODE:
            return _error(403, "class_full", "This class is full: ask your teacher for help.", "code")
        if code == JOIN_CODE:
            return {"token": TOKEN, "workshop": {"name": CLASS_NAME}}
        if code != PAIRING_CODE:
            return _error(400, "invalid_code", "wrong pairing code", "code")
        return {"token": TOKEN, "workshop": None}

    @app.post("/api/v1/audits")
    def start():
        body = request.get_json(silent=True) or {}
        if body.get("consent") not in ("self", "guardian"):
            return _error(400, "invalid", "consent required", "consent")
        audit_id = f"a{next(app.state['ids'])}"
        app.state["audits"][audit_id] = {
            "id": audit_id, "profiles": body["profiles"], "consent": body["consent"], "step": 0,
            "created_at": "2026-11-25T00:00:00Z", "fail": app.state["fail_next"],
        }
        app.state["fail_next"] = False
        return {"id": audit_id, "status": "queued", "status_url": f"/api/v1/audits/{audit_id}",
                "report_url": f"/audits/{audit_id}/report?key=k{audit_id}"}, 202

    @app.get("/api/v1/audits")
    def listing():
        keys = ("id", "status", "created_at", "summary")
        return {"audits": [dict({k: _snapshot(a, advance=False).get(k) for k in keys},
                                profiles_total=len(a["profiles"]))
                           for a in reversed(app.state["audits"].values())]}

    @app.get("/api/v1/audits/<audit_id>")
    def one(audit_id):
        audit = app.state["audits"].get(audit_id)
        if not audit:
            return _error(404, "not_found", "no such audit")
        return _snapshot(audit, advance=True)

    @app.get("/api/v1/audits/<audit_id>/contents")
    def contents(audit_id):
        if audit_id not in app.state["audits"]:
            return _error(404, "not_found", "no such audit")
        return {"profiles": len(app.state["audits"][audit_id]["profiles"]), "photos": 5, "thumbnails": 5}

    @app.delete("/api/v1/audits/<audit_id>")
    def delete(audit_id):
        if not app.state["audits"].pop(audit_id, None):
            return _error(404, "not_found", "no such audit")
        return "", 204

    @app.post("/api/v1/analyze")
    def analyze():
        upload = request.files.get("image")
        data = upload.read() if upload else b""
        if not data:
            return _error(400, "invalid", "no image", "image")
        width, height = Image.open(io.BytesIO(data)).size
        # One face in the middle third, as [top, right, bottom, left].
        box = [height // 3, 2 * width // 3, 2 * height // 3, width // 3]
        codes = [{"code": "clear_frontal"}]
        lang = pick_language(request.headers.get("Accept-Language"), None)
        return {"width": width, "height": height, "risk": "high", "skipped": None,
                "faces": [{"box": box, "risk": "high", "reasons": render_reasons(codes, lang),
                           "reason_codes": codes, "quality": {}}]}

    @app.get("/audits/<audit_id>/report")
    def report(audit_id):
        return f"<h1>Report {audit_id}</h1>"

    return app


def expected_summary(audit_id, app, lang="en"):
    """What the popup should show for a finished audit: the real backend's wording."""
    return _finished(app.state["audits"][audit_id], lang)


def _snapshot(audit, advance):
    if audit["step"] >= len(STEPS):
        if audit["fail"]:
            return {"id": audit["id"], "status": "failed", "created_at": audit["created_at"],
                    "progress": {"stage": "failed"}, "profiles": [], "summary": None}
        return _finished(audit, pick_language(request.headers.get("Accept-Language"), None))
    status, progress = STEPS[audit["step"]]
    if advance:
        audit["step"] += 1
    return {"id": audit["id"], "status": status, "created_at": audit["created_at"], "summary": None,
            "queue_position": 1 if status == "queued" else None,
            "progress": dict(progress, profiles_total=len(audit["profiles"]))}


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class FakeBackend:
    """The fake API served on 127.0.0.1 in a thread: `.url`, `.app.state`, `.stop()`."""

    def __init__(self):
        self.app = create_app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """Shut the server down."""
        self.server.shutdown()
        self.thread.join()
