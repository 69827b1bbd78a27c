"""The benchmark's measurements in paired rounds: each endpoint against its floor, and the
normal against the 10x data set in the same minutes. The windows themselves are played by a
second process (bench/load.py measure); this module plans them and reads their figures."""

import json
import statistics
import time
import urllib.error

from bench.common import BASE, BASE_10X, DB_NAME, PASSWORD, PYTHON, SLOW, log
from bench.fault_load import signed_in
from bench.servers import psql

ENDPOINT_ETAGS = ("api: activities", "api: reports")  # also measured with If-None-Match


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


def settle(servers, most_seconds=60):
    """Before a round of measurements: PostgreSQL writes out what the data generator left
    in its buffers (CHECKPOINT), Without it, the round after
    150,000 inserts measures the disk's catching up as much as the portal.

    Then the machine's CPUs are let fall below 15 % busy (autovacuum, the checkpoint's
    writes, the generator's last work), for at most `most_seconds` in all."""
    started = time.monotonic()
    servers.run(*psql("-d", DB_NAME, "-c", "CHECKPOINT"))
    busy = cpu_busy()
    while time.monotonic() - started < most_seconds and busy > 0.15:
        busy = cpu_busy()
    waited = time.monotonic() - started
    log(f"settled for {waited:.0f} s (CPU {busy:.0%} busy)")
    return round(waited)


def sessions(plan, base):
    """The session cookies of the secretariat and of a national focal point (Kyrgyzstan's, or
    the first range state's), each signed in through the login form as a browser does (the
    page, its CSRF token, the form; bench/fault_load.py) on the server at `base`: sessions live
    in each server's own database and Redis. A role that could not sign in is left out (its
    pages are then not measured, and the log says why)."""
    states = plan["range_states"]
    state = "KG" if "KG" in states else states[0]
    accounts = {"secretariat": "bench-secretariat", "focal point": f"bench-fp-{state.lower()}"}
    cookies = {}
    for role, username in accounts.items():
        result, jar = signed_in(base, username, PASSWORD)
        if result.get("form") == 302 and "sessionid" in jar:
            cookies[role] = {"Cookie": f"sessionid={jar['sessionid']}"}
        else:
            log(f"  could not sign in as {username} ({result}): its pages are not measured")
    return cookies


def endpoints(plan, signed=None):
    """The measured endpoints: public pages, the signed-in pages of `signed` (the headers of
    each role's session, from `sessions`; none without it), the API with a partner's token."""
    partner = {"Authorization": f"Token {plan['partner_token']}"}
    report = plan["accepted_report_ids"][0]
    signed = signed or {}
    pages = [
        ("page: home", "/", {}),
        ("page: activities", "/activities/", {}),
        ("page: activity 2.3.15", "/activities/2.3.15/", {}),
        ("page: range state KG", "/range-states/KG/", {}),
        ("page: accepted reports", "/reporting/reports/", {}),
        ("page: matrix", "/matrix/", {}),
    ]
    for label, path, role in (
        ("page: worksheet (admin)", "/admin/programme/activitystatus/", "secretariat"),
        ("page: review queue", "/reporting/review/", "secretariat"),
        ("page: my reporting", "/reporting/mine/", "focal point"),
    ):
        if role in signed:
            pages.append((label, path, signed[role]))
    api = [
        ("api: activities", "/api/v1/activities/", partner),
        ("api: activity 2.3.15", "/api/v1/activities/2.3.15/", partner),
        ("api: reports", "/api/v1/reports/", partner),
        ("api: report", f"/api/v1/reports/{report}/", partner),
        ("api: range states", "/api/v1/range-states/", partner),
    ]
    return pages, api


def window(**phase):
    """One measured window of bench/load.py: 2 seconds, 8 connections, after half a second
    of warming up."""
    return {"seconds": 2, "concurrency": 8, "warmup": 0.5, **phase}


def run_load(servers, phases, name, base):
    """The windows `phases` played by bench/load.py against `base`: their figures by label."""
    phases_file = servers.work / f"phases-{name}.json"
    phases_file.write_text(json.dumps(phases))
    out_file = servers.work / f"measure-{name}.json"
    servers.run(
        PYTHON, "bench/load.py", "measure", "--base", base, "--phases", str(phases_file),
        "--out", str(out_file), timeout=1800,
    )  # fmt: skip
    return json.loads(out_file.read_text())


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


# --- each endpoint against its floor ------------------------------------------------------------


def probe(servers, plan, base):
    """Each endpoint asked once: its status, size and time alone (the floor's body is as large),
    with an ETag a conditional request of it too, and which endpoints gave no answer within
    SLOW seconds (not measured)."""
    pages, api = endpoints(plan, sessions(plan, base))
    measured_endpoints, info, too_slow = [], {}, {}
    for label, path, headers in pages + api:
        started = time.monotonic()
        try:
            status, response_headers, body = servers.fetch(path, headers, base=base)
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
        if etag and label in ENDPOINT_ETAGS:
            conditional = f"{label} (If-None-Match)"
            info[conditional] = {"path": path, "status": 304, "bytes": 0}
            measured_endpoints.append((conditional, path, {**headers, "If-None-Match": etag}, 0))
    return measured_endpoints, info, too_slow


