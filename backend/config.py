"""Configuration from the environment, each setting with a safe default (docs/design.md, "Configuration")."""
import os
from pathlib import Path

DEFAULT_PORT = 8765

# What both runners (backend/runners.py, backend/fleet/) and the pipeline (backend/jobs.py) share.
# The stages an audit goes through, in order (served by /api/v1/limits for the extension).
STAGES = ("queued", "crawling", "analyzing", "done", "failed")
# An audit that was running when its server or worker died twice is not tried a third time:
# it may be what killed it.
MAX_ATTEMPTS = 2
# Original images live only in memory for one audit; this bounds that memory.
AUDIT_IMAGE_BUDGET_BYTES = 400 * 1024 * 1024
# The side of the thumbnails kept with a result (drawn by the analysis, re-drawn by the fleet's host).
THUMBNAIL_PX = 160


def _flag(name):
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _int(name, default):
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def from_environment():
    """Return the settings a fresh app starts with, read from EXPOSURE_* variables."""
    data_dir = Path(os.environ.get("EXPOSURE_DATA_DIR") or Path.cwd() / "data")
    return {
        "DATA_DIR": str(data_dir),
        "DATABASE": str(data_dir / "exposure.db"),
        "API_TOKEN": os.environ.get("EXPOSURE_API_TOKEN") or None,
        # The address people open, when it is not the one the server listens on (a proxy, https).
        "PUBLIC_URL": os.environ.get("EXPOSURE_PUBLIC_URL") or None,
        "ALLOWED_HOSTS": [h.strip() for h in os.environ.get("EXPOSURE_ALLOWED_HOSTS", "").split(",") if h.strip()],
        # The reverse proxies in front of the server (their addresses): behind one, each client is
        # told apart by X-Forwarded-For instead of all counting as the proxy.
        "TRUSTED_PROXIES": [h.strip() for h in os.environ.get("EXPOSURE_TRUSTED_PROXIES", "").split(",") if h.strip()],
        "RETENTION_DAYS": _int("EXPOSURE_RETENTION_DAYS", 30),
        "MAX_DB_MB": _int("EXPOSURE_MAX_DB_MB", 0),
        "AUDIT_WORKERS": _int("EXPOSURE_AUDIT_WORKERS", 2),
        "AUDITS_PER_HOUR": _int("EXPOSURE_AUDITS_PER_HOUR", 20),
        "PROFILES_PER_DAY": _int("EXPOSURE_PROFILES_PER_DAY", 40),
        "ANALYSES_PER_HOUR": _int("EXPOSURE_ANALYSES_PER_HOUR", 60),
        "PAIRING_CODE_MINUTES": _int("EXPOSURE_PAIRING_CODE_MINUTES", 15),
        "MAX_PROFILES": 10,
        "MAX_JSON_BYTES": 64 * 1024,
        # An uploaded photo may be up to 15 MB; the multipart envelope needs a little more.
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "RUN_JOBS": True,
        # An export upload that receives no part for this long is removed, its parts with it.
        "UPLOAD_IDLE_S": _int("EXPOSURE_UPLOAD_IDLE_S", 900),
        # Celery workers (backend/fleet) instead of the embedded pool when set: redis:// with a
        # password on loopback, rediss:// (TLS) anywhere else.
        "BROKER_URL": os.environ.get("EXPOSURE_BROKER_URL") or None,
        # The secret the host and its workers sign every event with (backend/fleet/sealing.py): never
        # in Redis, never in a task. Required with a broker; give every machine of the fleet the same.
        "FLEET_SECRET": os.environ.get("EXPOSURE_FLEET_SECRET") or None,
        # The longest one audit may run on a worker: 10 profiles of at most 90 s (+15 s grace) of
        # crawling is 1,050 s; the rest is for grading up to 400 MB of photos.
        "AUDIT_TIME_LIMIT_S": _int("EXPOSURE_AUDIT_TIME_LIMIT_S", 1800),
        # Audits one worker runs at once; 0 = as many as its memory affords (backend/fleet/worker.py).
        "WORKER_CONCURRENCY": _int("EXPOSURE_WORKER_CONCURRENCY", 0),
    }
