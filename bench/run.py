"""The portal under load and faults, end to end, in about 20 minutes (docs/performance.md).

    .venv/bin/python bench/run.py            # everything; writes bench/results/latest.{json,md}
    .venv/bin/python bench/run.py --quick    # shorter phases, no 10x data set (a smoke run)

What it does, on loopback only:
 1. creates its own PostgreSQL database `cami_bench` (127.0.0.1:5432, user postgres; dropped
    and created again on each run), migrates it, loads the programme and generates the
    scaled data set: 14 range states x 121 activities x 10 past cycles of reports;
 2. starts its own Redis (on a free port, no persistence) and gunicorn with gunicorn.conf.py and the
    production settings from the environment (DEBUG off), plus a floor view (bench/urls.py);
 3. from a second process (bench/load.py) measures each endpoint alone, and the floor with a
    body of the same size, and reports each endpoint as a ratio of its floor;
 4. plays a mixed load (visitors, partner scripts, focal points writing, the secretariat
    accepting) and restarts PostgreSQL in the middle of it; afterwards checks that every
    acknowledged write is in the database exactly once and that no report is half-written;
 5. measures the peak memory growth of a gunicorn worker serving the CSV export of all reports;
 6. grows a copy of the data set tenfold (100 cycles), serves it with a second gunicorn
    beside the first, measures it as in 3., then both sizes in paired rounds in the same
    minutes (the change from normal to 10x as the median of the rounds' changes, without the
    machine's drift between rounds, with the server's CPU time per answer), and the CSV
    export again.
Every phase is bounded in time; the servers it started are stopped at the end, whatever
happens. The PostgreSQL cluster is shared: the restart is the only thing done to it, once.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "cami_bench"
PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}


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


def cpu_busy(seconds=2.0):
    """The share of the machine's CPU time spent busy over the next `seconds` (/proc/stat)."""

    def sample():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        idle = values[3] + values[4]  # idle + iowait
        return idle, sum(values)

    idle_before, total_before = sample()
    time.sleep(seconds)
    idle_after, total_after = sample()
    total = total_after - total_before
    return 1 - (idle_after - idle_before) / total if total else 0.0


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="cami_bench_"))
        self.processes = []
        self.results = {
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": " ".join(["bench/run.py", *sys.argv[1:]]),
        }
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "MEDIA_ROOT": str(self.work / "media"),
            "BENCH_STATIC_ROOT": str(self.work / "static"),
            # The rate limits stay on (they cost a cache round trip per request) but so high
            # that one load generator on one address is not refused.
            "API_THROTTLE_ANON": "10000000/minute",
            "API_THROTTLE_USER": "10000000/minute",
            "GUNICORN_BIND": f"127.0.0.1:{PORT}",
            "GUNICORN_ACCESSLOG": "",
            "GUNICORN_LOGLEVEL": "warning",
            # No worker recycling while measuring: the workers start together and would all
            # be replaced within the same seconds, inside whichever endpoint's window that is.
            "GUNICORN_MAX_REQUESTS": "0",
            "PYTHONPATH": str(ROOT),
        }
        for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
            if getattr(args, name.lower()):
                self.env[name] = str(getattr(args, name.lower()))

    # --- processes ------------------------------------------------------------------------

    def run(self, *command, timeout=600, env=None):
        started = time.monotonic()
        completed = subprocess.run(
            command,
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if completed.returncode != 0:
            sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-3000:])
            raise SystemExit(f"failed: {' '.join(command)}")
        return completed.stdout, time.monotonic() - started

    def manage(self, *args, timeout=600, env=None):
        return self.run(PYTHON, "manage.py", *args, timeout=timeout, env=env)

    def start(self, name, command, env=None):
        out = open(self.work / f"{name}.log", "w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))
        return process

    def stop(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def stop_all(self):
        for _name, process in reversed(self.processes):
            self.stop(process)

    def wait_ready(self, base, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.3)
        raise SystemExit(f"{base} did not become ready (see {self.work}/*.log)")

    # --- steps ------------------------------------------------------------------------------

    def database(self):
        psql = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-q", "-c"]
        self.run(*psql, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        self.run(*psql, f"CREATE DATABASE {DB_NAME}")
        _, seconds = self.manage("migrate", "--noinput", "-v0")
        self.manage("collectstatic", "--noinput", "-v0")
        self.manage("load_programme")
        log(f"database {DB_NAME} migrated and programme loaded ({seconds:.0f} s for migrate)")

    def generate(self, cycles, env=None):
        plan = self.work / "plan.json"
        out, seconds = self.manage(
            "generate_scaled_data", "--cycles", str(cycles), "--plan", str(plan), timeout=900,
            env=env,
        )  # fmt: skip
        log(f"data: {out.strip()} ({seconds:.0f} s)")
        with open(plan) as f:
            data = json.load(f)
        data["generate_seconds"] = round(seconds, 1)
        return data

    def servers(self):
        self.redis = self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        time.sleep(0.5)
        self.gunicorn = self.start("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"])
        self.wait_ready(BASE)
        log("redis and gunicorn up")

    def fetch(self, path, headers=None, base=BASE, timeout=SLOW):
        request = urllib.request.Request(base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def endpoints(self, plan):
        partner = {"Authorization": f"Token {plan['partner_token']}"}
        report = plan["accepted_report_ids"][0]
        pages = [
            ("page: home", "/", {}),
            ("page: activities", "/activities/", {}),
            ("page: activity 2.3.15", "/activities/2.3.15/", {}),
            ("page: range state KG", "/range-states/KG/", {}),
            ("page: accepted reports", "/reporting/reports/", {}),
            ("page: matrix", "/matrix/", {}),
        ]
        api = [
            ("api: activities", "/api/v1/activities/", partner),
            ("api: activity 2.3.15", "/api/v1/activities/2.3.15/", partner),
            ("api: reports", "/api/v1/reports/", partner),
            ("api: report", f"/api/v1/reports/{report}/", partner),
            ("api: range states", "/api/v1/range-states/", partner),
        ]
        return pages, api

    def settle(self, most_seconds=60):
        """Before a round of measurements: PostgreSQL writes out what the data generator left
        in its buffers (CHECKPOINT), Without it, the round after
        150,000 inserts measures the disk's catching up as much as the portal.

        Then the machine's CPUs are let fall below 15 % busy (autovacuum, the checkpoint's
        writes, the generator's last work), for at most `most_seconds` in all."""
        started = time.monotonic()
        self.run(
            "psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-q", "-d", DB_NAME,
            "-c", "CHECKPOINT",
        )  # fmt: skip
        busy = cpu_busy()
        while time.monotonic() - started < most_seconds and busy > 0.15:
            busy = cpu_busy()
        waited = time.monotonic() - started
        log(f"settled for {waited:.0f} s (CPU {busy:.0%} busy)")
        return round(waited)

    def measure(self, plan, tag, base=BASE):
        """Each endpoint against its floor (the same number of bytes from a minimal view,
        through the same server and middleware), in paired rounds: within a round the floor
        is measured right before or right after the endpoint (the order alternating between
        rounds), and the endpoint's ratio is the median of its rounds' ratios; its rps and
        latencies are the medians of its rounds."""
        seconds = 2
        rounds = 2 if self.args.quick else self.args.floor_rounds
        self.results.setdefault("settled_seconds", {})[tag] = self.settle()
        pages, api = self.endpoints(plan)
        measured_endpoints, info, too_slow = [], {}, {}
        for label, path, headers in pages + api:
            started = time.monotonic()
            try:
                status, response_headers, body = self.fetch(path, headers, base=base)
            except (TimeoutError, urllib.error.URLError):
                too_slow[label] = {"path": path, "seconds": f"> {SLOW}"}
                log(f"  {label}: no answer within {SLOW} s, not measured")
                continue
            info[label] = {
                "path": path,
                "status": status,
                "bytes": len(body),
                "single_request_ms": round((time.monotonic() - started) * 1000),
            }
            measured_endpoints.append((label, path, headers, len(body)))
            etag = {k.lower(): v for k, v in response_headers.items()}.get("etag")
            if etag and label in ("api: activities", "api: reports"):
                conditional = f"{label} (If-None-Match)"
                info[conditional] = {"path": path, "status": 304, "bytes": 0}
                measured_endpoints.append(
                    (conditional, path, {**headers, "If-None-Match": etag}, 0)
                )
        phases = []
        for round_ in range(rounds):
            for label, path, headers, size in measured_endpoints:
                pair = [
                    {"label": f"{label} #{round_}", "path": path, "headers": headers},
                    {"label": f"floor for {label} #{round_}", "path": f"/__floor__/{size}"},
                ]
                for phase in pair if round_ % 2 == 0 else reversed(pair):
                    phases.append({"seconds": seconds, "concurrency": 8, "warmup": 0.5, **phase})
        phases_file = self.work / f"phases-{tag}.json"
        phases_file.write_text(json.dumps(phases))
        out_file = self.work / f"measure-{tag}.json"
        self.run(
            PYTHON, "bench/load.py", "measure", "--base", base, "--phases", str(phases_file),
            "--out", str(out_file), timeout=1800,
        )  # fmt: skip
        measured = json.loads(out_file.read_text())
        table = {}
        for label, _path, _headers, _size in measured_endpoints:
            runs = [measured[f"{label} #{r}"] for r in range(rounds)]
            floors = [measured[f"floor for {label} #{r}"] for r in range(rounds)]
            pair = paired(floors, runs)

            def median_of(key, runs=runs):
                values = [run[key] for run in runs if run[key] is not None]
                return round(statistics.median(values), 1) if values else None

            table[label] = {
                **info[label],
                "rps": pair["10x_rps"],
                "p50_ms": median_of("p50_ms"),
                "p99_ms": median_of("p99_ms"),
                "floor_rps": pair["normal_rps"],
                "ratio": round(1 + pair["change"], 2) if pair["change"] is not None else None,
                "ratio_min": round(1 + pair["change_min"], 2)
                if pair["change"] is not None
                else None,
                "ratio_max": round(1 + pair["change_max"], 2)
                if pair["change"] is not None
                else None,
                "rounds": rounds,
                "statuses": {k: v for k, v in pair["statuses"]["10x"].items() if k.isdigit()},
                "errors": {k: v for k, v in pair["statuses"]["10x"].items() if not k.isdigit()},
            }
        for label, data in too_slow.items():
            table[label] = {
                **data, "bytes": None, "rps": 0, "p50_ms": None, "p99_ms": None,
                "floor_rps": None, "ratio": 0, "statuses": {}, "errors": {}, "too_slow": True,
            }  # fmt: skip
        log(f"measured {len(table)} endpoints ({tag}, {rounds} paired rounds, medians)")
        for label, row in table.items():
            if row.get("too_slow"):
                continue
            log(
                f"  {label:40} {row['rps']:7.1f} rps  p50 {row['p50_ms']} ms  "
                f"p99 {row['p99_ms']} ms  ratio {row['ratio']} ({row['ratio_min']} to "
                f"{row['ratio_max']})  statuses {row['statuses']}"
            )
        return table

    def tenfold(self):
        """The 10x data set in a copy of the normal database, served by a second gunicorn
        (with its own Redis database) beside the first, so that both sizes can be measured
        in the same minutes (`compare`)."""
        psql = ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-q", "-c"]
        self.run(*psql, f"DROP DATABASE IF EXISTS {DB_10X} WITH (FORCE)")
        # A template must have no other session: the idle workers reconnect by themselves.
        self.run(
            *psql,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{DB_NAME}' AND pid <> pg_backend_pid()",
        )
        self.run(*psql, f"CREATE DATABASE {DB_10X} TEMPLATE {DB_NAME}")
        self.env_10x = {
            **self.env,
            "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DB_10X}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "GUNICORN_BIND": f"127.0.0.1:{PORT_10X}",
        }
        large = self.generate(self.args.cycles * 10, env=self.env_10x)
        self.gunicorn_10x = self.start(
            "gunicorn-10x",
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            env=self.env_10x,
        )
        self.wait_ready(BASE_10X)
        log("10x data set served beside the normal one")
        return large

    def server_pids(self, process):
        """A gunicorn's processes (the master and its workers) and the Redis server: whose CPU
        time an answer costs, for `compare`."""
        workers = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout.split()
        return [process.pid, *map(int, workers), self.redis.pid]

    def compare(self, plan):
        """Each endpoint on the normal and on the 10x data set in the same minutes, in paired
        rounds: within a round the two servers answer the same endpoint one right after the
        other (normal first in even rounds, 10x first in odd ones, so that neither always
        has the later, warmer or busier seconds), and the change of an endpoint is the median
        of its rounds' changes. A single window here moves by up to ±30 % with what else the
        two cores run at that moment; the median of paired rounds does not follow one bad
        window. The server's CPU time per answer (gunicorn's processes and Redis) is
        measured in the same windows."""
        seconds, rounds = 2, self.args.rounds
        pages, api = self.endpoints(plan)
        # Both servers started afresh, alike: the normal one has served the mixed load and the
        # restart, and its workers' older heaps made each of its answers measurably dearer (up
        # to 15 % more CPU per answer than the 10x server's, which had only served reads).
        self.stop(self.gunicorn)
        self.stop(self.gunicorn_10x)
        command = [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"]
        self.gunicorn = self.start("gunicorn-compare", command)
        self.gunicorn_10x = self.start("gunicorn-10x-compare", command, env=self.env_10x)
        self.wait_ready(BASE)
        self.wait_ready(BASE_10X)
        pids = {
            "normal": self.server_pids(self.gunicorn),
            "10x": self.server_pids(self.gunicorn_10x),
        }
        bases = {"normal": BASE, "10x": BASE_10X}
        endpoints = []
        for label, path, headers in pages + api:
            endpoints.append((label, path, headers))
            if label in ("api: activities", "api: reports"):
                # Each server's own ETag: the two data sets' answers differ.
                etags = {}
                for size, base in bases.items():
                    _, response_headers, _ = self.fetch(path, headers, base=base)
                    etags[size] = {k.lower(): v for k, v in response_headers.items()}["etag"]
                endpoints.append((f"{label} (If-None-Match)", path, {**headers, "etags": etags}))
        self.settle()
        phases = []
        for round_ in range(rounds):
            order = ("normal", "10x") if round_ % 2 == 0 else ("10x", "normal")
            for label, path, headers in endpoints:
                for size in order:
                    sent = {k: v for k, v in headers.items() if k != "etags"}
                    if "etags" in headers:
                        sent["If-None-Match"] = headers["etags"][size]
                    phases.append(
                        {
                            "label": f"{label} @{size} #{round_}",
                            "base": bases[size],
                            "path": path,
                            "headers": sent,
                            "seconds": seconds,
                            "concurrency": 8,
                            "warmup": 0.5,
                            "cpu_pids": pids[size],
                        }
                    )
        phases_file = self.work / "phases-compare.json"
        phases_file.write_text(json.dumps(phases))
        out_file = self.work / "measure-compare.json"
        self.run(
            PYTHON, "bench/load.py", "measure", "--base", BASE, "--phases", str(phases_file),
            "--out", str(out_file), timeout=1800,
        )  # fmt: skip
        measured = json.loads(out_file.read_text())
        table = {}
        for label, _path, _headers in endpoints:
            runs = {
                size: [measured[f"{label} @{size} #{r}"] for r in range(rounds)] for size in bases
            }
            table[label] = paired(runs["normal"], runs["10x"])
        log(f"normal and 10x in the same minutes ({rounds} paired rounds, median):")
        for label, row in table.items():
            log(
                f"  {label:40} {row['normal_rps']:7.1f} rps  {row['10x_rps']:7.1f} rps  "
                f"{row['change']:+.0%} (rounds {row['change_min']:+.0%} to "
                f"{row['change_max']:+.0%})  CPU/answer {row['normal_cpu_ms']} / "
                f"{row['10x_cpu_ms']} ms  statuses {row['statuses']}"
            )
        return table

    def mixed_with_restart(self, plan):
        seconds = 20 if self.args.quick else 40
        restart_at = seconds * 0.35
        plan_file = self.work / "plan-mixed.json"
        plan_file.write_text(json.dumps(plan))
        out_file = self.work / "mixed.json"
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
            env=self.env,
        )
        started = time.monotonic()
        time.sleep(restart_at)
        restart_started = time.monotonic()
        if self.args.no_restart:
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
            status, _, _ = self.fetch("/readyz")
            if status == 200:
                break
            time.sleep(0.05)
        restart["ready_again_after_seconds"] = round(time.monotonic() - restart_started, 2)
        log(f"PostgreSQL restarted: {restart}")
        load.wait(timeout=seconds + 120)
        mixed = json.loads(out_file.read_text())
        mixed["restart"] = restart
        writes_file = self.work / "writes.json"
        writes_file.write_text(json.dumps({"plan": plan, "writes": mixed["writes"]}))
        out, _ = self.run(PYTHON, "bench/verify.py", str(writes_file))
        mixed["verification"] = json.loads(out)
        summary = {k: len(v) if isinstance(v, list) else v for k, v in mixed["writes"].items()}
        log(
            f"mixed load: {mixed['total_requests']} requests in {mixed['duration']} s, "
            f"{mixed['total_errors']} connection errors; writes {summary}"
        )
        log(f"verification: {mixed['verification']['summary']}")
        return mixed

    def export_memory(self, plan, tag, env=None):
        """Peak RSS growth of a fresh one-worker gunicorn serving the CSV of all reports."""
        env = {
            **(env or self.env),
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "1",
            "GUNICORN_BIND": f"127.0.0.1:{RSS_PORT}",
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_TIMEOUT": "600",
        }
        server = self.start(
            f"gunicorn-rss-{tag}", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py"], env=env
        )
        base = f"http://127.0.0.1:{RSS_PORT}"
        try:
            self.wait_ready(base)
            workers = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
            worker = workers[0]
            auth = {"Authorization": f"Token {plan['secretariat_token']}"}
            # Warm up: imports, URL resolver, templates, a small export.
            self.fetch("/api/v1/reports/?format=csv&state=submitted&page_size=10", auth, base=base)

            def memory():
                values = {}
                for line in Path(f"/proc/{worker}/status").read_text().splitlines():
                    if line.startswith(("VmRSS", "VmHWM")):
                        name, value = line.split(":")
                        values[name] = int(value.split()[0]) // 1024
                return values

            before = memory()
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
                after = memory()
            seconds = time.monotonic() - started
            result = {
                "status": status,
                "rows": rows - 1,
                "complete": complete,
                "megabytes_sent": round(size / 1e6, 1),
                "seconds": round(seconds, 1),
                "rss_before_mb": before["VmRSS"],
                "peak_rss_mb": after["VmHWM"],
                "peak_growth_mb": after["VmHWM"] - before["VmRSS"],
            }
            log(f"CSV export ({tag}): {result}")
            return result
        finally:
            self.stop(server)

    # --- the whole run --------------------------------------------------------------------

    def main(self):
        total_started = time.monotonic()
        try:
            self.database()
            normal = self.generate(self.args.cycles)
            self.results["normal"] = {
                "reports": normal["reports"],
                "generate_seconds": normal["generate_seconds"],
            }
            self.servers()
            self.results["normal"]["endpoints"] = self.measure(normal, "normal")
            self.results["mixed"] = self.mixed_with_restart(normal)
            self.results["normal"]["csv_export"] = self.export_memory(normal, "normal")
            if not self.args.quick:
                large = self.tenfold()
                self.results["10x"] = {
                    "reports": large["reports"],
                    "generate_seconds": large["generate_seconds"],
                }
                self.results["10x"]["endpoints"] = self.measure(large, "10x", base=BASE_10X)
                self.results["comparison"] = self.compare(normal)
                self.results["10x"]["csv_export"] = self.export_memory(
                    large, "10x", env=self.env_10x
                )
        finally:
            self.stop_all()
        self.results["total_seconds"] = round(time.monotonic() - total_started)
        self.results["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
        self.results["cpus"] = os.cpu_count()
        self.results["gunicorn"] = {
            "workers": self.env.get("WEB_CONCURRENCY", "default (2 x cores + 1)"),
            "threads": self.env.get("GUNICORN_THREADS", "1"),
        }
        results_dir = ROOT / "bench" / "results"
        results_dir.mkdir(exist_ok=True)
        (results_dir / "latest.json").write_text(json.dumps(self.results, indent=1))
        (results_dir / "latest.md").write_text(report(self.results))
        if not self.args.keep_db:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    PG["host"],
                    "-U",
                    PG["user"],
                    "-q",
                    "-c",
                    f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)",
                    "-c",
                    f"DROP DATABASE IF EXISTS {DB_10X} WITH (FORCE)",
                ],
                capture_output=True,
            )
        shutil.rmtree(self.work, ignore_errors=True)
        log(f"done in {self.results['total_seconds']} s: bench/results/latest.md")


def paired(normal, large):
    """The change from `normal` to `large` (lists of the same endpoint's windows, round by
    round): the median of the rounds' changes, their range, the median throughput and CPU
    time per answer of each size, and every status answered."""

    def median(values):
        values = [v for v in values if v is not None]
        return statistics.median(values) if values else None

    changes = [
        (b["rps"] - a["rps"]) / a["rps"] if a["rps"] else None
        for a, b in zip(normal, large, strict=True)
    ]
    known = [c for c in changes if c is not None]
    cpu = {}
    for size, runs in (("normal", normal), ("10x", large)):
        cpu[size] = median([run.get("server_cpu_ms") for run in runs])
    statuses = {}
    for size, runs in (("normal", normal), ("10x", large)):
        counted = {}
        for run in runs:
            for status, count in run["statuses"].items():
                counted[status] = counted.get(status, 0) + count
            for error, count in run["errors"].items():
                counted[error] = counted.get(error, 0) + count
        statuses[size] = counted
    return {
        "rounds": len(changes),
        "normal_rps": round(median([run["rps"] for run in normal]), 1),
        "10x_rps": round(median([run["rps"] for run in large]), 1),
        "change": round(statistics.median(known), 3) if known else None,
        "change_min": round(min(known), 3) if known else None,
        "change_max": round(max(known), 3) if known else None,
        "changes": [round(c, 3) if c is not None else None for c in changes],
        "normal_cpu_ms": round(cpu["normal"], 2) if cpu["normal"] is not None else None,
        "10x_cpu_ms": round(cpu["10x"], 2) if cpu["10x"] is not None else None,
        "cpu_change": round((cpu["10x"] - cpu["normal"]) / cpu["normal"], 3)
        if cpu["normal"] and cpu["10x"] is not None
        else None,
        "statuses": statuses,
    }


def report(results):
    """The figures as Markdown, for docs/performance.md."""
    lines = [f"Run {results['started']}: `{results['command']}` ({results['total_seconds']} s)", ""]
    sets = [name for name in ("normal", "10x") if name in results]
    for name in sets:
        data = results[name]
        lines += [
            f"### {name} data set: {data['reports']:,} reports",
            "",
            "Medians of paired rounds (the endpoint and its floor one right after the other);",
            "ratio: median of the rounds' ratios, their range beside it.",
            "",
            "| endpoint | bytes | rps | p50 ms | p99 ms | floor rps | ratio | rounds | statuses |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for label, row in data["endpoints"].items():
            if row.get("too_slow"):
                lines.append(f"| {label} | – | no answer within {SLOW} s | | | | 0 | | |")
                continue
            lines.append(
                f"| {label} | {row['bytes']} | {row['rps']} | {row['p50_ms']} | "
                f"{row['p99_ms']} | {row['floor_rps']} | {row['ratio']} | "
                f"{row['ratio_min']} to {row['ratio_max']} | {row['statuses']} "
                f"{row['errors'] or ''} |"
            )
        export = data["csv_export"]
        lines += [
            "",
            f"CSV export of all reports: {export['rows']:,} rows, "
            f"{export['megabytes_sent']} MB in {export['seconds']} s; worker RSS "
            f"{export['rss_before_mb']} MB before, peak {export['peak_rss_mb']} MB "
            f"(growth {export['peak_growth_mb']} MB)",
            "",
        ]
    if len(sets) == 2:
        lines += [
            "### 10x / normal throughput",
            "",
            "rps: requests per second as measured; ratio: the same against the floor measured",
            "in the same minutes (what the machine's own ups and downs do not move).",
            "",
            "| endpoint | normal rps | 10x rps | change | normal ratio | 10x ratio | change |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]

        def change(before, after):
            return f"{(after - before) / before * 100:+.0f} %" if before and after else "–"

        for label, row in results["normal"]["endpoints"].items():
            large = results["10x"]["endpoints"].get(label)
            if large:
                lines.append(
                    f"| {label} | {row['rps']} | {large['rps']} | "
                    f"{change(row['rps'], large['rps'])} | {row['ratio']} | {large['ratio']} | "
                    f"{change(row['ratio'], large['ratio'])} |"
                )
        lines.append("")
    comparison = results.get("comparison")
    if comparison:
        rounds = next(iter(comparison.values()))["rounds"]
        lines += [
            "### normal and 10x in the same minutes",
            "",
            f"Both data sets served side by side (two gunicorns), {rounds} paired rounds: in each",
            "round the two servers answer the same endpoint one after the other (the order",
            "alternating between rounds). change: median of the rounds' changes (their range",
            "beside it); rps: median of the rounds; CPU: the server's CPU time per answer",
            "(gunicorn's processes and Redis), median of the rounds.",
            "",
            "| endpoint | normal rps | 10x rps | change | rounds | CPU ms normal | CPU ms 10x "
            "| CPU change | statuses |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
        ]

        def percent(value):
            return f"{value:+.0%}" if value is not None else "–"

        for label, row in comparison.items():
            lines.append(
                f"| {label} | {row['normal_rps']} | {row['10x_rps']} | {percent(row['change'])} | "
                f"{percent(row['change_min'])} to {percent(row['change_max'])} | "
                f"{row['normal_cpu_ms']} | {row['10x_cpu_ms']} | {percent(row['cpu_change'])} | "
                f"{row['statuses']} |"
            )
        lines.append("")
    mixed = results.get("mixed")
    if mixed:
        lines += [
            f"### Mixed load with a PostgreSQL restart ({mixed['duration']} s)",
            "",
            f"PostgreSQL restart: {mixed['restart']}",
            "",
            "| endpoint | requests | rps | p50 ms | p99 ms | statuses | errors |",
            "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        ]
        for label, row in mixed["endpoints"].items():
            lines.append(
                f"| {label} | {row['requests']} | {row['rps']} | {row['p50_ms']} | "
                f"{row['p99_ms']} | {row['statuses']} | {row['errors'] or ''} |"
            )
        lines += ["", "Timeline (answers per second):", "", "```"]
        for entry in mixed["timeline"]:
            second = entry.pop("second")
            lines.append(f"{second:3d}s " + ", ".join(f"{k} {v}" for k, v in sorted(entry.items())))
        lines += ["```", "", f"Verification: {mixed['verification']['summary']}", ""]
        lines += [f"Error answers that show a traceback: {mixed['tracebacks_shown']}", ""]
        for key, sample in sorted(mixed["samples"].items()):
            lines += [
                f"A {key} answer during the restart ({sample['label']}, "
                f"{sample['content_type']}, Retry-After {sample['retry_after']}):",
                "",
                "```",
                sample["body"][:1200].strip(),
                "```",
                "",
            ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description="Load and fault benchmark of the portal.")
    parser.add_argument("--quick", action="store_true", help="short phases, no 10x data")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=6, help="paired rounds of the normal/10x comparison"
    )
    parser.add_argument(
        "--floor-rounds", type=int, default=4, help="paired rounds of each endpoint and its floor"
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-restart", action="store_true", help="leave PostgreSQL alone")
    parser.add_argument("--web-concurrency", type=int)
    parser.add_argument("--gunicorn-threads", type=int)
    Bench(parser.parse_args()).main()


if __name__ == "__main__":
    main()
