"""Imported by the workers' forkserver before it forks them: the models are loaded once there.

Each worker is a fork of the forkserver, so the models' memory (about 230 MB: the
detector, dlib's landmark model, the recognition network, the pose models), which no worker writes to, is
shared by all of them instead of copied into each one. Only ImportError is
ignored by the forkserver, so any failure here is caught: each worker then
loads the models itself, as it always does when they are not there.
"""
import gc
import logging

from . import worker

try:
    worker.load_models()
except Exception:  # the workers load them themselves and report the error
    logging.getLogger(__name__).exception("the models could not be preloaded")
# Frozen before the forks, the models' objects are never scanned by a worker's
# collector, so it does not write to (and copy) the pages they share.
gc.freeze()
