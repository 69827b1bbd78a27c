"""The load generator of the benchmark: a separate process that drives the portal over
loopback HTTP/1.1 (stdlib asyncio, no dependency) and prints its measurements as JSON.

    python bench/load.py measure  --base http://127.0.0.1:8765 --phases phases.json
    python bench/load.py mixed    --base http://127.0.0.1:8765 --plan plan.json --seconds 40

`measure` runs closed-loop phases, one endpoint at a time (N connections, each sending its
next request as soon as the previous answer arrived) and reports requests per second,
p50/p99 latency and errors per phase. `mixed` plays the portal's day at once: visitors on the
public pages, partner scripts reading the API (half of them with conditional requests),
national focal points starting reports, saving drafts and submitting, and the secretariat
accepting; every acknowledged write is written to the output for the orchestrator to check
against the database. Only loopback addresses are accepted, and every loop is bounded in time.
"""

import argparse
import asyncio
import ipaddress
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter, defaultdict
from urllib.parse import urlsplit

REQUEST_TIMEOUT = 20.0


# --- a small HTTP/1.1 client ------------------------------------------------------------------


class Response:
    __slots__ = ("status", "headers", "body", "size")

    def __init__(self, status, headers, body, size):
        self.status = status
        self.headers = headers
        self.body = body
        self.size = size

    def json(self):
        return json.loads(self.body)


