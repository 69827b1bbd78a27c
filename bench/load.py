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
import json
import os
import sys
import time
from pathlib import Path

# Run as a script (python bench/load.py): the project's root on the path, for the bench package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.client import Client, loopback  # noqa: E402
from bench.mixed import mixed  # noqa: E402
from bench.stats import Stats, timed  # noqa: E402

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
