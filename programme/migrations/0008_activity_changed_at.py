import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0007_programme_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="changed_at",
            field=models.DateTimeField(
                auto_now=True,
                db_index=True,
                default=django.utils.timezone.now,
                help_text=(
                    "When what the API and the pages show of the activity last changed: its "
                    "own fields, its status, or its status in a range state (`mark_changed`)."
                ),
                verbose_name="last changed",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalactivity",
            name="changed_at",
            field=models.DateTimeField(
                blank=True,
                db_index=True,
                editable=False,
                default=django.utils.timezone.now,
                help_text=(
                    "When what the API and the pages show of the activity last changed: its "
                    "own fields, its status, or its status in a range state (`mark_changed`)."
                ),
                verbose_name="last changed",
            ),
            preserve_default=False,
        ),
    ]
