"""What the fleet refused and skipped, kept in Redis for whoever runs it: where it came from and why."""
import redis

# What was refused and skipped (a malformed or forged event, an unreadable queue item): where it
# came from and why, never its contents; the last REJECTED_KEPT of them.
REJECTED_KEY = "exposure:rejected"
REJECTED_KEPT = 1000


def record_rejected(client, source, reason):
    """Keep a line about something refused and skipped, for whoever runs the fleet (best effort)."""
    try:
        client.xadd(REJECTED_KEY, {"source": source, "reason": reason}, maxlen=REJECTED_KEPT, approximate=True)
    except redis.RedisError:
        pass
