"""The Exposure Check backend: the Flask API, the job runner and the store.

The app factory is in `backend.app`; this file imports nothing, so that an
analysis worker importing `backend.analysis` pays for no Flask.
"""
__version__ = "0.1.0"


def __getattr__(name):
    # `from backend import create_app` keeps working without importing Flask
    # for every other import of the package.
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
