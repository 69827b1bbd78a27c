"""GIN indexes for the full-text search on PostgreSQL, one per language, on the very
expressions the search filters on (core.search.vector). Other databases search the stems
stored in the table and need none."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

LANGUAGES = ("en", "fr", "ru")


def _indexes():
    from core.search import vector

    return [GinIndex(vector(language), name=f"core_search_{language}_gin") for language in LANGUAGES]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("core", "SearchDocument")
    for index in _indexes():
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("core", "SearchDocument")
    for index in _indexes():
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
