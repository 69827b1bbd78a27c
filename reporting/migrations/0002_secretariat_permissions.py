from django.db import migrations

from core.roles import SECRETARIAT, SECRETARIAT_PERMISSIONS, sync_group


def sync_secretariat(apps, schema_editor):
    sync_group(apps, SECRETARIAT, SECRETARIAT_PERMISSIONS)


class Migration(migrations.Migration):
    """Gives the Secretariat group the permissions reviewing reports needs."""

    dependencies = [
        ("reporting", "0001_initial"),
        ("programme", "0002_secretariat_group"),
    ]

    operations = [migrations.RunPython(sync_secretariat, migrations.RunPython.noop)]
