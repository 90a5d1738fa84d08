"""Who may call the API: the request's bearer token, checked against the stored hashes."""
import functools
import hmac

from flask import current_app, g, request

from . import store
from .db import get_db
from .errors import ApiError
from .tokens import digest


def caller_token_hash():
    """The hash of the bearer token of this request, or raise 401."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "unauthorized", "Pair this browser with the backend first (no token sent).")
    configured = current_app.config.get("API_TOKEN")
    if configured and hmac.compare_digest(token.encode(), configured.encode()):
        return digest(token)
    row = store.find_token(get_db(), digest(token))
    if row is None and store.token_ended(get_db(), digest(token)):
        raise ApiError(401, "workshop_closed", "Your class has ended: your teacher closed it, and everything "
                       "in it was deleted.")
    if row is None:
        raise ApiError(401, "unauthorized", "This pairing is no longer valid: ask your teacher or parent "
                       "for a new code.")
    g.token_row = row
    return row["hash"]


def token_required(view):
    """Decorator: the view runs only for a valid token; g.token_hash names the caller."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        g.token_hash = caller_token_hash()
        return view(*args, **kwargs)

    return wrapped
