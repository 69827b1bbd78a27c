from django.core.management.base import BaseCommand

from core import search
from core.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild every search document (activities, species, range states, landscapes, " \
        "actors, accepted reports) from the records."

    def handle(self, *args, **options):
        search.rebuild()
        count = SearchDocument.objects.count()
        self.stdout.write(f"{count} search documents built ({', '.join(search.kinds())}).")
