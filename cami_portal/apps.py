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
        from programme.models import Activity

        # Every write to what the portal shows changes the data version (ETags, cached pages):
        # every table of the rooms, and the users (focal points are named on public pages).
        # A report that is not accepted, with its links, documents and history, is seen only
        # by its author and the secretariat: the services that write such records keep them
        # out of the public data version (readcache.private_writes).
        from reporting.access import sees_unpublished_reports, sees_unpublished_reports_expression
        from reporting.models import (
            RangeStateActivityStatus,
            Report,
            ReportAttachment,
            ReportLink,
            ReportTransition,
        )

        readcache.connect(
            ("programme", "species", "rangestates", "reporting"),
            ["auth_user"],
            private_tables=[
                model._meta.db_table
                for model in (Report, ReportLink, ReportAttachment, ReportTransition)
            ],
            # A review that publishes a national report writes these (the report, its
            # history, the status per range state, the activity's change time) and may limit
            # them to the pages of its activity and range state (reporting/scopes.py).
            scoped_tables=[
                model._meta.db_table
                for model in (
                    Report,
                    ReportLink,
                    ReportAttachment,
                    ReportTransition,
                    RangeStateActivityStatus,
                    Activity,
                )
            ],
            sees_private=sees_unpublished_reports,
            sees_private_expression=sees_unpublished_reports_expression,
        )
        cors.connect_signals()

        # The search documents of every room, kept up to date by each room's signals.
        from programme import search as programme_search
        from rangestates import search as rangestates_search
        from reporting import search as reporting_search
        from species import search as species_search

        for room in (programme_search, species_search, rangestates_search, reporting_search):
            room.connect()
