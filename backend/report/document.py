"""The audit as a document (docs/design.md, "The HTTP API (v1)"): what the API answers, what the report page and the
terminal lay out. Built here once a request, without Flask: the caller passes the links it knows.

    read_audit(db, audit, t, links=None, previous=None, thumbnails=None) -> (document, report view)
    audit_document(db, audit, t=English, links=None) -> document
    earlier(audit) -> an earlier stored audit as the report's "what changed" reads it
"""
from backend import around, store
from backend.analysis import metadata
from backend.failures import with_unsaved_failure
from backend.report import summary, view
from backend.report.language import Translator
from backend.report.left_out import read_reasons
from backend.report.reasons import render_reasons

NO_LINKS = {"status_url": None, "report_url": None}


def audit_document(db, audit, t=None, links=None):
    """The document alone (the API's answer, the terminal), in t's language (English by default)."""
    return read_audit(db, audit, t or Translator("en"), links)[0]


def read_audit(db, audit, t, links=None, previous=None, thumbnails=None):
    """The audit document and the report view (view.build) it was summed up from, built once.

    Progress while running, everything when done; tips chosen once, for the reader, in t's language.
    links: {"status_url", "report_url"} as the caller serves them (the API builds them from its
    routes; the terminal has none). previous (earlier()) and thumbnails go to the view: the report
    page lays out the same view the document's summary came from.
    """
    audit = with_unsaved_failure(audit)
    result = audit["result"] or {}
    document = NO_LINKS | (links or {}) | {
        "id": audit["id"], "status": audit["status"], "consent": audit["consent"],
        "created_at": audit["created_at"], "finished_at": audit["finished_at"], "error": view.failure_words(audit, t),
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
    document["around"] = around_document(db, audit, t.lang)
    if audit["status"] != "done":
        document["tips"] = []  # no steps before there are photos to count them on
    report = view.build(document, t, previous=previous, thumbnails=thumbnails)
    document["tips"] = report["tips"]
    # The popup shows the report's own verdict and first step, in the reader's language.
    document |= summary(report, t)
    document["photos"] = [photo | {"faces": localised_faces(photo["faces"], t.lang),
                                   "metadata": localised_metadata(photo.get("metadata"), t.lang)}
                          for photo in document["photos"]]
    return document, report


def earlier(audit):
    """An earlier stored audit of the same profiles, as the report's "what changed" reads it."""
    return {"created_at": audit["created_at"], "profiles": audit["profiles"],
            "photos": (audit["result"] or {}).get("photos", [])}


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
