"""Reading a JSON request body with clear errors for every way it can be wrong."""
import json
from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import ApiError


def json_body():
    """The request's JSON object, or an ApiError (413 too large, 400 malformed or nested too deep,
    422 not an object)."""
    limit = current_app.config["MAX_JSON_BYTES"]
    # Flask 3.1: a per-request cap, applied while reading (also to chunked bodies).
    request.max_content_length = limit
    try:
        body = request.get_json(force=True, silent=True)
    except RequestEntityTooLarge:
        raise ApiError(413, "body_too_large", f"The request body is larger than {limit // 1024} KB.") from None
    except RecursionError:
        # The parser recurses once per level of nesting: "[[[[...]]]]" 20,000 deep (a few
        # dozen KB) exhausts Python's stack. silent=True catches only ValueError, not this.
        raise ApiError(400, "invalid_json", "The request body is nested too deep (arrays or objects "
                       "inside each other hundreds of times).") from None
    if body is None:
        raise ApiError(400, "invalid_json", "The request body must be JSON.")
    if not _is_unicode(body):
        raise ApiError(400, "invalid_json", "The request body holds text that is not valid Unicode "
                       "(a lone surrogate such as \\ud800).")
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", "The request body must be a JSON object.")
    return body


def _is_unicode(body):
    """Whether every string in `body` can be written as UTF-8. JSON's "\\ud800" escape gives a lone
    surrogate, which Python holds but no store, log or page can encode (a 500 further on)."""
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
