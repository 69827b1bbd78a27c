from django.apps import AppConfig


class CamiPortalConfig(AppConfig):
    """The roof: wires what the ground (core/) offers to the rooms (the apps), once every app
    is loaded. Its management command, generate_scaled_data, fills every room."""

    name = "cami_portal"
    verbose_name = "CAMI Portal"

    def ready(self):
        from core import (
            readcache,
            security,  # noqa: F401  (connects the sign-in receivers)
        )
        from core.api import authentication, cors
        from reporting.readcache import stale_versions

        # What a change makes stale in the cached reads: every record of the programme,
        # species and range states is public; reporting says which of its own are.
        for app_label in ("programme", "species", "rangestates"):
            readcache.register(app_label, readcache.public)
        readcache.register("reporting", stale_versions)
        readcache.connect_signals()
        authentication.connect_signals()
        cors.connect_signals()
