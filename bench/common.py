"""What the benchmark's orchestrator (bench/run.py) shares between its modules: where the
project is, the databases and the loopback ports it uses, its bounds on time, and its log."""

import os
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Overridable, so that two benchmarks can run on the same cluster at once.
DB_NAME = os.environ.get("CAMI_BENCH_DB", "cami_bench")
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
#: The generated accounts' password (cami_portal/management/commands/generate_scaled_data.py).
PASSWORD = "bench-password-not-secret"


def free_port():
    """A port nothing listens on now (the team's servers run on this machine too)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT, PORT_10X, RSS_PORT, REDIS_PORT = free_port(), free_port(), free_port(), free_port()
BASE = f"http://127.0.0.1:{PORT}"
BASE_10X = f"http://127.0.0.1:{PORT_10X}"
DB_10X = DB_NAME + "_10x"
EXPORT_SECONDS = 60  # the export's share of the time budget
SLOW = 30  # seconds: an endpoint slower than this alone is reported as too slow, not measured
PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"]
GUNICORN = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
