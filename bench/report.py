"""The benchmark's figures as Markdown (bench/results/latest.md), for docs/performance.md."""

from bench.common import SLOW


def data_set(name, data):
    """A data set's endpoints against their floors, and its CSV export."""
    lines = [
        f"### {name} data set: {data['reports']:,} reports",
        "",
        "Medians of paired rounds (the endpoint and its floor one right after the other);",
        "ratio: median of the rounds' ratios, their range beside it.",
        "",
        "| endpoint | bytes | rps | p50 ms | p99 ms | floor rps | ratio | rounds | statuses |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for label, row in data["endpoints"].items():
        if row.get("too_slow"):
            lines.append(f"| {label} | – | no answer within {SLOW} s | | | | 0 | | |")
            continue
        lines.append(
            f"| {label} | {row['bytes']} | {row['rps']} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {row['floor_rps']} | {row['ratio']} | "
            f"{row['ratio_min']} to {row['ratio_max']} | {row['statuses']} "
            f"{row['errors'] or ''} |"
        )
    export = data["csv_export"]
    lines += [
        "",
        f"CSV export of all reports: {export['rows']:,} rows, "
        f"{export['megabytes_sent']} MB in {export['seconds']} s; worker RSS "
        f"{export['rss_before_mb']} MB before, peak {export['peak_rss_mb']} MB "
        f"(growth {export['peak_growth_mb']} MB)",
        "",
    ]
    return lines


def throughput(results):
    """Each endpoint's throughput and ratio on the two data sets, each measured on its own."""
    lines = [
        "### 10x / normal throughput",
        "",
        "rps: requests per second as measured; ratio: the same against the floor measured",
        "in the same minutes (what the machine's own ups and downs do not move).",
        "",
        "| endpoint | normal rps | 10x rps | change | normal ratio | 10x ratio | change |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def change(before, after):
        return f"{(after - before) / before * 100:+.0f} %" if before and after else "–"

    for label, row in results["normal"]["endpoints"].items():
        large = results["10x"]["endpoints"].get(label)
        if large:
            lines.append(
                f"| {label} | {row['rps']} | {large['rps']} | "
                f"{change(row['rps'], large['rps'])} | {row['ratio']} | {large['ratio']} | "
                f"{change(row['ratio'], large['ratio'])} |"
            )
    lines.append("")
    return lines


def same_minutes(comparison):
    """The two data sets in paired rounds in the same minutes."""
    rounds = next(iter(comparison.values()))["rounds"]
    lines = [
        "### normal and 10x in the same minutes",
        "",
        f"Both data sets served side by side (two gunicorns), {rounds} paired rounds: in each",
        "round the two servers answer the same endpoint one after the other (the order",
        "alternating between rounds). change: median of the rounds' changes (their range",
        "beside it); rps: median of the rounds; CPU: the server's CPU time per answer",
        "(gunicorn's processes and Redis), median of the rounds.",
        "",
        "| endpoint | normal rps | 10x rps | change | rounds | CPU ms normal | CPU ms 10x "
        "| CPU change | statuses |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]

    def percent(value):
        return f"{value:+.0%}" if value is not None else "–"

    for label, row in comparison.items():
        lines.append(
            f"| {label} | {row['normal_rps']} | {row['10x_rps']} | {percent(row['change'])} | "
            f"{percent(row['change_min'])} to {percent(row['change_max'])} | "
            f"{row['normal_cpu_ms']} | {row['10x_cpu_ms']} | {percent(row['cpu_change'])} | "
            f"{row['statuses']} |"
        )
    lines.append("")
    return lines


def mixed_load(mixed):
    """The mixed load: its endpoints, its timeline around the restart, the check of the
    writes, and a sample of each kind of error answer."""
    lines = [
        f"### Mixed load with a PostgreSQL restart ({mixed['duration']} s)",
        "",
        f"PostgreSQL restart: {mixed['restart']}",
        "",
        "| endpoint | requests | rps | p50 ms | p99 ms | statuses | errors |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for label, row in mixed["endpoints"].items():
        lines.append(
            f"| {label} | {row['requests']} | {row['rps']} | {row['p50_ms']} | "
            f"{row['p99_ms']} | {row['statuses']} | {row['errors'] or ''} |"
        )
    lines += ["", "Timeline (answers per second):", "", "```"]
    for entry in mixed["timeline"]:
        second = entry.pop("second")
        lines.append(f"{second:3d}s " + ", ".join(f"{k} {v}" for k, v in sorted(entry.items())))
    lines += ["```", "", f"Verification: {mixed['verification']['summary']}", ""]
    lines += [f"Error answers that show a traceback: {mixed['tracebacks_shown']}", ""]
    for key, sample in sorted(mixed["samples"].items()):
        lines += [
            f"A {key} answer during the restart ({sample['label']}, "
            f"{sample['content_type']}, Retry-After {sample['retry_after']}):",
            "",
            "```",
            sample["body"][:1200].strip(),
            "```",
            "",
        ]
    return lines


def report(results):
    """The figures as Markdown, for docs/performance.md."""
    lines = [f"Run {results['started']}: `{results['command']}` ({results['total_seconds']} s)", ""]
    sets = [name for name in ("normal", "10x") if name in results]
    for name in sets:
        lines += data_set(name, results[name])
    if len(sets) == 2:
        lines += throughput(results)
    comparison = results.get("comparison")
    if comparison:
        lines += same_minutes(comparison)
    mixed = results.get("mixed")
    if mixed:
        lines += mixed_load(mixed)
    return "\n".join(lines)
