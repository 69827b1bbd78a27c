"""python manage.py send_queued_mail [--once] [--interval SECONDS] — the outbox's worker
(core/outbox.py): sends the queued e-mail and retries deferred mail every
MAIL_RETRY_MINUTES, until stopped (SIGTERM or Ctrl-C). `make run` starts it beside the
development server; in production a systemd unit runs it (docs/deploy/cami-portal-mail.service).
With --once: retry the deferred mail, send the queue once, and stop (for cron or a timer)."""

import signal

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = "Send the queued e-mail, retrying what failed (runs until stopped, or --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="seconds between passes (default 10)"
        )

    def handle(self, *args, once=False, interval=10.0, **options):
        worker = outbox.Worker(interval=interval, retry_minutes=0 if once else None)
        if once:
            worker.run_once()
        else:
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, worker.stop)
            self.stdout.write(f"Sending the queued e-mail every {interval:g} s (Ctrl-C stops).")
            worker.run()
        counts = outbox.queue_counts()
        self.stdout.write(f"{counts['queued']} queued, {counts['deferred']} deferred.")
