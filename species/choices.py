from django.db import models
from django.utils.translation import gettext_lazy as _


class CmsAppendix(models.TextChoices):
    NONE = "", _("Not listed")
    I = "I", _("Appendix I")  # noqa: E741
    II = "II", _("Appendix II")
    I_II = "I_II", _("Appendices I and II")


class InclusionCriterion(models.IntegerChoices):
    CMS_LISTED = 1, _("Listed in the CMS Appendices")
    UNLISTED_MIGRANT = 2, _("Other long-distance migrant of Central Asia not listed by CMS")
    SHARED_RANGE = (
        3,
        _("Transboundary populations sharing more or less the same range as the species above"),
    )
    ADDED_BISHKEK = 4, _("Added at the regional stakeholder meeting in Bishkek (September 2014)")


class SpeciesScope(models.TextChoices):
    INITIATIVE = "initiative", _("Species of the initiative")
    SHARES_LANDSCAPE = (
        "shares_landscape",
        _("Present in the same landscapes, not formally part of the initiative"),
    )
    NAMED = "named", _("Named in the programme, not part of the initiative")


class IucnCategory(models.TextChoices):
    """The categories of the IUCN Red List of Threatened Species (version 3.1)."""

    NONE = "", _("No category recorded")
    EX = "EX", _("Extinct")
    EW = "EW", _("Extinct in the Wild")
    CR = "CR", _("Critically Endangered")
    EN = "EN", _("Endangered")
    VU = "VU", _("Vulnerable")
    NT = "NT", _("Near Threatened")
    LC = "LC", _("Least Concern")
    DD = "DD", _("Data Deficient")
    NE = "NE", _("Not Evaluated")
