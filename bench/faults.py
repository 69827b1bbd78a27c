"""The benchmark's fault phases (docs/performance.md, "Faults"), each played through HTTP
against a gunicorn of the benchmark's own, on the normal data set, while focal points write
and the secretariat reviews:

- **mail outage**: the server uses the real outbox (django-mailer); its worker
  (`send_queued_mail`) first meets a mail server that refuses every connection, then one that
  accepts and never answers. Every write must answer at once; afterwards the worker delivers
  every queued e-mail to a working mail server, none lost, none twice;
- **Redis down**: the benchmark's own redis-server (never the machine's) is stopped in the
  middle of the load and started again: pages and API reads still answer from the database,
  people still sign in, and every acknowledged write is kept;
- **forwarded headers** and **formula injection**: bench/fault_inputs.py.

Every acknowledged write of a phase is then checked in the database (bench/verify.py)."""

import asyncio
import json
import time
from collections import Counter

from bench.common import GUNICORN, PASSWORD, PYTHON, REDIS_PORT, free_port, log
from bench.fault_inputs import formula_injection, forwarded_headers
from bench.fault_load import api_call, fault_load, sign_in, window
from bench.phases import verify_writes
from tests.smtp import SMTPServer, refusing_port

EMAIL_TIMEOUT = 3  # seconds the worker waits for a mail server that never answers
NOTIFYING = ("submitted", "accepted", "returned")  # each such write queues one e-mail


