from django.core.management.base import BaseCommand, CommandError

from programme.workbook import WorkbookError, import_programme


class Command(BaseCommand):
    help = (
        "Import a programme from its workbook (all or nothing). Safe to run again: it changes "
        "only what differs and never touches statuses, notes or reports."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook.")
        parser.add_argument("--slug", help="Import under this code instead of the workbook's.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, then write nothing."
        )

    def handle(self, *args, file, slug=None, dry_run=False, **options):
        try:
            code, report = import_programme(file, slug=slug, dry_run=dry_run)
        except WorkbookError as exc:
            raise CommandError(f"Nothing was imported.\n{exc}") from exc
        summary = (
            f"{code}: {sum(report.created.values())} records created, "
            f"{sum(report.updated.values())} updated, {sum(report.unchanged.values())} unchanged."
        )
        if dry_run:
            summary = f"Dry run, nothing written. {summary}"
        self.stdout.write(self.style.SUCCESS(summary))
