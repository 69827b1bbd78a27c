from django.core.management.base import BaseCommand, CommandError

from reporting.services import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail the focal points who still have reports missing in a cycle whose deadline is "
        "N days away (default: 14 and 3). Meant to run daily from cron; each reminder is sent "
        "once, however often the command runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            action="append",
            help="Days before the deadline to remind on (repeatable; default: 14 and 3).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be reminded; send nothing."
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = sorted(set(days or [14, 3]), reverse=True)
        if any(day < 0 for day in days):
            raise CommandError("--days must be 0 or more.")
        total = 0
        for day in days:
            for missing in send_reminders(days_before=day, dry_run=dry_run):
                total += 1
                verb = "Would remind" if dry_run else "Reminded"
                self.stdout.write(
                    f"{verb} {missing.focal_point} <{missing.focal_point.user.email}>: "
                    f"{missing.count} report(s) missing in “{missing.cycle}”, "
                    f"deadline in {day} day(s)."
                )
        self.stdout.write(
            self.style.SUCCESS(f"{total} reminder(s) {'to send' if dry_run else 'sent'}.")
        )
