from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground every app stands on; it imports no app of the portal. An app so that its
    management commands (backup_portal, restore_portal, rebuild_search_index), admin bases and
the search documents' table (core/search.py) are found."""

    name = "core"
    verbose_name = "CAMI Portal core"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(build_missing_search_documents, sender=self)


def build_missing_search_documents(using="default", **kwargs):
    """After migrating, a database whose search documents were never built (the table is
    new, or was emptied), or were built before they held the words' families, gets them;
    `manage.py rebuild_search_index` does it at any time."""
    from core import search
    from core.models import SearchDocument

    documents = SearchDocument.objects.using(using)
    without_families = documents.exclude(stems_en="").exclude(stems_en__contains=" ~")
    if not documents.exists() or without_families.exists():
        search.rebuild()
