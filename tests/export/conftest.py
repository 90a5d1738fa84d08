"""The export tests use the root fixtures (tests/conftest.py); export ZIPs are built in code
(export_builders.py)."""


