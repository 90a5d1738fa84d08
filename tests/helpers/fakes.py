"""Stand-ins for the crawl and the analysis in unit tests (the end-to-end tests use the real ones).

One fake crawler, and factories for analysis results with exactly the keys of a real one
(tests/analysis/test_analysis_fakes.py holds them to it).
"""
import time

TOKEN = "test-token-for-the-api"


class FakeCrawler:
    """crawler.Crawler's shape. images: what every crawl returns; fields: more of the crawl's answer
    (status, message, other_images_left_out...); started/gate: Events set when a crawl starts and
    waited on before it answers. Give the app `functools.partial(FakeCrawler, ...)` as its factory."""

    def __init__(self, images=(), started=None, gate=None, **fields):
        self.images, self.started, self.gate, self.fields = list(images), started, gate, fields

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def crawl(self, url, on_progress=None, platform=None, look_for=None):
        if self.started is not None:
            self.started.set()
        if self.gate is not None:
            self.gate.wait(20)
        return {"url": url, "platform": "generic", "status": "ok", "message": "", "images": self.images} | self.fields


def fake_quality(**values):
    """A face's quality measures (backend/analysis/grade.py), those of a clear frontal face unless given."""
    return {"brightness": 120.0, "clipped": 0.0, "covered": False, "detector_score": 0.9, "eye_mouth_px": 60.0,
            "eyes_open": 0.3, "face_px": 120.0, "highlights": 180.0, "in_frame": 1.0, "inter_eye_px": 50.0,
            "landmarks_fit": True, "pitch": 0.0, "pixel_block": 1.0, "roll": 0.0, "sharpness": 0.5,
            "yaw": 0.0} | values


def fake_face(risk="high", identity=None, box=(10, 90, 90, 10), reasons=None, **quality):
    """One face as the analysis returns it; `quality` overrides single measures."""
    return {"box": list(box), "risk": risk, "identity": identity, "body_visible": False,
            "landmarks": [[30.0, 40.0], [60.0, 40.0], [45.0, 55.0], [35.0, 70.0], [55.0, 70.0]],
            "reasons": [{"code": "clear_frontal"}] if reasons is None else reasons, "quality": fake_quality(**quality)}


def fake_photo(key, risk="none", faces=(), **fields):
    """One photo as the analysis returns it."""
    return {"key": key, "width": 10, "height": 10, "risk": risk, "skipped": None, "faces": list(faces),
            "thumbnail": None, "body_visible": False, "metadata": None} | fields


def fake_result(photos, identities=()):
    """A whole analysis result around `photos`, its summary counted from them."""
    high = sum(1 for p in photos if p["risk"] == "high")
    return {"photos": list(photos), "identities": list(identities),
            "summary": {"photos": len(photos), "photos_with_faces": sum(1 for p in photos if p["faces"]),
                        "high_risk_photos": high, "largest_identity_kit": 0, "user_identity": None,
                        "body_visible_photos": sum(1 for p in photos if p["body_visible"]),
                        "photos_with_location": 0}}


def fake_identity(identity_id, photo_count=1, high_risk_photo_count=1):
    return {"id": identity_id, "photo_count": photo_count, "high_risk_photo_count": high_risk_photo_count,
            "identity_kit": False, "is_user": False}


def fake_analyze(images, on_progress=None, **_options):
    """backend.analysis.analyze_images' stand-in: every photo read, none with a face."""
    images = list(images)
    for done, (_, data) in enumerate(images, start=1):
        if callable(data):
            data()  # an export's photo, read from its ZIP on demand as the real analysis does
        if on_progress:
            on_progress(done, len(images))
    return fake_result([fake_photo(key) for key, _ in images])


def wait_until_finished(client, headers, audit_id, timeout=30):
    """Poll an audit through the API until it is done or failed; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/audits/{audit_id}", headers=headers).get_json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"audit still {body['status']}")

