from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import CmsAppendix, InclusionCriterion, IucnCategory, SpeciesScope


class SpeciesQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def in_initiative(self):
        return self.filter(scope=SpeciesScope.INITIATIVE)


class Species(models.Model):
    """A species the programme covers (section II) or names in Table 1."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    common_name = models.CharField(_("common name"), max_length=120)
    other_names = models.CharField(_("other names"), max_length=200, blank=True)
    scientific_name = models.CharField(_("scientific name"), max_length=120, blank=True)
    cms_appendix = models.CharField(
        _("CMS Appendix"), max_length=4, choices=CmsAppendix.choices, blank=True
    )
    concerted_action = models.BooleanField(_("designated for concerted action"), default=False)
    inclusion_criterion = models.PositiveSmallIntegerField(
        _("criterion for inclusion"), choices=InclusionCriterion.choices, null=True, blank=True
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=SpeciesScope.choices, default=SpeciesScope.INITIATIVE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    current_scientific_name = models.CharField(
        _("scientific name used today"),
        max_length=160,
        blank=True,
        help_text=_("The name the IUCN Red List uses today, if it differs from the programme's."),
    )
    taxonomy_note = models.TextField(
        _("note on the name"), blank=True, help_text=_("What changed since the resolution.")
    )
    cms_slug = models.SlugField(
        _("CMS page"),
        max_length=80,
        blank=True,
        help_text=_("The last part of the species' address on cms.int (www.cms.int/en/species/…)."),
    )
    iucn_category = models.CharField(
        _("IUCN Red List category"), max_length=2, choices=IucnCategory.choices, blank=True
    )
    iucn_year = models.PositiveSmallIntegerField(
        _("year the assessment was published"), null=True, blank=True
    )
    iucn_taxon_id = models.PositiveIntegerField(_("IUCN Red List taxon id"), null=True, blank=True)
    iucn_assessment_id = models.PositiveBigIntegerField(
        _("IUCN Red List assessment id"), null=True, blank=True
    )
    iucn_as_of = models.DateField(
        _("Red List category recorded on"),
        null=True,
        blank=True,
        help_text=_("The day the category was checked against its source."),
    )
    iucn_note = models.TextField(
        _("note on the Red List category"),
        blank=True,
        help_text=_("Why no category is given, or what else the Red List says (subspecies)."),
    )

    objects = SpeciesQuerySet.as_manager()

    class Meta:
        verbose_name = _("species")
        verbose_name_plural = _("species")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="initiative", inclusion_criterion__isnull=False)
                | ~models.Q(scope="initiative"),
                name="%(app_label)s_%(class)s_initiative_has_criterion",
                violation_error_message=_("A species of the initiative needs its criterion."),
            ),
        ]

    def __str__(self):
        return self.common_name or self.slug

    def get_absolute_url(self):
        return reverse("species:detail", kwargs={"slug": self.slug})

    @property
    def in_initiative(self):
        return self.scope == SpeciesScope.INITIATIVE

    @property
    def cms_url(self):
        return f"https://www.cms.int/en/species/{self.cms_slug}" if self.cms_slug else ""

    @property
    def iucn_url(self):
        """The species' page on the Red List when both ids are known, else a search of it."""
        if self.iucn_taxon_id and self.iucn_assessment_id:
            return (
                "https://www.iucnredlist.org/species/"
                f"{self.iucn_taxon_id}/{self.iucn_assessment_id}"
            )
        name = self.current_scientific_name or self.scientific_name
        if not name:
            return ""
        query = urlencode({"query": name, "searchType": "species"})
        return f"https://www.iucnredlist.org/search?{query}"

    def natural_key(self):
        return (self.slug,)
