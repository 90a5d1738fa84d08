"""Fixtures shared by every test area; each area (tests/<area>/) has its own conftest too."""
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir():
    return FIXTURES
