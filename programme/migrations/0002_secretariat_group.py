from django.db import migrations

from core.roles import SECRETARIAT, SECRETARIAT_PERMISSIONS, sync_group


def create_groups(apps, schema_editor):
    sync_group(apps, SECRETARIAT, SECRETARIAT_PERMISSIONS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SECRETARIAT).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0001_initial"),
        ("species", "0001_initial"),
        ("rangestates", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
