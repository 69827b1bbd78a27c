from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from core.roles import SECRETARIAT
from reporting.demo import make_focal_point, make_open_cycle

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
    {
        "username": "focal-kg",
        "password": "cami-focal-kg-demo",
        "first_name": "Demo",
        "last_name": "National focal point (Kyrgyzstan)",
        "email": "focal-kg@example.org",
        "is_staff": False,
        "groups": [],
        "focal_point": {"range_states": ["KG"], "position": "National focal point"},
    },
    {
        "username": "focal-snow-leopard",
        "password": "cami-focal-snow-leopard-demo",
        "first_name": "Demo",
        "last_name": "Species focal point (snow leopard)",
        "email": "focal-snow-leopard@example.org",
        "is_staff": False,
        "groups": [],
        "focal_point": {"species": ["snow-leopard"], "position": "Species focal point"},
    },
    {
        # A partner organisation's script: reads the API with a token, may change nothing.
        "username": "partner",
        "password": "cami-partner-demo",
        "first_name": "Demo",
        "last_name": "Partner (API, read only)",
        "email": "partner@example.org",
        "is_staff": False,
        "groups": [],
        "api_token": "cami-partner-demo-token-not-secret",
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
            focal_point = spec.pop("focal_point", None)
            api_token = spec.pop("api_token", None)
            user, created = User.objects.update_or_create(
                username=spec.pop("username"), defaults={**spec, "is_superuser": False}
            )
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
            if focal_point:
                make_focal_point(user, **focal_point)
                groups = [*groups, "focal point"]
            if api_token:
                groups = [*groups, "partner: reads the API with a token"]
            verb = "created" if created else "reset"
            self.stdout.write(
                f"Demo account {verb}: {user.username} / {password} ({', '.join(groups)})"
            )
            if api_token:
                Token.objects.filter(user=user).exclude(key=api_token).delete()
                Token.objects.get_or_create(user=user, key=api_token)
                self.stdout.write(
                    f"  API token of {user.username} (read only): {api_token}  "
                    f'e.g. curl -H "Authorization: Token {api_token}" '
                    f"{settings.PORTAL_URL}/api/v1/activities/"
                )
        cycle = make_open_cycle()
        if cycle is not None:
            self.stdout.write(f"Demo reporting cycle open until {cycle.deadline}: {cycle.name}")