def floor_phases(measured_endpoints, rounds):
    """Within a round the floor right before or right after its endpoint, the order
    alternating between rounds."""
    phases = []
    for round_ in range(rounds):
        for label, path, headers, size in measured_endpoints:
            pair = [
                {"label": f"{label} #{round_}", "path": path, "headers": headers},
                {"label": f"floor for {label} #{round_}", "path": f"/__floor__/{size}"},
            ]
            for phase in pair if round_ % 2 == 0 else reversed(pair):
                phases.append(window(**phase))
    return phases


def floor_row(info, runs, floors, rounds):
    """An endpoint's line of the table: its figures (medians of its rounds) and its ratio to
    the floor (the median of its rounds' ratios, and their range)."""
    pair = paired(floors, runs)

    def median_of(key):
        values = [run[key] for run in runs if run[key] is not None]
        return round(statistics.median(values), 1) if values else None

    def ratio(change):
        return round(1 + change, 2) if change is not None else None

    return {
        **info,
        "rps": pair["10x_rps"],
        "p50_ms": median_of("p50_ms"),
        "p99_ms": median_of("p99_ms"),
        "floor_rps": pair["normal_rps"],
        "ratio": ratio(pair["change"]),
        "ratio_min": ratio(pair["change_min"]),
        "ratio_max": ratio(pair["change_max"]),
        "rounds": rounds,
        "statuses": {k: v for k, v in pair["statuses"]["10x"].items() if k.isdigit()},
        "errors": {k: v for k, v in pair["statuses"]["10x"].items() if not k.isdigit()},
    }


def against_floor(servers, plan, tag, rounds, base=BASE):
    """Each endpoint against its floor (the same number of bytes from a minimal view,
    through the same server and middleware), in paired rounds: within a round the floor
    is measured right before or right after the endpoint (the order alternating between
    rounds), and the endpoint's ratio is the median of its rounds' ratios; its rps and
    latencies are the medians of its rounds."""
    measured_endpoints, info, too_slow = probe(servers, plan, base)
    measured = run_load(servers, floor_phases(measured_endpoints, rounds), tag, base)
    table = {}
    for label, _path, _headers, _size in measured_endpoints:
        runs = [measured[f"{label} #{r}"] for r in range(rounds)]
        floors = [measured[f"floor for {label} #{r}"] for r in range(rounds)]
        table[label] = floor_row(info[label], runs, floors, rounds)
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


# --- normal and 10x in the same minutes -----------------------------------------------------


def compare_endpoints(servers, plan, bases):
    """The endpoints of `endpoints`, the signed-in pages each with a session of each server
    (`by_size`), and the conditional requests each with each server's own ETag (the two data
    sets' answers differ)."""
    signed = {size: sessions(plan, base) for size, base in bases.items()}
    pages, api = endpoints(plan, signed["normal"])
    large = {label: headers for label, _path, headers in endpoints(plan, signed["10x"])[0]}
    out = []
    for label, path, headers in pages + api:
        if "Cookie" in headers:
            if label not in large:
                continue  # signed in on one server only: not compared
            headers = {"by_size": {"normal": headers, "10x": large[label]}}
        out.append((label, path, headers))
        if label in ENDPOINT_ETAGS:
            etags = {}
            for size, base in bases.items():
                _, response_headers, _ = servers.fetch(path, headers, base=base)
                etags[size] = {k.lower(): v for k, v in response_headers.items()}["etag"]
            out.append((f"{label} (If-None-Match)", path, {**headers, "etags": etags}))
    return out


def compare_phases(compared, rounds, bases, pids):
    """Within a round the two servers one right after the other: normal first in even rounds,
    10x first in odd ones."""
    phases = []
    for round_ in range(rounds):
        order = ("normal", "10x") if round_ % 2 == 0 else ("10x", "normal")
        for label, path, headers in compared:
            for size in order:
                sent = {k: v for k, v in headers.items() if k not in ("etags", "by_size")}
                sent.update(headers.get("by_size", {}).get(size, {}))
                if "etags" in headers:
                    sent["If-None-Match"] = headers["etags"][size]
                phases.append(
                    window(
                        label=f"{label} @{size} #{round_}",
                        base=bases[size],
                        path=path,
                        headers=sent,
                        cpu_pids=pids[size],
                    )
                )
    return phases


def compare(servers, plan, rounds):
    """Each endpoint on the normal and on the 10x data set in the same minutes, in paired
    rounds: within a round the two servers answer the same endpoint one right after the
    other (normal first in even rounds, 10x first in odd ones, so that neither always
    has the later, warmer or busier seconds), and the change of an endpoint is the median
    of its rounds' changes. A single window here moves by up to ±30 % with what else the
    two cores run at that moment; the median of paired rounds does not follow one bad
    window. The server's CPU time per answer (gunicorn's processes and Redis) is
    measured in the same windows."""
    servers.restart_both()
    pids = {
        "normal": servers.server_pids(servers.gunicorn),
        "10x": servers.server_pids(servers.gunicorn_10x),
    }
    bases = {"normal": BASE, "10x": BASE_10X}
    compared = compare_endpoints(servers, plan, bases)
    settle(servers)
    phases = compare_phases(compared, rounds, bases, pids)
    measured = run_load(servers, phases, "compare", BASE)
    table = {}
    for label, _path, _headers in compared:
        runs = {size: [measured[f"{label} @{size} #{r}"] for r in range(rounds)] for size in bases}
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
