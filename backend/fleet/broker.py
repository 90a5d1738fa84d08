"""What the API host and the workers share: the Celery app, the Redis names, the URL rules."""
import ipaddress
import urllib.parse

import redis
from celery import Celery

from . import transport
from .rejected import REJECTED_KEY, record_rejected  # noqa: F401 - the fleet's names for them

TASK = "exposure.audit"
QUEUE = "exposure-audits"
# The audits the host still wants: a worker drops a delivery whose audit is not here
# (deleted, finished or failed meanwhile).
WANTED_KEY = "exposure:wanted"
# The events of running audits, in order, for the host's one consumer group.
EVENTS_KEY = "exposure:events"
EVENTS_GROUP = "host"
# exposure:run:<audit id> holds the task id of the delivery running that audit.
RUN_KEY = "exposure:run:{}"
# exposure:alive:<audit id> lives while a worker runs that audit: the worker renews it every
# ALIVE_EVERY_S and it expires ALIVE_TTL_S after the last renewal. A running audit without it
# lost its worker (a machine gone, a worker killed), and the host hands it on at once instead of
# waiting out the visibility timeout (36 minutes at the default time limit).
ALIVE_KEY = "exposure:alive:{}"
ALIVE_EVERY_S = 5
ALIVE_TTL_S = 20
MIN_SECRET_CHARS = 32


class BrokerURLError(ValueError):
    """EXPOSURE_BROKER_URL would expose the queue, or is not a Redis URL; or EXPOSURE_FLEET_SECRET
    is missing."""


def check_broker_url(url):
    """Return `url` if it is safe to use: Redis with a password, and TLS (rediss://) off loopback."""
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise BrokerURLError("EXPOSURE_BROKER_URL must be a Redis URL: redis://:PASSWORD@127.0.0.1:6379/0")
    if not parts.password:
        raise BrokerURLError("EXPOSURE_BROKER_URL needs the broker's password: redis://:PASSWORD@host:6379/0 "
                             "(Redis's requirepass).")
    if parts.scheme == "redis" and not is_loopback(parts.hostname):
        raise BrokerURLError("A broker on another machine needs TLS: "
                             "rediss://:PASSWORD@host:6380/0?ssl_cert_reqs=required")
    return url


def check_fleet_secret(secret):
    """Return the fleet's shared secret if it is long enough to sign with."""
    if not secret or len(secret) < MIN_SECRET_CHARS:
        raise BrokerURLError(f"A fleet needs EXPOSURE_FLEET_SECRET, the same on the host and every worker: at least "
                             f"{MIN_SECRET_CHARS} random characters (python -c \"import secrets; "
                             f"print(secrets.token_urlsafe(32))\"). It signs what workers send back.")
    return secret


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def limits(time_limit_s):
    """(soft, hard, visibility) in seconds for an audit time limit.

    At the soft limit the task stops and fails the audit; at the hard limit its process
    is killed. The visibility timeout, after which Redis hands an unacknowledged audit to
    another worker, is longer still: a slow audit that is still running is never given
    out twice, and one whose worker died is given out again after it.
    """
    grace = max(10, time_limit_s // 10)
    return time_limit_s, time_limit_s + grace, time_limit_s + 2 * grace


def make_app(config):
    """The Celery app for the settings: the same on the host (sending) and the workers."""
    url = check_broker_url(config["BROKER_URL"])
    check_fleet_secret(config.get("FLEET_SECRET"))
    transport.register()  # a queue item nobody can read is skipped, not the worker's end
    soft, hard, visibility = limits(config["AUDIT_TIME_LIMIT_S"])
    app = Celery("exposure", broker=url, set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_serializer="json", accept_content=["json"],
        task_ignore_result=True,  # results come back as sealed events (host.py), not through a backend
        # Acknowledge only when the audit has ended, so a worker that dies loses nothing.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_soft_time_limit=soft, task_time_limit=hard,
        broker_transport_options={"visibility_timeout": visibility},
        # One audit taken at a time per process: the others stay in the queue for idle workers.
        worker_prefetch_multiplier=1,
        # A process warms a browser and the face models before it says it is up.
        worker_proc_alive_timeout=180,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
    )
    return app


def connect(url):
    """A Redis client for the wanted set, the events and the run claims."""
    return redis.Redis.from_url(check_broker_url(url), health_check_interval=30)
