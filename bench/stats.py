"""What the benchmark's load generator counts (bench/load.py): latencies, statuses and
errors per label, answers per second, and a sample of each kind of error answer."""

import asyncio
import statistics
import time
from collections import Counter, defaultdict


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
