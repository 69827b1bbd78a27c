"""The portal under load and faults, end to end, in about 20 minutes (docs/performance.md).

    .venv/bin/python bench/run.py            # everything; writes bench/results/latest.{json,md}
    .venv/bin/python bench/run.py --quick    # shorter phases, no 10x data set (a smoke run)

What it does, on loopback only:
 1. creates its own PostgreSQL database `cami_bench` (127.0.0.1:5432, user postgres; dropped
    and created again on each run), migrates it, loads the programme and generates the
    scaled data set: 14 range states x 121 activities x 10 past cycles of reports;
 2. starts its own Redis (on a free port, no persistence) and gunicorn with gunicorn.conf.py and the
    production settings from the environment (DEBUG off), plus a floor view (bench/urls.py);
 3. from a second process (bench/load.py) measures each endpoint alone, and the floor with a
    body of the same size, and reports each endpoint as a ratio of its floor;
 4. plays a mixed load (visitors, partner scripts, focal points writing, the secretariat
    accepting) and restarts PostgreSQL in the middle of it (--mixed-read-cache: on a gunicorn
    with the public pages' cache on, as in production, when READ_CACHE=0 builds the rest);
    afterwards checks that every acknowledged write is in the database exactly once and that
    no report is half-written;
 5. measures the peak memory growth of a gunicorn worker serving the CSV export of all reports;
 6. grows a copy of the data set tenfold (100 cycles), serves it with a second gunicorn
    beside the first, measures it as in 3., then both sizes in paired rounds in the same
    minutes (the change from normal to 10x as the median of the rounds' changes, without the
    machine's drift between rounds, with the server's CPU time per answer), and the CSV
    export again;
 7. the fault phases (bench/faults.py): a mail outage, Redis down, forged X-Forwarded-For
    and formula injection, each through HTTP while focal points write (--no-faults skips
    them; --faults-only runs steps 1, 2 and 7 alone).
Every phase is bounded in time; the servers it started are stopped at the end, whatever
happens. The PostgreSQL cluster is shared: the restart is the only thing done to it, once.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

# Run as a script (python bench/run.py): the project's root on the path, for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import faults, measure, phases  # noqa: E402
from bench.common import BASE, BASE_10X, ROOT, log  # noqa: E402
from bench.fault_report import fault_report  # noqa: E402
from bench.report import report  # noqa: E402
from bench.servers import Servers  # noqa: E402


def generated(plan):
    """What the results keep of a generated data set."""
    return {"reports": plan["reports"], "generate_seconds": plan["generate_seconds"]}


class Bench:
    """The whole run: its phases in order, and its results (bench/results/latest.*)."""

    def __init__(self, args):
        self.args = args
        self.servers = Servers(args)
        self.results = {
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": " ".join(["bench/run.py", *sys.argv[1:]]),
        }

    def against_floor(self, plan, tag, base=BASE):
        rounds = 2 if self.args.quick else self.args.floor_rounds
        self.results.setdefault("settled_seconds", {})[tag] = measure.settle(self.servers)
        return measure.against_floor(self.servers, plan, tag, rounds, base=base)

    def normal(self):
        """Steps 1 to 5 of the docstring: the normal data set, its servers, its measurements,
        the mixed load with the restart, and the CSV export."""
        servers = self.servers
        servers.database()
        normal = servers.generate(self.args.cycles)
        self.results["normal"] = generated(normal)
        servers.start_servers()
        self.results["normal"]["endpoints"] = self.against_floor(normal, "normal")
        read_cache = servers.env.get("READ_CACHE", "1")
        if self.args.mixed_read_cache:
            # The portal's day as production serves it: the public pages' cache on.
            read_cache = "1"
            servers.restart_gunicorn(READ_CACHE=read_cache)
        self.results["mixed"] = phases.mixed_with_restart(
            servers, normal, self.args.quick, self.args.no_restart
        )
        self.results["mixed"]["read_cache"] = read_cache not in ("0", "false", "no", "off")
        if self.args.mixed_read_cache:
            servers.restart_gunicorn()
        self.results["normal"]["csv_export"] = phases.export_memory(servers, normal, "normal")
        return normal

    def tenfold(self, normal):
        """Step 6: the 10x data set beside the normal one, measured alone and then both sizes
        in the same minutes, and its CSV export."""
        servers = self.servers
        large = servers.tenfold(self.args.cycles * 10)
        self.results["10x"] = generated(large)
        self.results["10x"]["endpoints"] = self.against_floor(large, "10x", base=BASE_10X)
        self.results["comparison"] = measure.compare(servers, normal, self.args.rounds)
        self.results["10x"]["csv_export"] = phases.export_memory(
            servers, large, "10x", env=servers.env_10x
        )

    def finish(self, total_started):
        """The results written, the databases dropped (unless --keep-db), the work removed."""
        self.results["total_seconds"] = round(time.monotonic() - total_started)
        self.results["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
        self.results["cpus"] = os.cpu_count()
        self.results["gunicorn"] = {
            "workers": self.servers.env.get("WEB_CONCURRENCY", "default (2 x cores + 1)"),
            "threads": self.servers.env.get("GUNICORN_THREADS", "1"),
        }
        results_dir = ROOT / "bench" / "results"
        results_dir.mkdir(exist_ok=True)
        (results_dir / "latest.json").write_text(json.dumps(self.results, indent=1))
        (results_dir / "latest.md").write_text(report(self.results) + fault_report(self.results))
        if not self.args.keep_db:
            self.servers.drop_databases()
        self.servers.remove_work()
        log(f"done in {self.results['total_seconds']} s: bench/results/latest.md")

    def faults_only(self):
        """Steps 1 and 2 alone: the data set and its servers, for the fault phases."""
        self.servers.database()
        plan = self.servers.generate(self.args.cycles)
        self.results["faults_data"] = generated(plan)
        self.servers.start_servers()
        return plan

    def main(self):
        total_started = time.monotonic()
        try:
            normal = self.faults_only() if self.args.faults_only else self.normal()
            if not self.args.no_faults:
                self.results["faults"] = faults.run_faults(self.servers, normal, self.args.quick)
            if not (self.args.quick or self.args.faults_only):
                self.tenfold(normal)
        finally:
            self.servers.stop_all()
        self.finish(total_started)


def main():
    parser = argparse.ArgumentParser(description="Load and fault benchmark of the portal.")
    parser.add_argument("--quick", action="store_true", help="short phases, no 10x data")
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument(
        "--rounds", type=int, default=6, help="paired rounds of the normal/10x comparison"
    )
    parser.add_argument(
        "--floor-rounds", type=int, default=4, help="paired rounds of each endpoint and its floor"
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--no-restart", action="store_true", help="leave PostgreSQL alone")
    parser.add_argument("--no-faults", action="store_true", help="skip the fault phases")
    parser.add_argument(
        "--faults-only", action="store_true", help="the data set and the fault phases alone"
    )
    parser.add_argument(
        "--mixed-read-cache",
        action="store_true",
        help="the mixed load with the public pages' cache on (production's default), whatever "
        "READ_CACHE the measured answers are built with",
    )
    parser.add_argument("--web-concurrency", type=int)
    parser.add_argument("--gunicorn-threads", type=int)
    Bench(parser.parse_args()).main()


if __name__ == "__main__":
    main()
