"""Small audits in the docs/design.md shape whose photos carry a visibility (public or followers):
the export's tips and report tests."""

IG = "https://www.instagram.com/minji.k/"


def photo(pid, profile_url, visibility, risk="high", kind=None):
    face = {"box": [10, 60, 60, 10], "risk": risk, "reasons": [], "quality": {}, "identity": "p1"}
    return {"id": pid, "profile_url": profile_url, "page_url": None, "image_url": None, "width": 100,
            "height": 100, "risk": risk, "skipped": None, "faces": [face], "visibility": visibility,
            **({"kind": kind} if kind else {})}


def audit(photos, profiles=((IG, "instagram"), ("export:instagram", "instagram"))):
    return {"profiles": [{"url": url, "platform": platform} for url, platform in profiles],
            "photos": photos, "identities": [], "summary": {"largest_identity_kit": 0}}
