"""The load the fault phases play (bench/faults.py), over loopback HTTP: the mixed load's
visitors, partner scripts and focal points (bench/mixed.py), a secretariat that returns one
submitted report and accepts the next, people signing in through the login form, and the
fault itself started and ended at given seconds of the load."""

import asyncio
import http.client
import json
import random
import re
import time
from urllib.parse import urlencode

from bench.client import Client, loopback
from bench.mixed import FocalPoint, Writes, read_report, readers
from bench.stats import Stats, timed

LOGIN = "/accounts/login/"
_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _cookies(response, jar):
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def _send(connection, method, path, jar, body=None, headers=None):
    headers = dict(headers or {})
    if jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    _cookies(response, jar)
    return response.status, response.getheader("Location", ""), text


def signed_in(base, username, password, headers=None):
    """Signs in through the login form as a browser does (the page, its CSRF token, the
    form). Returns the answers' statuses and the cookies (the session's, if signed in)."""
    host, port = loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=20)
    jar = {}
    try:
        status, _, page = _send(connection, "GET", LOGIN, jar, headers=headers)
        token = _CSRF_FIELD.search(page)
        if status != 200 or token is None:
            return {"page": status}, jar
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token[1]}
        )
        posted, location, _ = _send(connection, "POST", LOGIN, jar, form, headers=headers)
        result = {"page": status, "form": posted}
        if posted == 302 and location.startswith(LOGIN):
            result["form"] = "back to the login"
        return result, jar
    except (OSError, http.client.HTTPException) as error:
        return {"error": type(error).__name__}, jar
    finally:
        connection.close()


def get(base, path, jar=None, headers=None):
    """One GET with the cookies of `jar`: status, headers, body (bytes)."""
    host, port = loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = dict(headers or {})
    if jar:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def sign_in(base, username, password):
    """Signs in, then opens "My reports" with the session: the answers' statuses."""
    result, jar = signed_in(base, username, password)
    if result.get("form") == 302 and "sessionid" in jar:
        try:
            result["mine"] = get(base, "/reporting/mine/", jar)[0]
        except (OSError, http.client.HTTPException) as error:
            result["mine"] = type(error).__name__
    return result


async def reviewer(base, plan, stats, writes, until, returned):
    """The secretariat: returns one submitted report of the open cycle, accepts the next."""
    client = Client(*loopback(base))
    auth = {"Authorization": f"Token {plan['secretariat_token']}"}
    done, turn = set(), 0
    while time.monotonic() < until:
        listing = await timed(
            stats, "read: review queue (API)", client, "GET",
            f"/api/v1/reports/?cycle={plan['open_cycle']}&state=submitted&page_size=20",
            headers=auth,
        )  # fmt: skip
        pending = []
        if listing is not None and listing.status == 200:
            pending = [r for r in listing.json()["results"] if r["id"] not in done]
        if not pending:
            await asyncio.sleep(0.3)
            continue
        for report in pending[:4]:
            if time.monotonic() >= until:
                break
            current = await read_report(stats, "read: report to review", client, report["id"], auth)
            done.add(report["id"])
            if current is None or current.status != 200 or current.json()["state"] != "submitted":
                continue
            action = "return" if turn % 2 == 0 else "accept"
            response = await timed(
                stats, f"write: {action}", client, "POST",
                f"/api/v1/reports/{report['id']}/{action}/",
                headers={**auth, "If-Match": current.headers.get("etag", "")},
                body={"comment": "Please give the figures." if action == "return" else "Thanks."},
            )  # fmt: skip
            if response is not None and response.status == 200:
                turn += 1
                (returned if action == "return" else writes.accepted).append({"id": report["id"]})
    await client.close()


async def signing_in(base, account, password, until, every, log):
    """Someone signs in every `every` seconds; each attempt's second and statuses."""
    started = time.monotonic()
    while time.monotonic() < until:
        at = round(time.monotonic() - started, 1)
        result = await asyncio.to_thread(sign_in, base, account, password)
        log.append({"at": at, **result})
        await asyncio.sleep(every)


async def events(schedule, log):
    """Runs each (second, name, action) of `schedule` at its second from now (the action
    blocks: it runs in a thread); logs when each began and ended."""
    started = time.monotonic()
    for at, name, action in schedule:
        await asyncio.sleep(max(0.0, at - (time.monotonic() - started)))
        began = time.monotonic() - started
        await asyncio.to_thread(action)
        log.append({"event": name, "at": round(began, 1),
                    "done_at": round(time.monotonic() - started, 1)})  # fmt: skip


def window(stats, start, end):
    """The answers given from second `start` to second `end` of the load, by outcome."""
    counts = {}
    for second, outcomes in stats.timeline.items():
        if start <= second < end:
            for outcome, n in outcomes.items():
                counts[outcome] = counts.get(outcome, 0) + n
    return dict(sorted(counts.items()))


async def fault_load(base, plan, seconds, schedule, *, sign_in_as, password, seed=11, writers=6):
    """The load for `seconds`, with the fault's `schedule` (bench/faults.py) played at once.
    Returns its statistics (by label, by second), every acknowledged write, the events' times
    and the sign-in attempts."""
    rng = random.Random(seed)
    stats, writes, returned = Stats(), Writes(), []
    until = time.monotonic() + seconds
    event_log, sign_ins = [], []
    tasks = readers(base, plan, stats, until, rng)
    focal_points = plan["focal_points"][:writers]
    tasks += [
        FocalPoint(base, plan, fp, stats, writes, until, random.Random(seed + i)).run()
        for i, fp in enumerate(focal_points)
    ]
    tasks.append(reviewer(base, plan, stats, writes, until, returned))
    tasks.append(signing_in(base, sign_in_as, password, until, 1.5, sign_ins))
    tasks.append(events(schedule, event_log))
    started = time.monotonic()
    await asyncio.gather(*tasks)
    duration = time.monotonic() - started
    return {
        "duration": round(duration, 1),
        "stats": stats,
        "endpoints": stats.summary(duration),
        "total_requests": sum(len(v) for v in stats.latencies.values()),
        "connection_errors": sum(sum(c.values()) for c in stats.errors.values()),
        "tracebacks_shown": stats.tracebacks,
        "writes": {**writes.as_dict(), "returned": returned},
        "events": event_log,
        "sign_ins": sign_ins,
    }


def api_call(base, method, path, token, body=None, etag=None):
    """One API request with a token, alone: (status, ETag, JSON answer, seconds)."""
    host, port = loopback(base)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    if etag:
        headers["If-Match"] = etag
    started = time.monotonic()
    try:
        connection.request(method, path, body=json.dumps(body or {}) if method != "GET" else None,
                           headers=headers)  # fmt: skip
        response = connection.getresponse()
        data = response.read()
        seconds = time.monotonic() - started
        answer = json.loads(data) if data.startswith((b"{", b"[")) else None
        return response.status, response.getheader("ETag"), answer, seconds
    finally:
        connection.close()
