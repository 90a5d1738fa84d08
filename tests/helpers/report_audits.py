"""Fake audits in the docs/design.md shape, with small generated JPEG thumbnails: the report's
tests, the screenshots (`make screenshots`) and bench.report render the same one."""
import io

from PIL import Image, ImageDraw

from backend import store

IG = "https://www.instagram.com/minji.k/"
FB = "https://www.facebook.com/minji.kim.1234"
X = "https://x.com/minji_k"
NAVER = "https://blog.naver.com/minjik"
TIKTOK = "https://www.tiktok.com/@minji.k"

# The analysis's reasons: codes with numbers (backend/analysis/grade.py).
REASONS = {
    "high": [{"code": "clear_frontal"}],
    "medium": [{"code": "usable_with_flaws"}, {"code": "small", "face_px": 60},
               {"code": "turned", "yaw": 52}],
    "low": [{"code": "hard_to_misuse"}, {"code": "too_small", "face_px": 30}],
}


def photo(pid, profile_url, risk, *, kind="post", identity="person-1", size=(1080, 1350), faces=1):
    """One photo with `faces` faces, all of grade `risk` (none → no faces)."""
    width, height = size
    face_list = []
    for i in range(0 if risk == "none" else faces):
        left = int(width * (0.1 + 0.45 * i))
        box = [int(height * 0.2), left + int(width * 0.3), int(height * 0.55), left]
        face_list.append({"box": box, "risk": risk, "reasons": REASONS[risk],
                          "quality": {"inter_eye_px": 60}, "identity": identity})
    image_url = {"post": "https://scontent.cdninstagram.com/v/t51.2885-15/%s_n.jpg" % pid,
                 "avatar": "https://scontent.cdninstagram.com/v/t51.2885-19/%s_n.jpg" % pid,
                 "cover": "https://scontent.xx.fbcdn.net/v/cover/%s.jpg" % pid}[kind]
    return {"id": pid, "profile_url": profile_url, "page_url": profile_url + "p/" + pid,
            "image_url": image_url, "width": width, "height": height,
            "risk": risk, "skipped": None, "faces": face_list}


def jpeg(size, colour, boxes=()):
    """A JPEG thumbnail at most 160 px, with face-like ovals where the boxes are."""
    width, height = size
    scale = 160 / max(width, height)
    image = Image.new("RGB", (max(1, round(width * scale)), max(1, round(height * scale))), colour)
    draw = ImageDraw.Draw(image)
    for top, right, bottom, left in boxes:
        draw.ellipse([left * scale, top * scale, right * scale, bottom * scale], fill=(224, 182, 150))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def finished_audit():
    photos = [photo(f"ig{i}", IG, "high") for i in range(1, 5)]
    photos.append(photo("ig-avatar", IG, "high", kind="avatar", size=(320, 320)))
    photos += [photo("ig-low1", IG, "low", size=(1080, 1080)), photo("ig-none", IG, "none")]
    photos += [photo("fb-avatar", FB, "high", kind="avatar", size=(480, 480)),
               photo("fb-cover", FB, "high", kind="cover", size=(1640, 624), faces=2)]
    photos += [photo("nb1", NAVER, "high", size=(773, 580)),
               photo("nb2", NAVER, "medium", size=(580, 773), identity="person-2")]
    photos.append({**photo("nb3", NAVER, "none"), "skipped": "image too small"})
    # A friend, alone on one clear photo of the blog: theirs, not the reader's.
    photos.append(photo("nb4-friend", NAVER, "high", size=(800, 800), identity="person-2"))
    return {
        "id": "a-done", "status": "done", "created_at": "2026-11-20T09:30:00Z", "consent": "self",
        "progress": {"stage": "done", "profiles_done": 5, "profiles_total": 5,
                     "photos_found": len(photos), "photos_analyzed": len(photos)},
        "profiles": [
            {"url": IG, "platform": "instagram", "status": "ok", "message": None, "photos_found": 7},
            {"url": FB, "platform": "facebook", "status": "login_wall", "message": "login modal", "photos_found": 2},
            {"url": X, "platform": "x", "status": "private", "message": "These posts are protected", "photos_found": 0},
            {"url": NAVER, "platform": "naver_blog", "status": "ok", "message": None, "photos_found": 3},
            {"url": TIKTOK, "platform": "tiktok", "status": "not_found", "message": None, "photos_found": 0},
        ],
        "photos": photos,
        "identities": [{"id": "person-1", "photo_count": 9, "high_risk_photo_count": 8},
                       {"id": "person-2", "photo_count": 2, "high_risk_photo_count": 1}],
        "summary": {"photos": len(photos), "photos_with_faces": 11, "high_risk_photos": 9,
                    "largest_identity_kit": 8},
    }


def thumbnails_for(audit, leave_out=("ig4",)):
    colours = [(70, 110, 160), (150, 90, 60), (60, 140, 90), (120, 120, 120)]
    return {p["id"]: jpeg((p["width"], p["height"]), colours[i % 4], [f["box"] for f in p["faces"]])
            for i, p in enumerate(audit["photos"]) if p["id"] not in leave_out}


def keep(app, audit_id, audit, thumbnails, token_hash="token-hash"):
    """Store `audit` (a fake in the docs/design.md shape) as a finished audit; its report key back."""
    with store.connect(app.config) as db:
        store.add_audit(db, audit_id, token_hash, audit["consent"], "key-" + audit_id,
                        [{"url": p["url"], "platform": p["platform"]} for p in audit["profiles"]])
        for position, profile in enumerate(audit["profiles"]):
            store.update_profile(db, audit_id, position, status=profile["status"],
                                 message=profile["message"], photos_found=profile["photos_found"],
                                 verified=int(bool(profile.get("verified"))))
        result = {k: audit[k] for k in ("photos", "identities", "summary")}
        store.finish_audit(db, audit_id, result, thumbnails)
    return "key-" + audit_id
