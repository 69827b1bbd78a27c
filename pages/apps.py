from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The public pages that combine several apps: home, activity browser and page, matrix,
    search, actors, species, range states and landscapes. They only read."""

    name = "pages"
    verbose_name = _("Public pages")
