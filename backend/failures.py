"""An audit's failure, in plain words, kept in the store; in memory when even that cannot be written.

Beside the store's read path: whoever reads an audit for a reader (report/document.py, the
API's list) reads it through with_unsaved_failure, so no audit stays "running" until the next
restart because a full disk refused to record that it failed.
"""
import logging
import sqlite3

from . import store

log = logging.getLogger(__name__)


def N_(message):  # noqa: N802 - gettext's marker (make messages reads it); failures stand apart from the report
    return message


# Failures the report words in the reader's language (the catalogs); the others it calls unfinished.
STORAGE_FULL = N_("The server's storage is full, so the result could not be kept. Try again once space is freed.")
CRASHED_TWICE = N_("The server stopped during this audit more than once; it was not retried.")
TOO_MANY_ATTEMPTS = N_("The audit stopped its worker more than once; it was not retried.")
UNREADABLE_RESULT = N_("The audit's result could not be read; try the audit again.")

# Audits that failed when the store could not even record the failure (a full disk), by id.
unsaved_failures = {}
MAX_UNSAVED = 10_000


def record_failure(db, audit_id, error):
    """Mark the audit failed for `error`; in memory when even that cannot be stored (a full disk)."""
    reason = failure_reason(error)
    try:
        store.fail_audit(db, audit_id, reason)
    except store.AuditGone:
        pass
    except sqlite3.Error as unsaved:
        log.error("the failure of an audit could not be saved either (%s); kept in memory", unsaved)
        if len(unsaved_failures) < MAX_UNSAVED:
            unsaved_failures[audit_id] = reason


def failure_reason(error):
    """The plain words an audit's failure is reported in."""
    if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
        return STORAGE_FULL
    return f"The audit stopped on an internal error ({type(error).__name__})."


def with_unsaved_failure(audit):
    """The audit as stored, or failed when its failure could only be kept in memory."""
    reason = unsaved_failures.get(audit["id"])
    if reason is None or audit["status"] not in store.ACTIVE:
        return audit
    return audit | {"status": "failed", "stage": "failed", "error": reason}
