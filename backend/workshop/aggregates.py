"""The teacher's figures: class totals computed from the workshop's audits.

What comes out is numbers and step titles only: never an audit id, a token, a profile
link, a photo or a name. Small groups are suppressed: a figure computed from fewer than
MIN_GROUP students is not shown (None), and a step or platform is listed only when at
least MIN_GROUP students share it. With one or two students a "class total" would be
that student's own result.

What suppression cannot stop: a teacher who reloads the page as each student finishes
can tell one student's share from the change in the totals. The dashboard is for the
teacher, who already sees the class at work; it is not meant to be published live.
"""
from ..tips.chooser import KIT_SIZE

MIN_GROUP = 3
MAX_FIXES = 10
# Steps that come with every report (help lines, notes) say nothing about the class.
FIX_KINDS = ("platform", "general")


def aggregate(audits, lang="en", tips_for=None):
    """Class-level figures from `audits` (store.workshop_audits, oldest first).

    {"participants_audited", "audits": {status: count}, "first": round | None,
     "latest": round | None, "change": change | None, "reaudited": int,
     "fixes": [{"id", "title", "participants", "photos_affected"}],
     "platforms": [{"platform", "name", "participants"}]}
    """
    tips_for = tips_for or _choose_tips
    counts = {status: 0 for status in ("queued", "running", "done", "failed")}
    done_by_participant = {}
    for audit in audits:
        counts[audit["status"]] = counts.get(audit["status"], 0) + 1
        if audit["status"] == "done" and audit["result"] is not None:
            done_by_participant.setdefault(audit["token_hash"], []).append(audit)
    firsts = [done[0] for done in done_by_participant.values()]
    latests = [done[-1] for done in done_by_participant.values()]
    pairs = [(done[0], done[-1]) for done in done_by_participant.values() if len(done) >= 2]
    return {
        "participants_audited": len(done_by_participant),
        "audits": counts,
        "first": summarise_round(firsts),
        "latest": summarise_round(latests),
        "reaudited": len(pairs),
        "change": summarise_change(pairs),
        "fixes": common_fixes(latests, lang, tips_for),
        "platforms": common_platforms(latests, lang),
        "around": summarise_around(latests),
    }


def summarise_around(audits):
    """How many students looked for their face in accounts around them (each student's latest
    check where faces there were compared) and how many found photos of themselves: numbers only,
    never which accounts; None under MIN_GROUP students."""
    compared = [((a["result"] or {}).get("around") or {}) for a in audits]
    compared = [around for around in compared if around.get("compared")]
    if len(compared) < MIN_GROUP:
        return None
    return {"participants": len(compared),
            "participants_found": sum(1 for around in compared if around.get("photos"))}


def figures(audit):
    """One audit's counts: photos, photos with faces, clear (high-risk) photos, largest identity kit."""
    result = audit["result"] or {}
    photos = [p for p in result.get("photos") or [] if not p.get("skipped")]
    summary = result.get("summary") or {}
    return {
        "photos": summary.get("photos", len(result.get("photos") or [])),
        "photos_with_faces": summary.get("photos_with_faces", sum(1 for p in photos if p.get("faces"))),
        "clear_photos": summary.get("high_risk_photos", sum(1 for p in photos if p.get("risk") == "high")),
        "largest_identity_kit": summary.get("largest_identity_kit", 0) or 0,
    }


def summarise_round(audits):
    """Totals over one audit per student, or None for fewer than MIN_GROUP students."""
    if len(audits) < MIN_GROUP:
        return None
    each = [figures(a) for a in audits]
    total = {key: sum(f[key] for f in each) for key in ("photos", "photos_with_faces", "clear_photos")}
    return total | {
        "participants": len(each),
        "clear_share": _share(total["clear_photos"], total["photos"]),
        "participants_with_clear_photo": sum(1 for f in each if f["clear_photos"] > 0),
        "participants_with_identity_kit": sum(1 for f in each if f["largest_identity_kit"] >= KIT_SIZE),
    }


def summarise_change(pairs):
    """First against latest audit of the students who audited again, or None under MIN_GROUP."""
    if len(pairs) < MIN_GROUP:
        return None
    before = summarise_round([first for first, _ in pairs])
    after = summarise_round([latest for _, latest in pairs])
    return {
        "participants": len(pairs),
        "clear_before": before["clear_photos"], "clear_after": after["clear_photos"],
        "share_before": before["clear_share"], "share_after": after["clear_share"],
        "kits_before": before["participants_with_identity_kit"],
        "kits_after": after["participants_with_identity_kit"],
        "improved": sum(1 for first, latest in pairs
                        if figures(latest)["clear_photos"] < figures(first)["clear_photos"]),
    }


def common_fixes(audits, lang, tips_for):
    """The steps most students need (each student's latest audit), shared by MIN_GROUP or more."""
    counted = {}
    for audit in audits:
        for tip in tips_for(audit, lang):
            if tip.get("kind") in FIX_KINDS and (tip.get("photos_affected") or 0) > 0:
                entry = counted.setdefault(tip["id"], {"id": tip["id"], "title": tip["title"],
                                                       "participants": 0, "photos_affected": 0})
                entry["participants"] += 1
                entry["photos_affected"] += tip["photos_affected"]
    shared = [entry for entry in counted.values() if entry["participants"] >= MIN_GROUP]
    shared.sort(key=lambda e: (-e["participants"], -e["photos_affected"], e["id"]))
    return shared[:MAX_FIXES]


def common_platforms(audits, lang):
    """How many students audited each platform, for platforms MIN_GROUP or more students share."""
    from ..tips import platform_name
    from ..tips.chooser import normalise_platform

    counted = {}
    for audit in audits:
        for platform in {normalise_platform(p.get("platform"), p.get("url")) for p in audit["profiles"]
                         if (p.get("role") or "own") == "own"}:  # accounts around them are not theirs
            counted[platform] = counted.get(platform, 0) + 1
    shared = [{"platform": platform, "name": platform_name(platform, lang), "participants": n}
              for platform, n in counted.items() if n >= MIN_GROUP]
    return sorted(shared, key=lambda e: (-e["participants"], e["platform"]))


def _share(part, whole):
    return round(part / whole, 3) if whole else None


def _choose_tips(audit, lang):
    from ..tips import choose_tips

    result = audit["result"] or {}
    document = {"profiles": audit["profiles"], "photos": result.get("photos", []),
                "identities": result.get("identities", []), "summary": result.get("summary")}
    return choose_tips(document, lang=lang)
