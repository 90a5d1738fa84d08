"""Request bodies kept in memory from the socket to the view: no photo is written to a temporary file.

Two layers would spool a body to disk: waitress buffers a request body over 512 KB in a
temporary file before the app sees it, and werkzeug's form parser writes each file part over
500 KB to one. Both are bounded in memory instead, by the server's body cap (16 MB).
"""
import io

from flask import Request


class InMemoryRequest(Request):
    """Flask's request whose uploaded file parts are parsed into memory (the body is capped)."""

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        return io.BytesIO()


def waitress_options(max_body_bytes):
    """Waitress's settings that keep every body, in and out, in memory: its buffers overflow to a
    temporary file past `inbuf_overflow` / `outbuf_overflow`, which are set past the body cap."""
    return {"max_request_body_size": max_body_bytes + 1,
            "inbuf_overflow": max_body_bytes + 2, "outbuf_overflow": max_body_bytes + 2}
