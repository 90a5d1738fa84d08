"""The audit as a document (docs/design.md, "The HTTP API (v1)"): what the API answers, what the report page and the
terminal lay out. Built here once, without Flask: the caller passes the links it knows.

    audit_document(db, audit, lang="en", links=None) -> dict
"""
from backend import around, store
from backend.analysis import metadata
from backend.failures import with_unsaved_failure
from backend.report import reader_summary
from backend.report.left_out import read_reasons
from backend.report.reasons import render_reasons
from backend.report.view import report_tips

NO_LINKS = {"status_url": None, "report_url": None}


def audit_document(db, audit, lang="en", links=None):
    """Progress while running, everything when done; tips chosen once, for the reader, in `lang`.

    links: {"status_url", "report_url"} as the caller serves them (the API builds them from its
    routes; the terminal has none).
    """
    audit = with_unsaved_failure(audit)
    result = audit["result"] or {}
    document = NO_LINKS | (links or {}) | {
        "id": audit["id"], "status": audit["status"], "consent": audit["consent"],
        "created_at": audit["created_at"], "finished_at": audit["finished_at"], "error": audit["error"],
        "queue_position": store.queue_position(db, audit),
        "progress": {k: audit[k] for k in ("stage", "profiles_done", "profiles_total",
                                           "photos_found", "photos_analyzed")},
        "profiles": [{k: p[k] for k in ("url", "platform", "status", "message", "photos_found")}
                     | {"verified": bool(p.get("verified")),
                        "other_images_left_out": {"other_accounts": p.get("other_accounts_left_out") or 0,
                                                  "site": p.get("site_images_left_out") or 0,
                                                  "reasons": read_reasons(p.get("left_out_reasons"))},
                        "audited_by_others": _checked_elsewhere(db, audit, p)}
                     | _role(p, result.get("around"))
                     for p in audit["profiles"]],
        # Who can see each photo; audits kept from before the field was there were all crawled.
        "photos": [photo | {"visibility": photo.get("visibility", "public")} for photo in result.get("photos", [])],
        "identities": result.get("identities", []),
        "summary": result.get("summary"),
        "reader": audit.get("reader"),
    }
    document["around"] = around_document(db, audit, lang)
    document["tips"] = report_tips(document, lang) if audit["status"] == "done" else []
    # The popup shows the report's own verdict and first step, in the reader's language.
    document |= reader_summary(document, lang)
    document["photos"] = [photo | {"faces": localised_faces(photo["faces"], lang),
                                   "metadata": localised_metadata(photo.get("metadata"), lang)}
                          for photo in document["photos"]]
    return document


def _role(profile, found):
    """The profile's role; for an account around the reader, how many of its photos show them."""
    role = around.role(profile)
    if role != around.OTHERS:
        return {"role": role}
    return {"role": role, "relation": profile.get("relation") or "friend",
            "photos_of_you": around.photos_of_you(found, profile["url"])}


def around_document(db, audit, lang):
    """The photos of the reader in others' accounts (their 160 px thumbnails as data: URIs), with
    the request to send and the report links; or why no face was compared (None when the audit
    named no such account)."""
    found = (audit["result"] or {}).get("around")
    if found is None:
        return None
    from backend.report.around import around_view  # the words, in the reader's language

    thumbnails = store.get_thumbnails(db, audit["id"]) if found["photos"] else {}
    return around_view(found, lang, audit["profiles"], thumbnails)


def _checked_elsewhere(db, audit, profile):
    """Only the profile's proven owner hears that unrelated people checked it, never a guardian's check."""
    if audit["consent"] == "guardian" or not profile.get("verified"):
        return False
    return store.other_tokens_for_profile(db, profile["url"], audit["token_hash"]) > 0


def localised_faces(faces, lang):
    """Faces with their reasons in words of the reader's language; the codes stay in "reason_codes"."""
    return [face | {"reasons": render_reasons(face.get("reasons"), lang), "reason_codes": face.get("reasons") or []}
            for face in faces]


def localised_metadata(found, lang):
    """What the original file carries (booleans only, never a value), with the notes to show
    in the reader's language."""
    if not found:
        return found
    return found | {"notes": render_reasons(metadata.notes(found), lang)}
