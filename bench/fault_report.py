"""The fault phases' findings (bench/faults.py) as Markdown, appended to
bench/results/latest.md for docs/performance.md's "Faults"."""

import json


def _text(value):
    """A cell's text as JSON (a tab or a carriage return shows), or "missing"."""
    return "missing" if value is None else f"`{json.dumps(value, ensure_ascii=False)}`"


def _writes(writes):
    return (
        f"acknowledged {writes['acknowledged']}; found exactly once: "
        f"{'yes' if not writes['problems'] else 'NO'} ({len(writes['problems'])} problem(s)"
        f"{': ' + '; '.join(writes['problems'][:5]) if writes['problems'] else ''})"
    )


def _mail(mail):
    delivered = mail["delivered"]
    return [
        f"### Mail outage ({mail['seconds']} s of load) — survived: {mail['ok']}",
        "",
        f"- Answers: {mail['load']}",
        f"- Writes: {_writes(mail['writes'])}; latency of every write {mail['write_latency']}",
        f"- Notifying writes alone, the mail server hanging (ms; a request waiting for it would "
        f"take {mail['email_timeout_ms']} ms at least): {mail['notifying_writes_alone_ms']}",
        f"- E-mails: {mail['notifying_writes']} notifying writes acknowledged, "
        f"{mail['queued_during_outage']} e-mails queued; outbox after the outage "
        f"{mail['outbox_during']}",
        f"- Delivered afterwards to a working mail server: {delivered['received']} in "
        f"{delivered['seconds']} s ({delivered['distinct_message_ids']} distinct Message-IDs, "
        f"{mail['delivered_twice']} twice); outbox then {mail['outbox_after']}",
        "",
    ]


def _redis(redis):
    return [
        f"### Redis down ({redis['seconds']} s of load) — survived: {redis['ok']}",
        "",
        f"- Events: {redis['events']}",
        f"- Answers while Redis was down, by outcome: {redis['answers_while_down']}",
        f"- Answers of the whole phase: {redis['load']}",
        f"- Sign-ins while down: {redis['sign_ins_while_down']}",
        f"- Writes: {_writes(redis['writes'])}; latency {redis['write_latency']}",
        "",
    ]


def _proxies(proxies):
    lines = [f"### Forwarded headers — survived: {proxies['ok']}", ""]
    for name, case in proxies.items():
        if name != "ok":
            lines.append(
                f"- API_NUM_PROXIES {name}: 30 anonymous API requests, each with a new "
                f"X-Forwarded-For: {case['api_statuses']} (first 429 at request "
                f"{case['first_429_at_request']}); 5 wrong passwords then the right one, each "
                f"from a new forged address: {case['sign_in_answers']}"
            )
    return [*lines, ""]


def _formulas(formulas):
    lines = [
        f"### Formula injection — survived: {formulas['ok']}",
        "",
        f"Exports {formulas['statuses']}; formula cells in the XLSX: "
        f"{formulas['xlsx_formula_cells'] or 'none'}",
        "",
        "| starts with | field | sent | stored | cycle XLSX | cycle CSV | API CSV |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in formulas["cells"]:
        cells = [
            f"{_text(row[name])} {'escaped' if row[f'{name} escaped'] else 'NOT ESCAPED'}"
            for name in ("cycle XLSX", "cycle CSV", "API CSV")
        ]
        lines.append(f"| {row['starts with']} | {row['field']} | {_text(row.get('sent'))} | "
                     f"{_text(row['stored'])} | "
                     + " | ".join(cells) + " |")  # fmt: skip
    return [*lines, ""]


def fault_report(results):
    faults = results.get("faults")
    if not faults:
        return ""
    lines = ["", "## Faults", "", f"Survived: {faults['survived']}", ""]
    lines += _mail(faults["mail_outage"])
    lines += _redis(faults["redis_down"])
    lines += _proxies(faults["forwarded_headers"])
    lines += _formulas(faults["formula_injection"])
    return "\n".join(lines)
