"""The portal's day at once, for the benchmark's load generator (bench/load.py mixed):
visitors on the public pages, partner scripts reading the API (half of them with conditional
requests), national focal points starting reports, saving drafts and submitting, and the
secretariat accepting. Every acknowledged write is kept for the orchestrator to check against
the database."""

import asyncio
import random
import time
import uuid
from collections import Counter

from bench.client import Client, loopback
from bench.stats import Stats, timed


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


async def read_report(stats, label, client, report_id, auth):
    return await timed(stats, label, client, "GET", f"/api/v1/reports/{report_id}/", headers=auth)


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
            current = await read_report(stats, "read: own report", client, report_id, auth)
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


class FocalPoint:
    """A national focal point: for each of its activities in turn, a report started, two
    drafts saved and the report submitted, through the outage if need be."""

    def __init__(self, base, plan, fp, stats, writes, until, rng):
        self.base, self.plan, self.fp = base, plan, fp
        self.stats, self.writes, self.until, self.rng = stats, writes, until, rng
        self.auth = {"Authorization": f"Token {fp['token']}"}

    async def run(self):
        host, port = loopback(self.base)
        self.client = Client(host, port)
        codes = list(self.fp["activities"])
        self.rng.shuffle(codes)
        for code in codes:
            if time.monotonic() >= self.until:
                break
            report, etag = await self.start_report(code)
            if report is None:
                continue
            saved, etag = await self.save_drafts(report, etag)
            if saved:
                await self.submit(report, etag)
        await self.client.close()

    async def start_report(self, code):
        """A report started for activity `code`. Returns the report and its ETag (None if
        unknown), or (None, None) when there is no report to go on with."""
        plan, iso_code, writes = self.plan, self.fp["iso_code"], self.writes
        marker = f"bench-{uuid.uuid4().hex}"
        body = {
            "cycle": plan["open_cycle"],
            "activity": code,
            "range_state": iso_code,
            "status": "in_progress",
            "progress": f"First draft {marker}",
            "prefill": False,
        }
        response, retried = await with_retries(
            self.stats,
            writes,
            "write: start report",
            self.client,
            "POST",
            "/api/v1/reports/",
            self.until,
            headers=self.auth,
            body=body,
        )
        if response is None:
            return None, None
        if response.status == 409 and retried:
            # The first attempt was applied before the outage cut its answer: find it.
            writes.conflicts_after_retry += 1
            found = await self.client.request(
                "GET",
                f"/api/v1/reports/?cycle={plan['open_cycle']}&range_state={iso_code}"
                f"&activity={code}",
                headers=self.auth,
            )
            results = found.json()["results"] if found.status == 200 else []
            if not results:
                return None, None
            return results[0], None
        if response.status == 201:
            report = response.json()
            writes.created.append(
                {"id": report["id"], "iso_code": iso_code, "activity": code, "marker": marker}
            )
            return report, response.headers.get("etag")
        return None, None

    async def write(self, report, etag, label, method, path, body, applied_already):
        return await conditional_write(
            self.stats,
            self.writes,
            self.client,
            self.auth,
            report["id"],
            etag,
            label,
            method,
            path,
            body,
            applied_already,
        )

    async def save_drafts(self, report, etag):
        """Two drafts of `report` saved, one after the other. Returns whether both were saved,
        and the ETag to go on with (None if unknown)."""
        path = f"/api/v1/reports/{report['id']}/"
        for step in range(2):
            if time.monotonic() >= self.until:
                return False, etag
            marker = f"bench-{uuid.uuid4().hex}"
            body = {"progress": f"Draft {step + 2} {marker}", "results": "Counted."}
            outcome, answer = await self.write(
                report, etag, "write: save draft", "PATCH", path, body,
                applied_already=lambda data, marker=marker: marker in data.get("progress", ""),
            )  # fmt: skip
            if outcome is None:
                return False, etag
            saved = {"id": report["id"], "marker": marker, "version": answer.json()["version"]}
            if outcome == "found":
                # The earlier attempt went through, though its answer was lost in the outage:
                # the client knows it now, and so does the check afterwards.
                saved["found_after_retry"] = True
                self.writes.retries["save found applied after retry"] += 1
                etag = None
            else:
                etag = answer.headers.get("etag")
            self.writes.saved.append(saved)
            await asyncio.sleep(self.rng.uniform(0.05, 0.2))  # reading, typing
        return True, etag

    async def submit(self, report, etag):
        path = f"/api/v1/reports/{report['id']}/submit/"
        outcome, _ = await self.write(
            report, etag, "write: submit", "POST", path, {},
            applied_already=lambda data: data["state"] != "draft",
        )  # fmt: skip
        if outcome == "written":
            self.writes.submitted.append({"id": report["id"]})


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
            current = await read_report(stats, "read: report to review", client, report["id"], auth)
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


def readers(base, plan, stats, until, rng):
    """The visitors on the public pages and the partner scripts reading the API, half of them
    with conditional requests."""
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
    return tasks


async def mixed(base, plan, seconds, seed):
    rng = random.Random(seed)
    stats, writes = Stats(), Writes()
    until = time.monotonic() + seconds
    tasks = readers(base, plan, stats, until, rng)
    tasks += [
        FocalPoint(base, plan, fp, stats, writes, until, random.Random(seed + i)).run()
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
