"""What the report shows, worked out as plain data before the template lays it out."""
import base64
from urllib.parse import urlsplit

from backend.tips import choose_tips, load_knowledge_base, platform_name
from backend.tips.chooser import (has_identity_kit, is_followers_only, is_risky, kit_identities,
                                  normalise_platform, photo_kind, photo_platforms, platform_of)

RISK_ORDER = {"high": 0, "medium": 1, "low": 2, "none": 3}
STATUSES = ("ok", "followers", "login_wall", "private", "not_found", "blocked", "error", "pending")
TIP_KINDS = ("platform", "general", "help", "note")
MIN_STEPS = 3  # shown even when no step takes a risky photo out of view
MAX_THUMBNAIL_BYTES = 256 * 1024
IMAGE_MAGIC = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))


def build(audit, t, lang, previous=None, thumbnails=None):
    """The whole report as nested dicts and lists for the template."""
    platforms = photo_platforms(audit)
    tips = [{**tip, "platform_label": platform_name(tip.get("platform"), lang)} for tip in _tips(audit, lang)]
    return {
        "summary": summary(audit, t, lang, platforms),
        "kit": _kit_size(audit),
        "error": _error_message(audit),
        "profiles": [profile_view(p, audit, t, thumbnails or {}) for p in _profiles(audit)],
        **_split_steps([tip for tip in tips if tip.get("kind") == "platform"]),
        "general": [tip for tip in tips if tip.get("kind") == "general"],
        "help": [tip for tip in tips if tip.get("kind") == "help"],
        "notes": [tip for tip in tips if tip.get("kind") == "note"],
        "changes": changes(audit, previous, lang, t) if previous else None,
        "previous_date": _date(previous.get("created_at"), lang) if previous else None,
        "date": _date(audit.get("created_at"), lang),
        "guardian": audit.get("consent") == "guardian",
    }


def summary(audit, t, lang, platforms):
    """The one sentence at the top and the overall grade."""
    status = audit.get("status")
    photos = [p for p in audit.get("photos") or [] if not p.get("skipped")]
    high = [p for p in photos if p.get("risk") == "high"]
    medium = [p for p in photos if p.get("risk") == "medium"]
    if status == "failed":
        return {"sentence": t("summary.failed"), "grade": "incomplete"}
    if status in ("queued", "running"):
        return {"sentence": t("summary.running"), "grade": "incomplete"}
    if high:
        return {"sentence": _high_sentence(high, t, lang, platforms), "grade": "high"}
    if medium:
        return {"sentence": t("summary.medium", n=len(medium)), "grade": "medium"}
    if not photos:
        return {"sentence": t("summary.no_photos"), "grade": "none"}
    if any(p.get("faces") for p in photos):
        return {"sentence": t("summary.low", n=len(photos)), "grade": "low"}
    return {"sentence": t("summary.no_faces", n=len(photos)), "grade": "none"}


def _high_sentence(high, t, lang, platforms):
    per_platform = {}
    for photo in high:
        name = platform_of(photo, platforms)
        per_platform[name] = per_platform.get(name, 0) + 1
    top, k = max(per_platform.items(), key=lambda item: item[1])  # first wins a tie
    n = len(high)
    where = "summary.where_one" if n == 1 else "summary.where_all" if k == n else "summary.where_some"
    return t("summary.high", n=n) + t(where, k=k, platform=platform_name(top, lang))


def profile_view(profile, audit, t, thumbnails):
    """One profile: its state for a stranger and its photos, riskiest first."""
    status = profile.get("status") or "pending"  # not crawled yet
    status = status if status in STATUSES else "error"
    photos = [p for p in audit.get("photos") or [] if p.get("profile_url") == profile.get("url")]
    photos.sort(key=lambda p: (bool(p.get("skipped")), RISK_ORDER.get(p.get("risk"), 4)))
    views = [photo_view(p, t, thumbnails) for p in photos]
    platform = normalise_platform(profile.get("platform"), profile.get("url"))
    url = str(profile.get("url") or "")
    # A data export ("export:<platform>") or the logged-in own profile ("own:<url>"): what
    # followers see, not what a stranger sees.
    if url.startswith(("export:", "own:")):
        status = "followers" if status == "ok" else status
        url = t("source.export") if url.startswith("export:") else url[len("own:"):]
    return {
        "platform": platform_name(platform, t.lang),
        "url": url,
        "href": safe_link(url),
        "status": status,
        "verified": bool(profile.get("verified")),
        "audited_by_others": bool(profile.get("audited_by_others")),
        "message": profile.get("message"),
        "photos_found": profile.get("photos_found", len(photos)),
        "risky_count": sum(1 for p in photos if is_risky(p)),
        "risky": [v for v in views if v["risk"] in ("high", "medium")],
        "others": [v for v in views if v["risk"] not in ("high", "medium")],
    }


def photo_view(photo, t, thumbnails):
    """One photo: its preview (or none), its face boxes in percent, and the reasons."""
    risk = photo.get("risk") if photo.get("risk") in RISK_ORDER and not photo.get("skipped") else "none"
    faces = [face_view(i + 1, face, photo, t) for i, face in enumerate(photo.get("faces") or [])]
    width, height = _size(photo)
    return {
        "id": str(photo.get("id", "")),
        "src": thumbnail_src(thumbnails.get(photo.get("id"))),
        "ratio": f"{width} / {height}" if width and height else "1 / 1",
        # Inside a square frame: a tall photo takes less than the full width.
        "frame_width": round(min(1.0, width / height) * 100, 2) if width and height else 100,
        "risk": risk,
        "kind": t("kind." + photo_kind(photo)),
        "followers_only": is_followers_only(photo),
        "skipped": photo.get("skipped"),
        "faces": faces,
        "page_href": safe_link(photo.get("page_url")),
    }