class Client:
    """One connection, reopened when the server closes it (gunicorn's sync workers close
    after every response)."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def request(self, method, path, headers=None, body=None, keep_body=True):
        return await asyncio.wait_for(
            self._request(method, path, headers or {}, body, keep_body), REQUEST_TIMEOUT
        )

    async def _request(self, method, path, headers, body, keep_body):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",  # as a browser sends it: absolute URLs match
            "Accept-Encoding: identity",
        ]
        if body is not None:
            if not isinstance(body, bytes):
                body = json.dumps(body).encode()
                headers = {"Content-Type": "application/json", **headers}
            lines.append(f"Content-Length: {len(body)}")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b""))
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise ConnectionError("connection closed before the answer") from None
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                response_headers[name.strip().lower()] = value.strip()
        chunks, size = [], 0
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            pass
        elif response_headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                length = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if length == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                data = await self.reader.readexactly(length + 2)
                size += length
                if keep_body:
                    chunks.append(data[:-2])
        elif "content-length" in response_headers:
            length = int(response_headers["content-length"])
            data = await self.reader.readexactly(length)
            size = length
            if keep_body:
                chunks.append(data)
        else:
            while data := await self.reader.read(65536):
                size += len(data)
                if keep_body:
                    chunks.append(data)
            await self.close()
        if response_headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, response_headers, b"".join(chunks), size)


def loopback(base):
    parts = urlsplit(base)
    host = parts.hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"{base}: the benchmark only drives servers on loopback.")
    return host, parts.port or 80


# --- statistics -------------------------------------------------------------------------------


class Stats:
    def __init__(self):
        self.latencies = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.errors = defaultdict(Counter)
        self.sizes = defaultdict(list)
        self.timeline = defaultdict(Counter)  # second -> outcome -> count
        self.samples = {}
        self.tracebacks = 0  # error answers that show a traceback (there must be none)
        self.started = time.monotonic()

    def record(self, label, started, response=None, error=None):
        elapsed = time.monotonic() - started
        second = int(time.monotonic() - self.started)
        if error is not None:
            self.errors[label][type(error).__name__] += 1
            self.timeline[second]["connection error"] += 1
            return
        self.latencies[label].append(elapsed * 1000)
        self.statuses[label][response.status] += 1
        self.sizes[label].append(response.size)
        outcome = (
            "503"
            if response.status == 503
            else f"{response.status // 100}xx"
            if response.status != 304
            else "304"
        )
        self.timeline[second][outcome] += 1
        kind = "html" if "html" in response.headers.get("content-type", "") else "json"
        if response.status >= 500 and b"Traceback" in response.body:
            self.tracebacks += 1
        if response.status >= 500 and f"{response.status} {kind}" not in self.samples:
            self.samples[f"{response.status} {kind}"] = {
                "label": label,
                "content_type": response.headers.get("content-type", ""),
                "retry_after": response.headers.get("retry-after"),
                "body": response.body[:3000].decode("utf-8", "replace"),
            }

    def summary(self, duration):
        out = {}
        for label in sorted(set(self.latencies) | set(self.errors)):
            latencies = sorted(self.latencies[label])
            count = len(latencies)
            out[label] = {
                "requests": count,
                "rps": round(count / duration, 1) if duration else 0,
                "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "p99_ms": round(latencies[min(count - 1, int(count * 0.99))], 1)
                if latencies
                else None,
                "statuses": {str(k): v for k, v in sorted(self.statuses[label].items())},
                "errors": dict(self.errors[label]),
                "mean_bytes": round(statistics.mean(self.sizes[label])) if count else 0,
            }
        return out


async def timed(stats, label, client, method, path, **kwargs):
    started = time.monotonic()
    try:
        response = await client.request(method, path, **kwargs)
    except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError) as exc:
        await client.close()
        stats.record(label, started, error=exc)
        return None
    stats.record(label, started, response)
    return response


# --- measure: closed-loop phases ----------------------------------------------------------------


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pids):
    """User + system CPU time used so far by the processes `pids` (/proc/PID/stat), and the
    pids that were still there to be read."""
    total, alive = 0, []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                # The fields after the command name, which is in parentheses and may hold spaces:
                # utime and stime are the 14th and 15th fields of the line.
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
        alive.append(pid)
    return total / CLOCK_TICKS, alive


async def run_phase(host, port, phase):
    """`phase`: {label, path, headers, concurrency, seconds, warmup, cpu_pids}.

    One request alone first, unmeasured: if the server must build its answer again (a cached
    entry expired, every READ_CACHE_SECONDS), the rebuild happens here, not inside the
    window, where the first requests would all rebuild it at once. With `cpu_pids` (the
    server's processes), the CPU time they spent during the window is reported per request:
    what an answer costs the server, which the other processes on the machine move far less
    than they move requests per second."""
    stats = Stats()
    headers = phase.get("headers", {})
    primer = Client(host, port)
    try:
        await primer.request("GET", phase["path"], headers=headers, keep_body=False)
    except (TimeoutError, OSError, ConnectionError, asyncio.IncompleteReadError):
        pass  # the window below records what goes wrong
    await primer.close()
    deadline = time.monotonic() + phase.get("warmup", 1.0)

    async def loop(stats, until):
        client = Client(host, port)
        while time.monotonic() < until:
            await timed(
                stats,
                phase["label"],
                client,
                "GET",
                phase["path"],
                headers=headers,
                keep_body=False,
            )
        await client.close()

    concurrency = phase.get("concurrency", 8)
    await asyncio.gather(*(loop(Stats(), deadline) for _ in range(concurrency)))
    cpu_before, pids = cpu_seconds(phase.get("cpu_pids", []))
    started = time.monotonic()
    until = started + phase["seconds"]
    await asyncio.gather(*(loop(stats, until) for _ in range(concurrency)))
    duration = time.monotonic() - started
    cpu_after, still = cpu_seconds(pids)
    result = stats.summary(duration)[phase["label"]]
    if pids and still == pids and result["requests"]:
        result["server_cpu_ms"] = round((cpu_after - cpu_before) * 1000 / result["requests"], 3)
    return result


async def measure(base, phases):
    """Each phase in turn, against `base` or the phase's own `base` (two servers measured
    in the same minutes)."""
    results = {}
    for phase in phases:
        host, port = loopback(phase.get("base", base))
        results[phase["label"]] = await run_phase(host, port, phase)
    return results


# --- mixed: the portal's day, with writes -------------------------------------------------------


class Writes:
    """Every acknowledged write (2xx), for the orchestrator to find in the database."""

    def __init__(self):
        self.created = []  # {id, iso_code, activity, marker}
        self.saved = []  # {id, marker, version}
        self.submitted = []  # {id}
        self.accepted = []  # {id}
        self.conflicts_after_retry = 0
        self.retries = Counter()

    def as_dict(self):
        return {
            "created": self.created,
            "saved": self.saved,
            "submitted": self.submitted,
            "accepted": self.accepted,
            "conflicts_after_retry": self.conflicts_after_retry,
            "retries": dict(self.retries),
        }


async def with_retries(stats, writes, label, client, method, path, until, **kwargs):
    """Send a write until it gets an answer that is not an outage (503 or no answer). Returns
    (response, retried)."""
    retried = False
    while time.monotonic() < until + 20:  # let a write begun before the end finish
        response = await timed(stats, label, client, method, path, **kwargs)
        if response is not None and response.status != 503:
            return response, retried
        retried = True
        writes.retries[label] += 1
        await asyncio.sleep(0.3)
    return None, retried


async def conditional_write(
    stats, writes, client, auth, report_id, etag, label, method, path, body, applied_already
):
    """A write sent with `If-Match`, tried up to 20 times through an outage. Without an ETag
    (at first, or after a failed attempt whose answer was lost) the report is read again
    first, for a fresh ETag and to see whether an earlier attempt went through after all
    (`applied_already(report)`). Returns ("written", answer), ("found", the report read), or
    (None, None) when every attempt failed."""
    for _attempt in range(20):
        if etag is None:
            current = await timed(
                stats,
                "read: own report",
                client,
                "GET",
                f"/api/v1/reports/{report_id}/",
                headers=auth,
            )
            if current is None or current.status != 200:
                await asyncio.sleep(0.3)
                continue
            if applied_already(current.json()):
                return "found", current
            etag = current.headers.get("etag")
        response = await timed(
            stats, label, client, method, path, headers={**auth, "If-Match": etag}, body=body
        )
        etag = None
        if response is not None and response.status == 200:
            return "written", response
        writes.retries[label] += 1
        await asyncio.sleep(0.3)
    return None, None


async def focal_point(base, plan, fp, stats, writes, until, rng):
    host, port = loopback(base)
    client = Client(host, port)
    auth = {"Authorization": f"Token {fp['token']}"}
    codes = list(fp["activities"])
    rng.shuffle(codes)
    for code in codes:
        if time.monotonic() >= until:
            break
        marker = f"bench-{uuid.uuid4().hex}"
        body = {
            "cycle": plan["open_cycle"],
            "activity": code,
            "range_state": fp["iso_code"],
            "status": "in_progress",
            "progress": f"First draft {marker}",
            "prefill": False,
        }
        response, retried = await with_retries(
            stats,
            writes,
            "write: start report",
            client,
            "POST",
            "/api/v1/reports/",
            until,
            headers=auth,
            body=body,
        )
        if response is None:
            continue
        if response.status == 409 and retried:
            # The first attempt was applied before the outage cut its answer: find it.
            writes.conflicts_after_retry += 1
            found = await client.request(
                "GET",
                f"/api/v1/reports/?cycle={plan['open_cycle']}&range_state={fp['iso_code']}"
                f"&activity={code}",
                headers=auth,
            )
            results = found.json()["results"] if found.status == 200 else []
            if not results:
                continue
            report = results[0]
            etag = None
        elif response.status == 201:
            report = response.json()
            etag = response.headers.get("etag")
            writes.created.append(
                {"id": report["id"], "iso_code": fp["iso_code"], "activity": code, "marker": marker}
            )
        else:
            continue
        for step in range(2):
            if time.monotonic() >= until:
                break
            save_marker = f"bench-{uuid.uuid4().hex}"
            outcome, answer = await conditional_write(
                stats,
                writes,
                client,
                auth,
                report["id"],
                etag,
                "write: save draft",
                "PATCH",
                f"/api/v1/reports/{report['id']}/",
                {"progress": f"Draft {step + 2} {save_marker}", "results": "Counted."},
                applied_already=lambda data, marker=save_marker: marker in data.get("progress", ""),
            )
            if outcome is None:
                break
            saved = {"id": report["id"], "marker": save_marker, "version": answer.json()["version"]}
            if outcome == "found":
                # The earlier attempt went through, though its answer was lost in the outage:
                # the client knows it now, and so does the check afterwards.
                saved["found_after_retry"] = True
                writes.retries["save found applied after retry"] += 1
                etag = None
            else:
                etag = answer.headers.get("etag")
            writes.saved.append(saved)
            await asyncio.sleep(rng.uniform(0.05, 0.2))  # reading, typing
        else:
            outcome, _ = await conditional_write(
                stats,
                writes,
                client,
                auth,
                report["id"],
                etag,
                "write: submit",
                "POST",
                f"/api/v1/reports/{report['id']}/submit/",
                {},
                applied_already=lambda data: data["state"] != "draft",
            )
            if outcome == "written":
                writes.submitted.append({"id": report["id"]})
    await client.close()


async def secretariat(base, plan, stats, writes, until):
    host, port = loopback(base)
    client = Client(host, port)
    auth = {"Authorization": f"Token {plan['secretariat_token']}"}
    done = set()
    while time.monotonic() < until:
        listing = await timed(
            stats,
            "read: review queue (API)",
            client,
            "GET",
            f"/api/v1/reports/?cycle={plan['open_cycle']}&state=submitted&page_size=20",
            headers=auth,
        )
        if listing is None or listing.status != 200:
            await asyncio.sleep(0.3)
            continue
        pending = [r for r in listing.json()["results"] if r["id"] not in done]
        if not pending:
            await asyncio.sleep(0.3)
            continue
        for report in pending:
            if time.monotonic() >= until:
                break
            current = await timed(
                stats,
                "read: report to review",
                client,
                "GET",
                f"/api/v1/reports/{report['id']}/",
                headers=auth,
            )
            if current is None or current.status != 200:
                continue
            if current.json()["state"] != "submitted":
                done.add(report["id"])
                continue
            response = await timed(
                stats,
                "write: accept",
                client,
                "POST",
                f"/api/v1/reports/{report['id']}/accept/",
                headers={**auth, "If-Match": current.headers.get("etag", "")},
                body={"comment": "Thank you."},
            )
            if response is not None and response.status == 200:
                writes.accepted.append({"id": report["id"]})
                done.add(report["id"])
    await client.close()


async def reader(base, urls, label_prefix, headers, stats, until, rng, conditional=False):
    host, port = loopback(base)
    client = Client(host, port)
    etags = {}
    while time.monotonic() < until:
        label, path = rng.choice(urls)
        request_headers = dict(headers)
        if conditional and path in etags:
            request_headers["If-None-Match"] = etags[path]
        response = await timed(
            stats,
            f"{label_prefix}{label}",
            client,
            "GET",
            path,
            headers=request_headers,
            keep_body=True,
        )
        if response is not None and response.status == 200 and "etag" in response.headers:
            etags[path] = response.headers["etag"]
        if response is None or response.status == 503:
            await asyncio.sleep(0.1)


async def mixed(base, plan, seconds, seed):
    rng = random.Random(seed)
    stats, writes = Stats(), Writes()
    until = time.monotonic() + seconds
    states = plan["range_states"]
    codes = plan["activity_codes"]
    report_ids = plan["accepted_report_ids"]
    pages = [
        ("home", "/"),
        ("activities", "/activities/"),
        ("activity", lambda: f"/activities/{rng.choice(codes)}/"),
        ("range state", lambda: f"/range-states/{rng.choice(states)}/"),
        ("accepted reports", "/reporting/reports/"),
    ]
    api = [
        ("activities", "/api/v1/activities/"),
        ("reports", "/api/v1/reports/"),
        ("report", lambda: f"/api/v1/reports/{rng.choice(report_ids)}/"),
        ("range states", "/api/v1/range-states/"),
    ]

    def fixed(urls, count):
        """Resolve the callables to a fixed sample, so that conditional clients revisit."""
        out = []
        for label, path in urls:
            if callable(path):
                out += [(label, path()) for _ in range(count)]
            else:
                out.append((label, path))
        return out

    partner = {"Authorization": f"Token {plan['partner_token']}"}
    tasks = [reader(base, fixed(pages, 30), "page: ", {}, stats, until, rng) for _ in range(4)]
    tasks += [reader(base, fixed(api, 30), "api: ", partner, stats, until, rng) for _ in range(2)]
    tasks += [
        reader(base, fixed(api, 5), "api 304: ", partner, stats, until, rng, conditional=True)
        for _ in range(2)
    ]
    tasks += [
        focal_point(base, plan, fp, stats, writes, until, random.Random(seed + i))
        for i, fp in enumerate(plan["focal_points"])
    ]
    tasks.append(secretariat(base, plan, stats, writes, until))
    started = time.monotonic()
    await asyncio.gather(*tasks)
    duration = time.monotonic() - started
    timeline = [
        {"second": second, **dict(counts)} for second, counts in sorted(stats.timeline.items())
    ]
    return {
        "duration": round(duration, 1),
        "endpoints": stats.summary(duration),
        "total_requests": sum(len(v) for v in stats.latencies.values()),
        "total_errors": sum(sum(c.values()) for c in stats.errors.values()),
        "timeline": timeline,
        "samples": stats.samples,
        "tracebacks_shown": stats.tracebacks,
        "writes": writes.as_dict(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["measure", "mixed"])
    parser.add_argument("--base", required=True)
    parser.add_argument("--phases")
    parser.add_argument("--plan")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    loopback(args.base)
    if args.mode == "measure":
        with open(args.phases) as f:
            result = asyncio.run(measure(args.base, json.load(f)))
    else:
        with open(args.plan) as f:
            result = asyncio.run(mixed(args.base, json.load(f), args.seconds, args.seed))
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
