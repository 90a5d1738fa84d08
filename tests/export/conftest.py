"""Fixtures for the export tests: the API's app, client and token (tests/api/conftest.py);
export ZIPs are built in code (export_builders.py)."""
import sys
from pathlib import Path

from tests.api.conftest import app, auth, client, fake_analyze, wait_until_finished  # noqa: F401 - fixtures

sys.path.insert(0, str(Path(__file__).parent))
