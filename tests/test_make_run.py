"""`make run HOST=… PORT=…` serves on that address, and the links it prints and e-mails
(PORTAL_URL) point at it."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_passes_its_address_to_the_portal():
    commands = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8765"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    server = next(line for line in commands.splitlines() if "runserver" in line)
    assert "PORTAL_URL=http://0.0.0.0:8765" in server and "runserver 0.0.0.0:8765" in server
    assert "PORTAL_URL=http://0.0.0.0:8765" in next(
        line for line in commands.splitlines() if "create_demo_accounts" in line
    )
