"""`python -m backend worker`: a Celery worker that crawls and grades audits from the queue.

Each audit needs a browser, the face models in its analysis processes and the photos
of one audit in memory; a worker runs as many at once as its memory affords, and no more
than it has cores (EXPOSURE_WORKER_CONCURRENCY overrides), each in a process of its own that warms its
browser and models once and keeps them. SIGTERM is Celery's warm shutdown: the
audits running finish, those not started stay in the queue for the other workers.
"""
import os
import socket

from .. import memory
from ..config import AUDIT_IMAGE_BUDGET_BYTES
from . import broker, tasks

# What one audit slot holds at its peak: a Chromium with one page open and an analysis
# process with the models loaded (bench/scale_out.py measured 610-752 MB for a worker of one
# slot on a small page; real pages take more), plus the photos of one audit at the memory
# budget's limit.
SLOT_BASE_BYTES = 900 * 1024 * 1024
SLOT_BYTES = SLOT_BASE_BYTES + AUDIT_IMAGE_BUDGET_BYTES
# Left to the system and the worker's own main process.
RESERVED_BYTES = 512 * 1024 * 1024


def available_memory():
    """Bytes this machine can give without swapping (MemAvailable), or its total memory."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def concurrency(config, memory=None, cores=None):
    """Audits at once: the setting, or one per SLOT_BYTES of memory but no more than one a core,
    at least one. (By memory alone a 2-core machine with 23 GB free ran 17 audits at once, each
    with its own browser, and every one of them crawled and graded slowly.)"""
    if config["WORKER_CONCURRENCY"] > 0:
        return config["WORKER_CONCURRENCY"]
    memory = available_memory() if memory is None else memory
    cores = (os.cpu_count() or 1) if cores is None else cores
    return max(1, min(cores, (memory - RESERVED_BYTES) // SLOT_BYTES))


def run_worker(config, loglevel="INFO"):
    """Start the worker in this process; returns when it has shut down."""
    memory.map_large_blocks()  # the slots forked from here inherit it
    app = broker.make_app(config)
    tasks.register(app, config)
    slots = concurrency(config)
    # Every slot grades on analysis processes of its own: the cores are shared between them.
    os.environ.setdefault("EXPOSURE_ANALYSIS_WORKERS", str(max(1, (os.cpu_count() or 1) // slots)))
    app.worker_main([
        "worker", "--pool=prefork", f"--concurrency={slots}", f"--loglevel={loglevel}",
        "--queues", broker.QUEUE, "--hostname", f"exposure-{os.getpid()}@{socket.gethostname()}",
        # No worker-to-worker chatter: the host is the one that knows the audits.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ])
