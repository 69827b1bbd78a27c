from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from programme.roles import SECRETARIAT

# Development only: these are printed, listed in the README, and refused when DEBUG is off.
DEMO_ACCOUNTS = [
    {
        "username": "secretariat",
        "password": "cami-secretariat-demo",
        "first_name": "Demo",
        "last_name": "Secretariat officer",
        "email": "secretariat@example.org",
        "is_staff": True,
        "groups": [SECRETARIAT],
    },
]


class Command(BaseCommand):
    help = "Create the demo accounts listed in the README (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Create them even when DEBUG is off."
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        User = get_user_model()
        for spec in DEMO_ACCOUNTS:
            spec = dict(spec)
            password = spec.pop("password")
            groups = spec.pop("groups")
            user, created = User.objects.update_or_create(
                username=spec.pop("username"), defaults={**spec, "is_superuser": False}
            )
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            verb = "created" if created else "reset"
            self.stdout.write(
                f"Demo account {verb}: {user.username} / {password} ({', '.join(groups)})"
            )
