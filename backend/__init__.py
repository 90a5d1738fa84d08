"""The Exposure Check backend: the Flask API, the job runner and the store."""
__version__ = "0.1.0"