def face_view(number, face, photo, t):
    """One face: the box as CSS percentages of the photo, its grade and reasons."""
    risk = face.get("risk") if face.get("risk") in RISK_ORDER else "low"
    reasons = [t.reason(str(r)) for r in face.get("reasons") or []]
    label = t("risk." + risk)
    return {"number": number, "risk": risk, "label": label, "reasons": reasons,
            "title": f"{t('face', i=number)}: {label}" + (f" — {'; '.join(reasons)}" if reasons else ""),
            "box": box_percent(face.get("box"), *_size(photo))}


def box_percent(box, width, height):
    """[top, right, bottom, left] in pixels → CSS left/top/width/height in percent, or None."""
    try:
        top, right, bottom, left = (float(v) for v in box)
    except (TypeError, ValueError):
        return None
    if not width or not height or right <= left or bottom <= top:
        return None
    clamp = lambda v: max(0.0, min(100.0, v))  # noqa: E731 - one-line helper
    x0, y0 = clamp(left / width * 100), clamp(top / height * 100)
    x1, y1 = clamp(right / width * 100), clamp(bottom / height * 100)
    return {"left": round(x0, 2), "top": round(y0, 2), "width": round(x1 - x0, 2), "height": round(y1 - y0, 2)}


def thumbnail_src(data):
    """A data: URI for JPEG or PNG bytes; None for anything else (then a placeholder shows)."""
    if not isinstance(data, (bytes, bytearray)) or len(data) > MAX_THUMBNAIL_BYTES:
        return None
    for magic, mime in IMAGE_MAGIC:
        if bytes(data[:len(magic)]) == magic:
            return f"data:{mime};base64,{base64.b64encode(bytes(data)).decode('ascii')}"
    return None


def safe_link(url):
    """The URL when it is plain http(s), for a text link; None otherwise (javascript:, data:…)."""
    text = str(url or "").strip()
    parts = urlsplit(text)
    return text if parts.scheme in ("http", "https") and parts.hostname else None


def changes(audit, previous, lang, t):
    """Risky photos per platform, before → now: [{"platform", "before", "after"}], total last."""
    before, after = _risky_by_platform(previous), _risky_by_platform(audit)
    order = list(dict.fromkeys([*after, *before]))
    rows = [{"platform": platform_name(p, lang), "before": before.get(p, 0), "after": after.get(p, 0), "total": False}
            for p in order]
    rows.append({"platform": t("changes_total"), "before": sum(before.values()),
                 "after": sum(after.values()), "total": True})
    return rows


def _risky_by_platform(audit):
    platforms = photo_platforms(audit)
    counts = {p: 0 for p in platforms.values()}
    for photo in audit.get("photos") or []:
        if is_risky(photo):
            name = platform_of(photo, platforms)
            counts[name] = counts.get(name, 0) + 1
    return counts


def _tips(audit, lang):
    """The audit's stored steps in the report's language, or freshly chosen ones."""
    stored = audit.get("tips")
    if not stored:
        return choose_tips(audit, lang)
    fresh = {tip["id"]: tip for tip in choose_tips(audit, lang)}
    known = {tip["id"]: tip for tip in load_knowledge_base()["tips"]}
    result = []
    for tip in stored:
        if tip.get("id") in fresh:
            result.append({**fresh[tip["id"]], "photos_affected": tip.get("photos_affected", 0)})
        else:
            kind = tip.get("kind") if tip.get("kind") in TIP_KINDS else \
                known.get(tip.get("id"), {}).get("kind", "platform")
            result.append({**tip, "kind": kind, "url": safe_link(tip.get("url")),
                           "title": str(tip.get("title") or ""), "platform": tip.get("platform"),
                           "steps": [str(step) for step in tip.get("steps") or []]})
    # Help and notes are shown whatever was stored with the audit.
    ids = {tip.get("id") for tip in result}
    return result + [tip for tip in fresh.values()
                     if tip["kind"] in ("help", "note") and tip["id"] not in ids]


def _profiles(audit):
    """The audit's profiles, plus one for photos whose profile_url matches none of them."""
    profiles = list(audit.get("profiles") or [])
    known = {p.get("url") for p in profiles}
    for url in dict.fromkeys(p.get("profile_url") for p in audit.get("photos") or []):
        if url not in known:
            profiles.append({"url": url, "platform": None, "status": "ok"})
    return profiles


def _split_steps(steps):
    """The few steps that take photos out of view first; the rest of them folded away."""
    main = [tip for tip in steps if tip.get("photos_affected")] or steps[:MIN_STEPS]
    return {"steps": main, "more_steps": [tip for tip in steps if tip not in main]}


def _kit_size(audit):
    if not has_identity_kit(audit):
        return None
    counts = [i.get("high_risk_photo_count") or 0 for i in audit.get("identities") or []
              if i.get("id") in kit_identities(audit)]
    return max(counts + [(audit.get("summary") or {}).get("largest_identity_kit") or 0])


def _error_message(audit):
    error = audit.get("error")
    if isinstance(error, dict):
        error = error.get("message")
    return str(error) if error and audit.get("status") == "failed" else None


def _size(photo):
    try:
        width, height = int(photo.get("width") or 0), int(photo.get("height") or 0)
    except (TypeError, ValueError):
        return 0, 0
    return (width, height) if width > 0 and height > 0 else (0, 0)


def _date(value, lang):
    text = str(value or "")[:10]
    parts = text.split("-")
    if lang == "ko" and len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{parts[0]}년 {int(parts[1])}월 {int(parts[2])}일"
    return text
