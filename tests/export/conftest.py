"""Fixtures for the export tests: export ZIPs built in code (export_builders.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