def fault_env(servers, port, redis_db):
    """The fault server's environment: the real outbox, its own Redis database, no proxy."""
    env = {
        **servers.env,
        "BENCH_OUTBOX": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(refusing_port()),
        "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        "MAIL_RETRY_MINUTES": "0",  # the worker retries deferred mail on every pass
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/{redis_db}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    env.pop("API_NUM_PROXIES", None)
    return env


def start_fault_server(servers, name, redis_db, **extra):
    port = free_port()
    env = {**fault_env(servers, port, redis_db), **extra}
    process = servers.start(name, GUNICORN, env=env)
    base = f"http://127.0.0.1:{port}"
    servers.wait_ready(base)
    return process, base, env


def check(servers, *args, env=None):
    out, _ = servers.run(PYTHON, "bench/fault_checks.py", *args, env=env)
    return json.loads(out)


def acknowledged(writes):
    return {k: len(v) for k, v in writes.items() if isinstance(v, list)}


def latency(load, prefix="write: "):
    """The slowest and the 99th percentile answer of the load's writes, in ms."""
    stats = load["stats"]
    values = sorted(v for label, vs in stats.latencies.items() if label.startswith(prefix)
                    for v in vs)  # fmt: skip
    if not values:
        return {"writes": 0}
    return {
        "writes": len(values),
        "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1),
        "max_ms": round(values[-1], 1),
    }


def statuses(load, prefix):
    """The answers of every label starting with `prefix`, by status."""
    out = {}
    for label, row in load["endpoints"].items():
        if label.startswith(prefix):
            for status, n in row["statuses"].items():
                out[status] = out.get(status, 0) + n
    return dict(sorted(out.items()))


def verified(servers, plan, load, env):
    writes = load["writes"]
    found = verify_writes(servers, plan, writes)
    returns = servers.work / f"returned-{time.monotonic_ns()}.json"
    returns.write_text(json.dumps([w["id"] for w in writes["returned"]]))
    returned = check(servers, "returned", str(returns), env=env)
    problems = found["problems"] + returned["problems"]
    return {"acknowledged": acknowledged(writes), "problems": problems,
            "summary": found["summary"]}  # fmt: skip


def worker(servers, name, env, port):
    command = [PYTHON, "manage.py", "send_queued_mail", "--interval", "1"]
    return servers.start(name, command, env={**env, "EMAIL_PORT": str(port)})


# --- the mail outage ------------------------------------------------------------------------


def kind(subject):
    """A notification's kind, from its subject."""
    for word, name in (("submitted", "submitted"), ("needs changes", "returned"),
                       ("accepted", "accepted")):  # fmt: skip
        if word in subject:
            return name
    return "other"


def deliver(servers, env):
    """The mail server works again: one pass of the worker to a working mail server; what it
    received, and the outbox after."""
    with SMTPServer("accept") as sink:
        started = time.monotonic()
        servers.run(PYTHON, "manage.py", "send_queued_mail", "--once", timeout=300,
                    env={**env, "EMAIL_PORT": str(sink.port)})  # fmt: skip
        seconds = time.monotonic() - started
        received = list(sink.messages)
    ids = [message["Message-ID"] for message in received]
    return {
        "seconds": round(seconds, 1),
        "received": len(received),
        "distinct_message_ids": len(set(ids)),
        "received_ids": ids,
        "kinds": dict(Counter(kind(message["Subject"]) for message in received)),
    }


def writes_alone(base, plan, writes):
    """With the mail server still hanging and no other load: a focal point starts and submits
    three reports, the secretariat returns one and accepts another, one request at a time;
    each notifying write's time, against the EMAIL_TIMEOUT a request waiting for the mail
    server would take at least. The writes join the phase's (checked afterwards)."""
    fp = plan["focal_points"][6]
    secretariat = plan["secretariat_token"]
    timings = {"submit": [], "return": [], "accept": []}
    submitted = []
    for code in fp["activities"][::-1]:
        if len(submitted) == 3:
            break
        marker = f"bench-alone-{time.monotonic_ns()}"
        body = {
            "cycle": plan["open_cycle"], "activity": code, "range_state": fp["iso_code"],
            "status": "in_progress", "progress": f"Alone {marker}", "prefill": False,
        }  # fmt: skip
        status, etag, report, _ = api_call(base, "POST", "/api/v1/reports/", fp["token"], body)
        if status != 201:
            continue
        writes["created"].append({"id": report["id"], "iso_code": fp["iso_code"],
                                  "activity": code, "marker": marker})  # fmt: skip
        path = f"/api/v1/reports/{report['id']}/submit/"
        status, _, _, took = api_call(base, "POST", path, fp["token"], etag=etag)
        if status == 200:
            timings["submit"].append(round(took * 1000))
            writes["submitted"].append({"id": report["id"]})
            submitted.append(report["id"])
    for report_id, action in zip(submitted, ("return", "accept"), strict=False):
        path = f"/api/v1/reports/{report_id}/"
        _, etag, _, _ = api_call(base, "GET", path, secretariat)
        status, _, _, took = api_call(base, "POST", f"{path}{action}/", secretariat,
                                      {"comment": "Please give the figures."}, etag)  # fmt: skip
        if status == 200:
            timings[action].append(round(took * 1000))
            writes["returned" if action == "return" else "accepted"].append({"id": report_id})
    return timings


def mail_outage(servers, plan, seconds):
    process, base, env = start_fault_server(servers, "gunicorn-mail", 2)
    check(servers, "addresses", env=env)
    before = check(servers, "outbox", env=env)
    hanging = SMTPServer("hang").__enter__()
    workers = [worker(servers, "mail-worker-refused", env, env["EMAIL_PORT"])]

    def hang():
        servers.stop(workers[0])
        workers.append(worker(servers, "mail-worker-hanging", env, hanging.port))

    log(f"mail outage: {seconds} s of load, the mail server refusing, then never answering")
    try:
        load = asyncio.run(
            fault_load(base, plan, seconds, [(seconds / 2, "the mail server hangs", hang)],
                       sign_in_as=account(plan, 0), password=PASSWORD)
        )  # fmt: skip
        alone = writes_alone(base, plan, load["writes"])
    finally:
        for running in (*workers, process):
            servers.stop(running)
        hanging.__exit__(None, None, None)
    during = check(servers, "outbox", env=env)
    delivered = deliver(servers, env)
    after = check(servers, "outbox", env=env)
    writes = load["writes"]
    expected = sum(len(writes[key]) for key in NOTIFYING)
    queued = during["waiting"] - before["waiting"]
    log_ids = after["sent_message_ids"]
    result = {
        "seconds": seconds,
        "load": summary(load),
        "write_latency": latency(load),
        "notifying_writes_alone_ms": alone,
        "email_timeout_ms": EMAIL_TIMEOUT * 1000,
        "writes": verified(servers, plan, load, env),
        "notifying_writes": expected,
        "queued_during_outage": queued,
        "outbox_during": {k: during[k] for k in ("waiting", "queued", "deferred",
                                                   "log_failure", "failure_reasons")},
        "delivered": {k: v for k, v in delivered.items() if k != "received_ids"},
        "outbox_after": {k: after[k] for k in ("waiting", "deferred", "log_success")},
        "delivered_twice": len(delivered["received_ids"]) - delivered["distinct_message_ids"],
        "delivered_unlogged": len(set(delivered["received_ids"]) - set(log_ids)),
    }  # fmt: skip
    result["ok"] = (
        queued == expected
        and delivered["received"] == queued
        and result["delivered_twice"] == 0
        and after["waiting"] == 0
        and not result["writes"]["problems"]
        and all(ms < EMAIL_TIMEOUT * 1000 for ms in sum(alone.values(), []))
    )
    shown = ("notifying_writes", "queued_during_outage", "delivered", "write_latency",
             "notifying_writes_alone_ms", "ok")  # fmt: skip
    log(f"mail outage: {json.dumps({k: result[k] for k in shown})}")
    return result


def account(plan, index):
    return f"bench-fp-{plan['focal_points'][index]['iso_code'].lower()}"


def summary(load):
    return {
        "duration": load["duration"],
        "requests": load["total_requests"],
        "connection_errors": load["connection_errors"],
        "tracebacks_shown": load["tracebacks_shown"],
        "pages": statuses(load, "page: "),
        "api_reads": statuses(load, "api"),
        "writes": statuses(load, "write: "),
        "retries": load["writes"]["retries"],
    }


# --- Redis down -----------------------------------------------------------------------------


def redis_command():
    return ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no"]  # fmt: skip


def redis_down(servers, plan, seconds):
    process, base, env = start_fault_server(servers, "gunicorn-redis", 3)
    stop_at, start_at = round(seconds * 0.3), round(seconds * 0.7)
    probes = {}

    def stop():
        """Redis stopped; then, before it starts again, someone signs in."""
        servers.stop(servers.redis)
        probes["sign_in"] = sign_in(base, account(plan, 2), PASSWORD)

    def start():
        servers.redis = servers.start("redis-again", redis_command())
        time.sleep(0.5)

    log(f"Redis down: the bench's own redis-server (port {REDIS_PORT}) stopped at second "
        f"{stop_at}, started again at {start_at}")  # fmt: skip
    try:
        load = asyncio.run(
            fault_load(base, plan, seconds, [(stop_at, "Redis stopped", stop),
                                             (start_at, "Redis started", start)],
                       sign_in_as=account(plan, 1), password=PASSWORD, seed=23)
        )  # fmt: skip
    finally:
        servers.stop(process)
        if servers.redis.poll() is not None:  # the load failed while Redis was down
            start()
    events = {e["event"]: e for e in load["events"]}
    down_from = events["Redis stopped"]["at"]
    down_to = events["Redis started"]["at"]
    sign_ins_down = [s for s in load["sign_ins"] if down_from <= s["at"] < down_to]
    result = {
        "seconds": seconds,
        "events": load["events"],
        "load": summary(load),
        "answers_while_down": window(load["stats"], int(down_from) + 1, int(down_to)),
        "sign_ins_while_down": sign_ins_down,
        "sign_ins": load["sign_ins"],
        "write_latency": latency(load),
        "writes": verified(servers, plan, load, env),
    }
    result["sign_ins_while_down"].insert(0, {"at": down_from, **probes["sign_in"]})
    sign_ins_ok = all(
        s.get("form") == 302 and s.get("mine") == 200
        for s in (*load["sign_ins"], probes["sign_in"])
    )
    result["ok"] = (
        result["answers_while_down"].get("2xx", 0) > 0
        and not any(k.startswith("5") for k in result["load"]["pages"])
        and not any(k.startswith("5") for k in result["load"]["api_reads"])
        and load["connection_errors"] == 0
        and sign_ins_ok
        and not result["writes"]["problems"]
    )
    log(f"Redis down: while down {result['answers_while_down']}, sign-ins "
        f"{len(sign_ins_down)} while down, ok={result['ok']}")  # fmt: skip
    return result


# --- all of them ----------------------------------------------------------------------------


def run_faults(servers, plan, quick):
    """Every fault phase in turn; their findings."""
    seconds = 20 if quick else 30
    results = {}
    results["mail_outage"] = mail_outage(servers, plan, seconds)
    results["redis_down"] = redis_down(servers, plan, seconds)
    results["forwarded_headers"] = forwarded_headers(servers, start_fault_server, PASSWORD, plan)
    results["formula_injection"] = formula_injection(servers, plan, start_fault_server, PASSWORD)
    results["survived"] = {name: r["ok"] for name, r in results.items()}
    return results
