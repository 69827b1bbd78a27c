"""Concurrent writes on the embedded SQLite database: never "database is locked".

The portal's default database is a SQLite file. Here it runs as in production without
PostgreSQL: gunicorn with four worker processes (gunicorn.conf.py), DEBUG off, the database
cache, on a SQLite file of its own, and threads send writes at the same instant. The answers
are the rules' (one PATCH wins, the others are 412; one POST creates, the others are 409 or
400), never a 5xx: writers wait their turn (IMMEDIATE transactions, WAL, a busy time-out:
cami_portal/settings.py)."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from .test_security_headers import ROOT

SETUP = """
import json, sys
from rest_framework.authtoken.models import Token
from tests.factories import ActivityFactory, RangeStateFactory
from tests.reporting.factories import FocalPointFactory, ReportFactory, ReportingCycleFactory
kg = RangeStateFactory(iso_code="KG")
cycle = ReportingCycleFactory()
activities = [ActivityFactory(issue__objective__programme=cycle.programme) for _ in range(2)]
for activity in activities:
    activity.range_states.set([kg])
user = FocalPointFactory(range_states=[kg]).user
report = ReportFactory(cycle=cycle, activity=activities[0], author=user, range_state=kg)
print(json.dumps({"token": Token.objects.create(user=user).key, "report": report.pk,
                  "cycle": cycle.pk, "fresh": activities[1].code}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("sqlite-concurrency")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "SECURE_", "DATABASE_", "REDIS_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cami_portal.settings",
        DEBUG="0",
        SECRET_KEY="sqlite-concurrency-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{work / 'portal.sqlite3'}",
        MEDIA_ROOT=str(work / "media"),
        SECURE_SSL_REDIRECT="0",
        API_THROTTLE_ANON="100000/minute",
        API_THROTTLE_USER="100000/minute",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="4",
        GUNICORN_ACCESSLOG="",
        GUNICORN_LOGLEVEL="warning",
    )

    def manage(*args, **kwargs):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=600, check=True, **kwargs,
        )  # fmt: skip

    manage("migrate", "--noinput")
    manage("createcachetable")
    data = json.loads(manage("shell", "-c", SETUP).stdout.strip().splitlines()[-1])
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if call(base, "GET", "/readyz")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield base, data
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def call(base, method, path, body=None, headers=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def at_once(count, action):
    """`action()` in `count` threads released together; their answers' statuses."""
    barrier = threading.Barrier(count)
    statuses = []

    def run():
        barrier.wait()
        statuses.append(action()[0])

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(statuses)


def test_four_patches_with_one_etag_one_wins_the_others_are_412(server):
    base, data = server
    auth = {"Authorization": f"Token {data['token']}"}
    path = f"/api/v1/reports/{data['report']}/"
    for round_ in range(3):
        status, headers, _body = call(base, "GET", path, headers=auth)
        assert status == 200
        statuses = at_once(
            4,
            lambda etag=headers["ETag"], text=f"Round {round_}": call(
                base, "PATCH", path, {"progress": text}, {**auth, "If-Match": etag}
            ),
        )  # fmt: skip
        assert statuses == [200, 412, 412, 412], statuses


def test_three_identical_posts_create_one_report(server):
    base, data = server
    auth = {"Authorization": f"Token {data['token']}"}
    body = {"cycle": data["cycle"], "activity": data["fresh"], "range_state": "KG",
            "progress": "Started."}  # fmt: skip
    statuses = at_once(3, lambda: call(base, "POST", "/api/v1/reports/", body, auth))
    assert statuses[0] == 201, statuses
    assert all(status in (400, 409) for status in statuses[1:]), statuses
