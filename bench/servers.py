"""The processes and databases the benchmark starts on loopback: its PostgreSQL databases, its
Redis and its gunicorns; how it runs commands and fetches answers; and how it stops what it
started, whatever happens."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import (
    BASE,
    BASE_10X,
    DB_10X,
    DB_NAME,
    GUNICORN,
    PG,
    PORT,
    PORT_10X,
    PYTHON,
    REDIS_PORT,
    ROOT,
    SLOW,
    log,
)


def psql(*options):
    """A psql command line on the benchmark's PostgreSQL cluster."""
    return ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-q", *options]


def database_url(name):
    return f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


class Servers:
    """The benchmark's working folder, the environment of its servers and commands, and
    every process it started (stopped in reverse order by `stop_all`)."""

    def __init__(self, args):
        self.work = Path(tempfile.mkdtemp(prefix="cami_bench_"))
        self.processes = []
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            # Plain HTTP on loopback, as behind a proxy that terminates TLS (the production
            # default redirects to HTTPS).
            "SECURE_SSL_REDIRECT": "0",
            "SECRET_KEY": "bench-only-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url(DB_NAME),
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "MEDIA_ROOT": str(self.work / "media"),
            "BENCH_STATIC_ROOT": str(self.work / "static"),
            # The rate limits stay on (they cost a cache round trip per request) but so high
            # that one load generator on one address is not refused; per second, so that
            # DRF's sliding window holds no more timestamps than a client at the production
            # rates makes it hold (one per request of the window).
            "API_THROTTLE_ANON": "5000/second",
            "API_THROTTLE_USER": "5000/second",
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

    def fetch(self, path, headers=None, base=BASE, timeout=SLOW):
        request = urllib.request.Request(base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def worker_pids(self, process):
        """The pids of a gunicorn master's workers, as text."""
        return subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout.split()

    # --- databases and servers --------------------------------------------------------------

    def database(self):
        self.run(*psql("-c", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"))
        self.run(*psql("-c", f"CREATE DATABASE {DB_NAME}"))
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

    def start_servers(self):
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
        self.gunicorn = self.start("gunicorn", GUNICORN)
        self.wait_ready(BASE)
        log("redis and gunicorn up")

    def tenfold(self, cycles):
        """The data set of `cycles` cycles in a copy of the normal database, served by a second
        gunicorn (with its own Redis database) beside the first, so that both sizes can be
        measured in the same minutes (bench/measure.py, `compare`)."""
        self.run(*psql("-c", f"DROP DATABASE IF EXISTS {DB_10X} WITH (FORCE)"))
        # A template must have no other session: the idle workers reconnect by themselves.
        self.run(
            *psql(
                "-c",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{DB_NAME}' AND pid <> pg_backend_pid()",
            )
        )
        self.run(*psql("-c", f"CREATE DATABASE {DB_10X} TEMPLATE {DB_NAME}"))
        self.env_10x = {
            **self.env,
            "DATABASE_URL": database_url(DB_10X),
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "GUNICORN_BIND": f"127.0.0.1:{PORT_10X}",
        }
        large = self.generate(cycles, env=self.env_10x)
        self.gunicorn_10x = self.start("gunicorn-10x", GUNICORN, env=self.env_10x)
        self.wait_ready(BASE_10X)
        log("10x data set served beside the normal one")
        return large

    def restart_gunicorn(self, **overrides):
        """The normal data set's gunicorn started afresh, with `overrides` of its environment
        (none: the environment of the run)."""
        self.stop(self.gunicorn)
        env = {**self.env, **overrides}
        self.gunicorn = self.start(
            "gunicorn-" + "-".join(overrides) if overrides else "gunicorn-again", GUNICORN, env=env
        )
        self.wait_ready(BASE)

    def restart_both(self):
        """Both gunicorns started afresh, alike: the normal one has served the mixed load and
        the restart, and its workers' older heaps made each of its answers measurably dearer
        (up to 15 % more CPU per answer than the 10x server's, which had only served reads)."""
        self.stop(self.gunicorn)
        self.stop(self.gunicorn_10x)
        self.gunicorn = self.start("gunicorn-compare", GUNICORN)
        self.gunicorn_10x = self.start("gunicorn-10x-compare", GUNICORN, env=self.env_10x)
        self.wait_ready(BASE)
        self.wait_ready(BASE_10X)

    def server_pids(self, process):
        """A gunicorn's processes (the master and its workers) and the Redis server: whose CPU
        time an answer costs, for `compare`."""
        return [process.pid, *map(int, self.worker_pids(process)), self.redis.pid]

    # --- the end --------------------------------------------------------------------------

    def drop_databases(self):
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

    def remove_work(self):
        shutil.rmtree(self.work, ignore_errors=True)
