from django.apps import AppConfig


class CamiPortalConfig(AppConfig):
    """The project itself as an app: its management commands (backup_portal, restore_portal,
    generate_scaled_data) and its signal receivers."""

    name = "cami_portal"
    verbose_name = "CAMI Portal"

    def ready(self):
        from . import (
            readcache,
            security,  # noqa: F401  (connects the sign-in receivers)
        )
        from .api import authentication

        readcache.connect_signals()
        authentication.connect_signals()
