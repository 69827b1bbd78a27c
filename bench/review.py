"""The implementation review of a large cycle: time and memory (docs/review.md).

    .venv/bin/python bench/review.py                 # 14 range states x 121 activities
    .venv/bin/python bench/review.py --rounds 4      # more rounds, for the memory's trend

It makes its own SQLite database in a temporary folder (migrate, load_programme,
generate_scaled_data --cycles 2: two cycles of 1,694 accepted reports each, so that the review
compares with a previous cycle), then, in one fresh process, builds the review of the last
cycle and renders its PDF and Word document `--rounds` times (English, Russian, English...).
It prints, as each round ends, the wall time and CPU time per step and the process's resident
memory: flat memory means the later rounds end where the first one did. Nothing runs against
the project's own databases; the temporary folder is removed at the end.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

MEASURE = r"""
import gc, json, resource, sys, time
import django
django.setup()
from django.utils.translation import override
from reporting.models import ReportingCycle
from reporting.review_document.content import build_review
from reporting.review_document.pdf import render_pdf
from reporting.review_document.word import render_docx


def rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(results, name, function):
    wall, cpu = time.perf_counter(), time.process_time()
    value = function()
    results.append({"step": name, "wall_s": round(time.perf_counter() - wall, 2),
                    "cpu_s": round(time.process_time() - cpu, 2)})
    return value


cycle = ReportingCycle.objects.filter(name__startswith="Scaled cycle").order_by("-deadline")[0]
reports = cycle.reports.filter(state="accepted").count()
for number in range(int(sys.argv[1])):
    language = ("en", "ru")[number % 2]
    steps = []
    with override(language):
        content = timed(steps, f"content {language}", lambda: build_review(cycle))
    pdf = timed(steps, f"pdf {language}", lambda: render_pdf(content))
    word = timed(steps, f"docx {language}", lambda: render_docx(content))
    steps[-1]["bytes"], steps[-2]["bytes"] = len(word), len(pdf)
    del content, pdf, word
    gc.collect()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"round": number + 1, "steps": steps, "rss_mib": round(rss_mib(), 1),
                      "peak_rss_mib": round(peak, 1), "reports": reports}), flush=True)
"""


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cami-review-bench-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'review.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "cami_portal.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
            "ALLOWED_HOSTS": "localhost",
        }
        started = time.perf_counter()
        for command in (["migrate", "-v0"], ["createcachetable"], ["load_programme", "-v0"],
                        ["generate_scaled_data", "--cycles", "2"]):  # fmt: skip
            run([PYTHON, "manage.py", *command], env, stdout=subprocess.DEVNULL)
        print(f"data set ready in {time.perf_counter() - started:.0f} s", flush=True)
        measuring = subprocess.Popen(
            [PYTHON, "-c", MEASURE, str(args.rounds)], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        for line in measuring.stdout:
            show(json.loads(line))
        if measuring.wait() != 0:
            raise SystemExit(f"the measuring process failed ({measuring.returncode})")


def show(result):
    """One round, as it ends."""
    print(f"round {result['round']}: {result['reports']} accepted reports; "
          f"resident memory after the round {result['rss_mib']} MiB "
          f"(peak {result['peak_rss_mib']} MiB)")  # fmt: skip
    for step in result["steps"]:
        size = f", {step['bytes'] / 1e6:.1f} MB" if "bytes" in step else ""
        print(f"  {step['step']:<11} {step['wall_s']:>7.2f} s wall {step['cpu_s']:>7.2f} s CPU"
              f"{size}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
