"""The package's layout keeps heavy parts apart: an analysis worker, the audit document
(which the CLI and the fleet's host build) and the pairing codes load no Flask."""
import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["backend.analysis", "backend.report.document", "backend.tokens"])
def test_importing_loads_no_flask(module):
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.split('.')[0] == 'flask'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_app_factory_is_still_reachable_from_the_package():
    code = "import backend; from backend.app import create_app; assert backend.create_app is create_app"
    subprocess.run([sys.executable, "-c", code], check=True)
