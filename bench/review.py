"""The implementation review of a large cycle: time and memory (docs/review.md).

    .venv/bin/python bench/review.py                 # 14 range states x 121 activities
    .venv/bin/python bench/review.py --rounds 8      # more rounds, for the memory's trend
    .venv/bin/python bench/review.py --keep /tmp/review-bench --only pdf --profile pdf.prof

It makes its own SQLite database in a temporary folder (migrate, load_programme,
generate_scaled_data --cycles 2: two cycles of 1,694 reports each, most of them accepted, so
that the review compares with a previous cycle), then, in one fresh process, builds the review
of the last cycle and renders its PDF and Word document `--rounds` times (English, Russian,
English...), the way the background worker does (reporting/review_document/background.py).
It prints, as each round ends, the wall time and the CPU time (process time: the machine may
be shared, so the wall time says little) per step and the process's resident memory, then the
memory's trend: flat memory means the later rounds end where the earlier ones did. `--keep`
keeps the data set in a folder and reuses it next time; `--profile` writes a cProfile of the
first round's files and prints its heaviest functions. Nothing runs against the project's own
databases.
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
import cProfile, json, resource, sys, time
import django
django.setup()
from django.utils.translation import override
from reporting.models import ReportingCycle
from reporting.review_document.content import build_review
from reporting.review_document.publishing import render, release_memory

rounds, formats, profile_to = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3]


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
print(json.dumps({"start_rss_mib": round(rss_mib(), 1)}), flush=True)
for number in range(rounds):
    language = ("en", "ru")[number % 2]
    steps = []
    with override(language):
        content = timed(steps, f"content {language}", lambda: build_review(cycle))
    profiler = cProfile.Profile() if profile_to and number == 0 else None
    for fmt in formats:
        if profiler:
            profiler.enable()
        data = timed(steps, f"{fmt} {language}", lambda: render(content, fmt))
        if profiler:
            profiler.disable()
        steps[-1]["bytes"] = len(data)
        del data
    if profiler:
        profiler.dump_stats(profile_to)
    del content
    release_memory()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"round": number + 1, "steps": steps, "rss_mib": round(rss_mib(), 1),
                      "peak_rss_mib": round(peak, 1), "reports": reports}), flush=True)
"""


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=["pdf", "docx"], help="one format only")
    parser.add_argument("--keep", type=Path, help="a folder that keeps the data set")
    parser.add_argument("--profile", type=Path, help="where to write the first round's profile")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="cami-review-bench-") as folder:
            measure(args, Path(folder))


def measure(args, folder):
    database = folder / "review.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cami_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "localhost",
    }
    if not (folder / "ready").exists():
        started = time.perf_counter()
        database.unlink(missing_ok=True)
        for command in (["migrate", "-v0"], ["createcachetable"], ["load_programme", "-v0"],
                        ["generate_scaled_data", "--cycles", "2"]):  # fmt: skip
            run([PYTHON, "manage.py", *command], env, stdout=subprocess.DEVNULL)
        (folder / "ready").touch()
        print(f"data set ready in {time.perf_counter() - started:.0f} s", flush=True)
    formats = [args.only] if args.only else ["pdf", "docx"]
    profile = str(args.profile.resolve()) if args.profile else ""
    measuring = subprocess.Popen(
        [PYTHON, "-c", MEASURE, str(args.rounds), ",".join(formats), profile],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    memory = []
    for line in measuring.stdout:
        result = json.loads(line)
        if "start_rss_mib" in result:
            print(f"resident memory once Django is set up: {result['start_rss_mib']} MiB")
            continue
        memory.append(result["rss_mib"])
        show(result)
    if measuring.wait() != 0:
        raise SystemExit(f"the measuring process failed ({measuring.returncode})")
    growth = [round(b - a, 1) for a, b in zip(memory, memory[1:], strict=False)]
    print(f"resident memory after each round (MiB): {memory}; growth per round: {growth}")
    if args.profile:
        import pstats

        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


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
