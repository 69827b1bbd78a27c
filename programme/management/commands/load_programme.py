from django.core.management.base import BaseCommand, CommandError

from programme.loading import ProgrammeLoadError, load_programme


class Command(BaseCommand):
    help = (
        "Load the Programme of Work from the fixtures (all or nothing). Safe to run again: "
        "it changes only what differs and never touches statuses, notes or reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Fixture files to load (default: every fixtures/*.json)."
        )
        parser.add_argument("--dir", help="Load every *.json of this folder instead.")

    def handle(self, *args, files=None, dir=None, **options):
        try:
            report = load_programme(directory=dir, files=files or None)
        except ProgrammeLoadError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
