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
        from core.api import cors

        # Every write to what the portal shows changes the data version (ETags, cached pages):
        # every table of the rooms, and the users (focal points are named on public pages).
        readcache.connect(("programme", "species", "rangestates", "reporting"), ["auth_user"])
        cors.connect_signals()
