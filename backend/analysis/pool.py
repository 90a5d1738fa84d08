"""The process-wide pool of analysis workers, shared by every thread that analyses.

One pool per process, created on first use: workers are started with
'forkserver' (never fork: the server has threads and a browser running), load the
models once, and are sized to the cores. A worker that dies (out of memory on a
hostile image) breaks the pool; the pool is then replaced and the photos that
were in flight are tried again one at a time, so only the photo that kills its
worker again is lost.
"""
import atexit
import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import threading
from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from . import worker
from .decode import UnreadableImage

log = logging.getLogger(__name__)

MAX_WORKERS = 2
# A worker's peak: the models (about 260 MB) and the detector's working memory, about
# 200 MB per megapixel it reads (a 12 MP photo is read at 3 MP). Workers beyond what the
# machine's free memory holds would only swap or be killed.
WORKER_MB = 800
WORKER_DIED = "the analysis stopped on this image (too large or damaged)"
FAILED = "could not be analysed"

_lock = threading.Lock()
_pool = None
_cap = None


def size():
    """How many workers: one per core, at most MAX_WORKERS, no more than the free memory
    holds nor than limit() allows (EXPOSURE_ANALYSIS_WORKERS overrides all of these)."""
    wanted = os.environ.get("EXPOSURE_ANALYSIS_WORKERS")
    if wanted and wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    free = available_mb()
    fits = free // WORKER_MB if free is not None else MAX_WORKERS
    return max(1, min(MAX_WORKERS, _cap or MAX_WORKERS, fits, os.cpu_count() or 1))


@contextlib.contextmanager
def limited(workers):
    """At most `workers` workers while the block runs (a job with a memory budget).

    The pool is made anew for the block and stopped after it, so neither a pool made
    before nor the one made for the block outlives its limit.
    """
    global _cap
    previous, _cap = _cap, workers
    shutdown()
    try:
        yield
    finally:
        _cap = previous
        shutdown()


def available_mb():
    """The memory the machine can still give (MemAvailable), in MB; None where unknown."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def get():
    """The current pool, created on first use."""
    global _pool
    with _lock:
        if _pool is None:
            workers = size()
            context = multiprocessing.get_context("forkserver")
            if workers > 1:
                # The forkserver loads the models before forking, so the workers share them
                # (preload.py). A single worker gains nothing: the forkserver's copy would count too.
                context.set_forkserver_preload(["__main__", "backend.analysis.preload"])
            _pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker.start,
                                        initargs=(os.getpid(),))
        return _pool


def start():
    """Create the pool and start its forkserver now, without waiting: the models load
    there while the caller goes on (the `analyze` command's own imports)."""
    get()
    multiprocessing.forkserver.ensure_running()


def pool_size(pool):
    """How many workers `pool` was made with."""
    return pool._max_workers


def replace(broken):
    """Drop a broken pool (once, however many threads notice) and return a working one."""
    global _pool
    with _lock:
        if _pool is broken:
            _pool = None
    broken.shutdown(wait=False, cancel_futures=True)
    return get()


def shutdown():
    """Stop the workers (tests, and at exit); the next call starts a new pool."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def worker_pids():
    """Process ids of the live workers (for the benchmark's memory figure and tests)."""
    with _lock:
        pool = _pool
    return list(getattr(pool, "_processes", None) or {}) if pool else []


def run(count, task, on_done=None, precheck=None, forget=None):
    """Run worker.analyze_photo on task(0) ... task(count - 1), each a (data, ...) tuple.

    Results come back in the same order. Tasks are made only when submitted and
    at most two photos per worker are in flight for one call, so several calls
    share the workers fairly and the input is never all in memory at once.
    precheck(data) may raise UnreadableImage to skip a photo without sending it
    (an empty or 100 MB body). on_done(count) is called from this thread as
    photos finish; forget(index), once photo `index` has its final result (never
    before a retry), so the caller can let its bytes go.
    """
    results = [None] * count
    pending, again, pool, done = {}, [], get(), 0
    # The pool's own size, fixed when it was made: no /proc read for every call.
    window = 2 * pool_size(pool)
    upcoming = iter(range(count))
    while True:
        for index in upcoming:
            args = task(index)
            if precheck and (refused := refusal(precheck, args[0])):
                results[index] = skipped(refused)
                done += 1
                _finished(index, done, on_done, forget)
                continue
            try:
                pending[pool.submit(worker.analyze_photo, *args)] = index
            except (BrokenProcessPool, RuntimeError):
                again.append(index)
                pool = replace(pool)
            if len(pending) >= window:
                break
        if not pending:
            break
        finished, _ = wait(pending, return_when=FIRST_COMPLETED)
        for future in finished:
            index = pending.pop(future)
            try:
                results[index] = future.result()
            except (BrokenProcessPool, CancelledError):
                # Cancelled: another thread replaced the broken pool under this one.
                again.append(index)
                pool = replace(pool)
                continue
            except Exception:
                log.exception("analysis failed on one photo")
                results[index] = skipped(FAILED)
            done += 1
            _finished(index, done, on_done, forget)
    for index in again:
        results[index] = run_alone(task(index))
        done += 1
        _finished(index, done, on_done, forget)
    return results


def _finished(index, done, on_done, forget):
    if forget:
        forget(index)
    if on_done:
        on_done(done)


def run_alone(task):
    """Retry one photo on its own after a worker died; if it kills a worker again, skip it."""
    pool = get()
    try:
        return pool.submit(worker.analyze_photo, *task).result()
    except (BrokenProcessPool, CancelledError, RuntimeError):
        replace(pool)
        return skipped(WORKER_DIED)
    except Exception:
        log.exception("analysis failed on one photo")
        return skipped(FAILED)


def refusal(precheck, data):
    """The reason precheck refuses data for, or None."""
    try:
        precheck(data)
    except UnreadableImage as error:
        return error.reason
    return None


skipped = worker.skipped
