"""After the mixed load: is every acknowledged write in the database exactly once, and is no
report half-written? Prints JSON. Run by bench/run.py with the benchmark's environment.

    python bench/verify.py writes.json
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from reporting.choices import ReportState  # noqa: E402
from reporting.models import RangeStateActivityStatus, Report, ReportTransition  # noqa: E402


def created_once(writes, reports):
    """Each acknowledged creation: one row, once, with what was sent, and its first step."""
    problems = []
    created_ids = Counter(w["id"] for w in writes["created"])
    for write in writes["created"]:
        report = reports.get(write["id"])
        if report is None:
            problems.append(f"created report {write['id']} is missing")
            continue
        if created_ids[write["id"]] != 1:
            problems.append(f"report {write['id']} acknowledged as created twice")
        same = [
            r
            for r in reports.values()
            if r.activity.code == write["activity"] and r.range_state.iso_code == write["iso_code"]
        ]
        if len(same) != 1:
            problems.append(f"{len(same)} reports for {write['iso_code']} {write['activity']}")
    return problems


def saves_kept(writes, reports):
    """Each acknowledged save: the last one per report is what the report holds."""
    problems = []
    last_saved = {}
    for write in writes["saved"]:
        last_saved[write["id"]] = write
    for report_id, write in last_saved.items():
        report = reports.get(report_id)
        if report is None:
            problems.append(f"saved report {report_id} is missing")
        elif write["marker"] not in report.progress:
            problems.append(f"report {report_id}: last acknowledged save not found")
    versions = Counter((w["id"], w["version"]) for w in writes["saved"])
    problems += [
        f"report {rid}: version {v} acknowledged twice" for (rid, v), n in versions.items() if n > 1
    ]
    return problems


def steps_once(writes, reports, count):
    """Each acknowledged submission and acceptance: exactly one step in the history."""
    problems = []
    for write in writes["submitted"]:
        n = count(write["id"], ReportState.DRAFT, ReportState.SUBMITTED)
        if n != 1:
            problems.append(f"report {write['id']}: {n} submissions recorded for one")
    for write in writes["accepted"]:
        report = reports.get(write["id"])
        n = count(write["id"], ReportState.SUBMITTED, ReportState.ACCEPTED)
        if n != 1:
            problems.append(f"report {write['id']}: {n} acceptances recorded for one")
        if report is None or report.state != ReportState.ACCEPTED:
            problems.append(f"report {write['id']}: accepted but not in the accepted state")
            continue
        status = RangeStateActivityStatus.objects.filter(
            activity_id=report.activity_id, range_state_id=report.range_state_id
        ).first()
        if status is None or status.report_id != report.pk:
            problems.append(f"report {report.pk}: the status per range state does not follow it")
    return problems


def none_half_written(reports, count):
    """No half-written report: every report of the cycle is whole, whatever was acknowledged."""
    problems = []
    for report in reports.values():
        if count(report.pk, "", ReportState.DRAFT) != 1:
            problems.append(f"report {report.pk}: no (or several) starting step")
        if report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
            if (
                report.submitted_at is None
                or count(report.pk, ReportState.DRAFT, ReportState.SUBMITTED) != 1
            ):
                problems.append(f"report {report.pk}: submitted without its step")
        if (
            report.state == ReportState.ACCEPTED
            and count(report.pk, ReportState.SUBMITTED, ReportState.ACCEPTED) != 1
        ):
            problems.append(f"report {report.pk}: accepted without its step")
        if report.state == ReportState.DRAFT and count(
            report.pk, ReportState.DRAFT, ReportState.SUBMITTED
        ):
            problems.append(f"report {report.pk}: a draft with a submission step")
    return problems


def verify(plan, writes):
    cycle = plan["open_cycle"]
    reports = {
        r.pk: r
        for r in Report.objects.filter(cycle_id=cycle).select_related("activity", "range_state")
    }
    transitions = Counter(
        ReportTransition.objects.filter(report__cycle_id=cycle).values_list(
            "report_id", "from_state", "to_state"
        )
    )

    def count(report_id, from_state, to_state):
        return transitions[(report_id, from_state, to_state)]

    problems = created_once(writes, reports)
    problems += saves_kept(writes, reports)
    problems += steps_once(writes, reports, count)
    problems += none_half_written(reports, count)
    states = Counter(r.state for r in reports.values())
    acknowledged = {k: len(v) for k, v in writes.items() if isinstance(v, list)}
    summary = (
        f"{len(reports)} reports in the open cycle ({dict(states)}); acknowledged writes "
        f"{acknowledged} all found exactly once; {len(problems)} problem(s)"
        if not problems
        else f"{len(problems)} problem(s): {problems[:5]}"
    )
    return {"problems": problems, "summary": summary, "states": dict(states)}


def main():
    data = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(verify(data["plan"], data["writes"])))


if __name__ == "__main__":
    main()
