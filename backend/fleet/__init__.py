"""Audits on Celery workers, for more classes than one server holds (docs/design.md, "Beyond one server").

With EXPOSURE_BROKER_URL set, the API host sends each audit to a Redis queue and Celery
workers on as many machines as needed crawl and grade it; without it the embedded pool
(backend/runners.py) runs audits as before and nothing here is imported.

    broker.py   the Celery app, the Redis names and the broker URL rules both sides share
    host.py     the API host's side: sends audits, applies their events (it alone writes the store)
    tasks.py    the worker's side: one audit crawled and graded in the worker's memory
    worker.py   `python -m backend worker`: concurrency from memory, warm once, graceful SIGTERM
    sealing.py  results sealed to the host's key, so Redis never holds a readable thumbnail;
                events signed with the fleet's secret, so nobody else can forge one
    transport.py  kombu's Redis transport, skipping a queue item it cannot read

What crosses Redis: the task (audit id, profile links, the verification code, the host's
public key), events (stage and counts, each profile's state) and the sealed result
(grades, boxes, 160 px thumbnails), every event signed with EXPOSURE_FLEET_SECRET, which
itself never crosses. Never an original image, never a face encoding.
"""
