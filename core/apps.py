from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground every app stands on; it imports no app of the portal. An app so that its
    management commands (backup_portal, restore_portal) and admin bases are found."""

    name = "core"
    verbose_name = "CAMI Portal core"
