"""Imported once by the forkserver the analysis workers are forked from (pool.py).

What every worker would otherwise load for itself (numpy, Pillow, dlib's models:
about 200 MB) is then one copy all the workers share; nothing here starts a thread,
so forking after it is safe. The detector's and the body model's sessions, which
run threads of their own, are still made in each worker.
"""
from . import faces

faces.dlib_models()
