"""Kombu's Redis transport, made to skip a queue item it cannot read instead of ending the worker.

Kombu parses each item it pops from the audit queue before Celery sees it: an item that is
not JSON, or not a message's shape, raised out of its event loop and ended the worker
("Unrecoverable error"). Popped, the item is already gone from Redis (acknowledged): here
it is logged, recorded in rejected.REJECTED_KEY and skipped.
"""
import binascii
import logging

from kombu import transport as kombu_transports
from kombu.transport import redis as kombu_redis

from .rejected import record_rejected

log = logging.getLogger(__name__)
UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, binascii.Error)


class Channel(kombu_redis.Channel):
    def _brpop_read(self, **options):
        try:
            return super()._brpop_read(**options)
        except UNREADABLE as error:
            skip_item(self, error)
            return True


class Transport(kombu_redis.Transport):
    Channel = Channel


def skip_item(channel, error):
    log.warning("an unreadable item in the audit queue was skipped (%s)", type(error).__name__)
    try:
        client = channel._create_client()
    except Exception:  # noqa: BLE001 - recording is best effort; the item is skipped all the same
        return
    record_rejected(client, "queue", f"unreadable queue item ({type(error).__name__})")


def register():
    """Make redis:// and rediss:// URLs use this transport (URL parsing and TLS unchanged)."""
    for scheme in ("redis", "rediss"):
        kombu_transports.TRANSPORT_ALIASES[scheme] = f"{__name__}:Transport"
        kombu_transports._transport_cache.pop(scheme, None)  # resolved before, it would stay kombu's
