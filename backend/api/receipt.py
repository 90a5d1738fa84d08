"""What the routes that start an audit share: the server's runner, and the answer to an audit
queued (backend.audits.queue_audit), the same from every route: 202 with the audit's id, its
status and report links and its place in the queue."""
from flask import current_app, jsonify, url_for

from ..errors import ApiError


def links(audit):
    """{"status_url", "report_url"} of an audit as this server serves them."""
    return {"status_url": url_for("audits.read_audit", audit_id=audit["id"]),
            "report_url": url_for("pages.report", audit_id=audit["id"], key=audit["report_key"])}


def receipt(audit, **more):
    """The 202 answer for a queued audit, with what the route adds (an export's photo counts…)."""
    return jsonify(links(audit) | {"id": audit["id"], "status": audit["status"], **more,
                                   "queue_position": audit["queue_position"]}), 202


def runner():
    """The server's audit runner (backend/runners.py)."""
    return current_app.extensions["exposure_jobs"]


def local_runner():
    """The runner, when it can run audits with photos of this machine (an export on this server's
    disk, the extension's photos in its memory): a fleet's workers cannot read them yet."""
    audits = runner()
    if not audits.local_photos:
        raise ApiError(503, "not_with_fleet", "This server hands audits to a worker fleet, which cannot read "
                       "exports or photos sent from your profile yet. Use the command line or a single server.")
    return audits
