from django.core.management.base import BaseCommand, CommandError

from programme.models import Programme
from programme.workbook import export_programme


class Command(BaseCommand):
    help = (
        "Write a loaded programme as a workbook (one sheet per table, EN/FR/RU columns), the "
        "format import_programme reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The programme's code, e.g. cami-2014-2020.")
        parser.add_argument("file", help="The .xlsx file to write.")

    def handle(self, *args, slug, file, **options):
        programme = Programme.objects.filter(code=slug).first()
        if programme is None:
            known = ", ".join(Programme.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"No programme “{slug}” (loaded: {known}).")
        export_programme(programme, file)
        self.stdout.write(self.style.SUCCESS(f"{programme.code} written to {file}."))
