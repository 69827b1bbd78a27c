"""The benchmark's phases beyond the paired measurements: the mixed load with a PostgreSQL
restart in the middle of it (and the check of every acknowledged write afterwards), and the
memory a gunicorn worker needs to serve the CSV export of all reports."""

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from bench.common import BASE, EXPORT_SECONDS, GUNICORN, PG_RESTART, PYTHON, ROOT, RSS_PORT, log

# --- the mixed load and the restart ----------------------------------------------------------


def restart_postgres(servers, started, no_restart):
    """The PostgreSQL cluster restarted (unless `no_restart`): when, how long it took and when
    the portal answered 200 again."""
    restart_started = time.monotonic()
    if no_restart:
        log("(PostgreSQL left running: --no-restart)")
    else:
        log("restarting PostgreSQL during the load")
        subprocess.run(PG_RESTART, check=True, timeout=60, capture_output=True)
    restart = {
        "at_second": round(restart_started - started, 1),
        "took_seconds": round(time.monotonic() - restart_started, 2),
    }
    # The first answer that is 200 again.
    while time.monotonic() - restart_started < 60:
        status, _, _ = servers.fetch("/readyz")
        if status == 200:
            break
        time.sleep(0.05)
    restart["ready_again_after_seconds"] = round(time.monotonic() - restart_started, 2)
    log(f"PostgreSQL restarted: {restart}")
    return restart


def verify_writes(servers, plan, writes):
    """bench/verify.py's findings: every acknowledged write in the database exactly once?"""
    writes_file = servers.work / "writes.json"
    writes_file.write_text(json.dumps({"plan": plan, "writes": writes}))
    out, _ = servers.run(PYTHON, "bench/verify.py", str(writes_file))
    return json.loads(out)


def mixed_with_restart(servers, plan, quick, no_restart):
    seconds = 20 if quick else 40
    restart_at = seconds * 0.35
    plan_file = servers.work / "plan-mixed.json"
    plan_file.write_text(json.dumps(plan))
    out_file = servers.work / "mixed.json"
    load = subprocess.Popen(
        [
            PYTHON,
            "bench/load.py",
            "mixed",
            "--base",
            BASE,
            "--plan",
            str(plan_file),
            "--seconds",
            str(seconds),
            "--out",
            str(out_file),
        ],
        cwd=ROOT,
        env=servers.env,
    )
    started = time.monotonic()
    time.sleep(restart_at)
    restart = restart_postgres(servers, started, no_restart)
    load.wait(timeout=seconds + 120)
    mixed = json.loads(out_file.read_text())
    mixed["restart"] = restart
    mixed["verification"] = verify_writes(servers, plan, mixed["writes"])
    summary = {k: len(v) if isinstance(v, list) else v for k, v in mixed["writes"].items()}
    log(
        f"mixed load: {mixed['total_requests']} requests in {mixed['duration']} s, "
        f"{mixed['total_errors']} connection errors; writes {summary}"
    )
    log(f"verification: {mixed['verification']['summary']}")
    return mixed


# --- the CSV export's memory -------------------------------------------------------------------


def memory(worker):
    """A process's resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    values = {}
    for line in Path(f"/proc/{worker}/status").read_text().splitlines():
        if line.startswith(("VmRSS", "VmHWM")):
            name, value = line.split(":")
            values[name] = int(value.split()[0]) // 1024
    return values


def download_export(base, auth, worker):
    """The CSV of all reports, read for at most EXPORT_SECONDS: what came, and the worker's
    memory right after (the answer still open)."""
    started = time.monotonic()
    request = urllib.request.Request(base + "/api/v1/reports/?format=csv", headers=auth)
    size = rows = 0
    complete = True
    with urllib.request.urlopen(request, timeout=120) as response:
        status = response.status
        while chunk := response.read(1 << 16):
            size += len(chunk)
            rows += chunk.count(b"\n")
            if time.monotonic() - started > EXPORT_SECONDS:
                complete = False  # bounded: memory is read after this much
                break
        after = memory(worker)
    seconds = time.monotonic() - started
    sent = {
        "status": status,
        "rows": rows - 1,
        "complete": complete,
        "megabytes_sent": round(size / 1e6, 1),
        "seconds": round(seconds, 1),
    }
    return sent, after


def export_memory(servers, plan, tag, env=None):
    """Peak RSS growth of a fresh one-worker gunicorn serving the CSV of all reports."""
    env = {
        **(env or servers.env),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{RSS_PORT}",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_TIMEOUT": "600",
    }
    server = servers.start(f"gunicorn-rss-{tag}", GUNICORN, env=env)
    base = f"http://127.0.0.1:{RSS_PORT}"
    try:
        servers.wait_ready(base)
        worker = servers.worker_pids(server)[0]
        auth = {"Authorization": f"Token {plan['secretariat_token']}"}
        # Warm up: imports, URL resolver, templates, a small export.
        servers.fetch("/api/v1/reports/?format=csv&state=submitted&page_size=10", auth, base=base)
        before = memory(worker)
        sent, after = download_export(base, auth, worker)
        result = {
            **sent,
            "rss_before_mb": before["VmRSS"],
            "peak_rss_mb": after["VmHWM"],
            "peak_growth_mb": after["VmHWM"] - before["VmRSS"],
        }
        log(f"CSV export ({tag}): {result}")
        return result
    finally:
        servers.stop(server)
