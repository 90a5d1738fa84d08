"""Fixtures for workshop mode: the store of the app on a temporary SQLite file, and a workshop
(its students' helpers are in tests/helpers/workshop.py)."""
import pytest

from backend import store
from backend.workshop import create_workshop


@pytest.fixture
def db(app):
    with store.connect(app.config) as database:
        yield database


@pytest.fixture
def workshop(db):
    return create_workshop(db, "2-3반")
