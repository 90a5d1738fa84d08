"""The API's answer to an audit it queued, the same from every route that starts one: 202 with the
audit's id, its status and report links and its place in the queue (backend.audits.queue_audit)."""
from flask import current_app, jsonify, url_for


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
