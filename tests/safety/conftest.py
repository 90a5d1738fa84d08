"""Fixtures for the safety tests: the API's flaskr-style app, client and auth header (tests/api)."""
from tests.api.conftest import app, auth, client  # noqa: F401 - fixtures, found by pytest by name
