"""The export tests use the root fixtures (tests/conftest.py); export ZIPs are built in code
(export_builders.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from tests.report.conftest import browser  # noqa: F401 - one real Chromium per module, as the report tests use
