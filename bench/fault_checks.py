"""The database side of the fault phases (bench/faults.py), run with the benchmark's
environment; prints JSON.

    python bench/fault_checks.py addresses          # e-mail addresses for the bench's accounts
    python bench/fault_checks.py outbox             # the outbox now: queued, deferred, log
    python bench/fault_checks.py returned IDS.json  # each acknowledged return recorded once
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

from django.contrib.auth import get_user_model  # noqa: E402
from mailer.models import RESULT_FAILURE, RESULT_SUCCESS, Message, MessageLog  # noqa: E402

from reporting.choices import ReportState  # noqa: E402
from reporting.models import ReportTransition  # noqa: E402

DOMAIN = "bench.invalid"


def addresses():
    """The generated accounts get an address each (the secretariat's notifications go to
    reviewers with one, the authors' to the author's), so that every write that notifies
    queues a message."""
    users = get_user_model().objects.filter(username__startswith="bench-")
    for user in users:
        user.email = f"{user.username}@{DOMAIN}"
        user.save(update_fields=["email"])
    return {"accounts": users.count()}


def outbox():
    """The outbox as the admin shows it: waiting, deferred, and every attempt's outcome.
    `message_ids` are the Message-IDs of the messages still waiting (set by a failed attempt)."""
    failures = MessageLog.objects.filter(result=RESULT_FAILURE)
    return {
        "waiting": Message.objects.count(),
        "queued": Message.objects.non_deferred().count(),
        "deferred": Message.objects.deferred().count(),
        "log_success": MessageLog.objects.filter(result=RESULT_SUCCESS).count(),
        "log_failure": failures.count(),
        "failure_reasons": dict(
            Counter(log.log_message.split(":")[0] for log in failures.only("log_message"))
        ),
        "sent_message_ids": sorted(
            MessageLog.objects.filter(result=RESULT_SUCCESS)
            .exclude(message_id=None)
            .values_list("message_id", flat=True)
        ),
    }


def returned(ids):
    """Each acknowledged return: exactly one step from submitted to returned."""
    steps = Counter(
        ReportTransition.objects.filter(
            report_id__in=ids, from_state=ReportState.SUBMITTED, to_state=ReportState.RETURNED
        ).values_list("report_id", flat=True)
    )
    problems = [
        f"report {pk}: {steps[pk]} returns recorded for one" for pk in ids if steps[pk] != 1
    ]
    return {"returned": len(ids), "problems": problems}


def main():
    command = sys.argv[1]
    if command == "addresses":
        result = addresses()
    elif command == "outbox":
        result = outbox()
    elif command == "returned":
        result = returned(json.loads(Path(sys.argv[2]).read_text()))
    else:
        raise SystemExit(f"unknown command {command}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
